"""A mechanical truth for the corpus: the URLs and DOIs a reader can see or click in each note.

Built from markdown-it-py's own tokens (link targets, autolinks, link texts and code that are URLs) and
linkify-it-py for URLs written out in the text, independently of citecheck's note reader.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

_MD = (
    MarkdownIt("commonmark", {"linkify": True})
    .use(front_matter_plugin)
    .use(footnote_plugin)
    .enable(["table", "linkify"])
)
_MD.disable("footnote_tail")
# Only addresses with a scheme: `Salon.com` in running text is a name, not a link.
_LINKIFY = _MD.linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
_WEB = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)
_DOI_URL = re.compile(r"^https?://(?:dx\.|www\.)?doi\.org/(10\.\d{4,9}/.+)$", re.IGNORECASE)
_DOI_IN_PATH = re.compile(r"/(10\.\d{4,9}/[^?#\s]+)")
_DOI_IN_TEXT = re.compile(r"\bdoi:?\s*(10\.\d{4,9}/\S+?)[.,;]?(?:\s|$)", re.IGNORECASE)


def _linkified(text: str) -> list[str]:
    return [match.raw for match in _LINKIFY.match(text) or [] if _WEB.match(match.raw)]


def truth(markdown: str) -> dict[str, tuple[set[str], set[str]]]:
    """For each footnote definition's label: the URLs (link targets and visible URLs) and the DOIs."""
    env: dict = {}
    found: dict[str, tuple[set[str], set[str]]] = {}
    label = None
    for token in _MD.parse(markdown, env):
        if token.type == "footnote_reference_open":
            label = token.meta["label"]
            found[label] = (set(), set())
        elif token.type == "footnote_reference_close":
            label = None
        elif label is not None and token.type == "inline":
            urls, texts = found[label][0], []
            in_link = False
            for child in token.children or []:
                if child.type == "link_open":
                    href = str(child.attrs["href"])
                    if _WEB.match(href):
                        urls.add(href)
                    in_link = child.markup not in ("autolink", "linkify")
                elif child.type == "link_close":
                    in_link = False
                elif (
                    child.type == "text" and in_link and " " not in child.content.strip() and _linkified(child.content)
                ):
                    urls.add(child.content.strip())  # the link's text is itself an address: the reader sees it
                elif child.type in ("text", "code_inline") and (in_link or child.type == "code_inline"):
                    urls.update(_linkified(child.content))
                elif child.type == "text":
                    texts.append(child.content)
            dois = found[label][1]
            for url in urls:
                resolver = _DOI_URL.match(url)
                path = resolver.group(1) if resolver else (_DOI_IN_PATH.search(urlsplit(url).path) or [None, None])[1]
                if path:
                    dois.add(unquote(path).rstrip(".").lower())
            for text in texts:
                dois.update(match.group(1).lower() for match in _DOI_IN_TEXT.finditer(text))
    return found
