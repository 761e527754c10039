"""All annotations as W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/).

The file is an ``AnnotationCollection`` whose one ``AnnotationPage`` holds an
``Annotation`` per file: the target is the page (its URL from ``site_url``)
with a ``TextQuoteSelector`` (exact, prefix, suffix as the page has them) and,
as an alternative, a ``FragmentSelector`` naming the paragraph or note refined
by the same quotation; the bodies are the text (the sanitised HTML the site shows:
the Markdown source is not republished, as it may hold markup that only the
sanitiser made safe) and a tag with the annotation's type; each source is a
linked body.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import urljoin

from pakistan_russia_edition.annotations.model import Anchored, Settings
from pakistan_russia_edition.annotations.validate import source_href

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def absolute(site_url: str | None, url: str) -> str:
    """A site-relative URL made absolute with ``site_url`` (left relative without one)."""
    return urljoin(site_url, url) if site_url else url


def annotation(item: Anchored, body_html: str, settings: Settings, *, site_url: str | None, id_base: str) -> dict:
    """One annotation as a JSON-LD object (without ``@context``)."""
    a, passage = item.annotation, item.passage
    quote = {"type": "TextQuoteSelector", "exact": passage.exact, "prefix": passage.prefix, "suffix": passage.suffix}
    selectors: list[dict] = [quote]
    if passage.anchor:
        selectors.append(
            {
                "type": "FragmentSelector",
                "value": passage.anchor,
                "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
                "refinedBy": dict(quote),
            }
        )
    bodies: list[dict] = [
        {
            "type": "TextualBody",
            "value": body_html,
            "format": "text/html",
            "language": "en",
            "purpose": settings.motivation(a.type),
        },
        {"type": "TextualBody", "value": a.type, "purpose": "tagging"},
    ]
    bodies += [{"type": "SpecificResource", "source": source_href(s), "purpose": "linking"} for s in a.sources]
    return {
        "id": f"{id_base}#annotation-{a.id}",
        "type": "Annotation",
        "motivation": settings.motivation(a.type),
        "creator": {"type": "Person", "name": a.author},
        "created": f"{a.created.isoformat()}T00:00:00Z",
        "body": bodies,
        "target": {
            "type": "SpecificResource",
            "source": absolute(site_url, passage.url),
            "selector": selectors if len(selectors) > 1 else selectors[0],
        },
    }


def collection(
    items: Sequence[Anchored],
    bodies: dict[str, str],
    settings: Settings,
    *,
    site_url: str | None,
    collection_url: str,
    id_base: str,
    label: str,
) -> dict:
    """Every annotation, in one ``AnnotationCollection`` with a single page."""
    collection_id = absolute(site_url, collection_url)
    annotations = [annotation(i, bodies[i.annotation.id], settings, site_url=site_url, id_base=id_base) for i in items]
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(annotations),
        "first": {
            "id": f"{collection_id}#page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": annotations,
        },
    }


def dumps(document: dict) -> str:
    """The JSON text of a JSON-LD document, safe to embed in a ``<script>`` element too.

    ``<``, ``>`` and ``&`` occur in JSON only inside strings, where ``\\u003c`` and the rest mean the same:
    a contributor's ``</script>`` cannot end an element the text is embedded in.
    """
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
