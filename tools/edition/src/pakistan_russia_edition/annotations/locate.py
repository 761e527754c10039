"""Placing an annotation: its quotation must occur exactly once in the article's text.

The quotation (``exact``) is looked for in the normalised text of the article's
pages (see ``pagetext``), after Markdown markup has been taken out of it
(``*…*``, ``\\*``, ``[^12]``, ``<https://…>``), so a contributor may copy it
from the page or from the Markdown source. ``page`` and ``note`` narrow the
search to one page or one note; ``prefix`` and ``suffix`` must stand right
before and after it (white space at the junction does not matter), as in a
W3C TextQuoteSelector.

No occurrence: the message shows the closest passage (rapidfuzz). Several: it
lists them, page and paragraph, and asks for a prefix or suffix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from pakistan_russia_edition.annotations.model import (
    AMBIGUOUS,
    INVALID,
    UNANCHORED,
    Anchored,
    Annotation,
    AnnotationProblem,
    Passage,
)
from pakistan_russia_edition.annotations.pagetext import BLOCK_BREAK, PageText, normalize

#: How many occurrences an ambiguity message lists.
LISTED = 8

_WORD = re.compile(r"[^ \n]+")
_MARKERS = re.compile(r"\[\^[^\]\s]+\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1")
#: Python-Markdown's backslash escapes (``\$`` is not one: it stays ``\$`` on the page).
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")


def quotation(text: str) -> str:
    """A quotation as the page's text has it: Markdown markup out, quotes and spaces normalised."""
    text = _MARKERS.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _ESCAPE.sub(r"\1", text)
    return normalize(text)


def resolve_page(name: str, pages: Sequence[PageText]) -> PageText | None:
    """The page a ``page:`` value names: its source path (``.md`` optional) or its URL."""
    wanted = name.strip().strip("/")
    if wanted.startswith("docs/"):
        wanted = wanted[len("docs/") :]
    for page in pages:
        if wanted in (page.page, page.page.removesuffix(".md"), page.url.strip("/")):
            return page
    return None


def anchor(annotation: Annotation, pages: Sequence[PageText]) -> Anchored | AnnotationProblem:
    """The one passage an annotation's quotation designates, or why there is not exactly one."""
    line = annotation.line_of("exact")
    exact = quotation(annotation.exact)
    if not exact:
        return _problem(INVALID, annotation, line, "'exact' has no words once Markdown markup is removed")
    scope = list(pages)
    if annotation.page is not None:
        page = resolve_page(annotation.page, pages)
        if page is None:
            names = [p.page for p in pages]
            close = difflib.get_close_matches(annotation.page, names, n=1, cutoff=0.4)
            return _problem(
                INVALID,
                annotation,
                annotation.line_of("page"),
                f"'page' names no page of the article: {annotation.page!r}",
                f"did you mean '{close[0]}'?" if close else "give the page's path under docs/",
            )
        scope = [page]
    everywhere = [(p, s) for p in pages for s in p.find(exact)]
    found = [(p, s) for p, s in everywhere if p in scope]
    steps = []
    if annotation.page is not None:
        steps.append(f"on {scope[0].page}")
    if annotation.note is not None:
        found = [(p, s) for p, s in found if p.anchor_at(s) == f"fn:{annotation.note}"]
        steps.append(f"in note {annotation.note}")
    prefix, suffix = quotation(annotation.prefix), quotation(annotation.suffix)
    if prefix:
        found = [(p, s) for p, s in found if p.text[:s].rstrip(" ").endswith(prefix)]
        steps.append("after the 'prefix'")
    if suffix:
        found = [(p, s) for p, s in found if p.text[s + len(exact) :].lstrip(" ").startswith(suffix)]
        steps.append("before the 'suffix'")
    if len(found) == 1:
        page, start = found[0]
        return Anchored(annotation, passage(page, start, start + len(exact)))
    shown = _shown(exact)
    if len(found) > 1:
        where = "; ".join(_occurrence(p, s, len(exact)) for p, s in found[:LISTED])
        more = f"; and {len(found) - LISTED} more" if len(found) > LISTED else ""
        page, start = found[0]
        return _problem(
            AMBIGUOUS,
            annotation,
            line,
            f"the quotation {shown} occurs {len(found)} times{_narrowed(steps)}: {where}{more}; "
            "add a 'prefix' or 'suffix' (the words just before or after it) so that it matches only one",
            f"e.g. for the first: prefix: {_yaml(_distinguishing_prefix(page, start, found))}",
        )
    if everywhere:
        where = "; ".join(_occurrence(p, s, len(exact)) for p, s in everywhere[:LISTED])
        return _problem(
            UNANCHORED,
            annotation,
            line,
            f"the quotation {shown} occurs {len(everywhere)} time(s), but not {' and '.join(steps)}: {where}",
            "correct 'page', 'note', 'prefix' or 'suffix' to match one of these",
        )
    return _problem(
        UNANCHORED,
        annotation,
        line,
        f"the quotation {shown} is not in the article{_narrowed(steps)}; {closest(exact, scope)}",
        "copy the words exactly as the text has them, or delete the annotation if its passage has gone",
    )


def anchor_all(
    annotations: Iterable[Annotation], pages: Sequence[PageText]
) -> tuple[list[Anchored], list[AnnotationProblem]]:
    """Every annotation placed, or its problem."""
    anchored: list[Anchored] = []
    problems: list[AnnotationProblem] = []
    for annotation in annotations:
        result = anchor(annotation, pages)
        if isinstance(result, Anchored):
            anchored.append(result)
        else:
            problems.append(result)
    return anchored, problems


def passage(page: PageText, start: int, end: int) -> Passage:
    """The passage of ``page`` between two offsets of its normalised text."""
    before, after = page.context(start, end)
    return Passage(page.page, page.url, start, end, page.anchor_at(start), page.display[start:end], before, after)


def closest(exact: str, pages: Sequence[PageText]) -> str:
    """'the closest passage is …': the run of words most like the quotation (rapidfuzz's WRatio).

    Candidates are runs of as many words as the quotation has (one fewer or
    more), within one block, on every page in scope, and not much shorter than
    the quotation (WRatio would match it inside any short word).
    """
    from rapidfuzz import fuzz, process, utils  # only when a quotation is not found: a build needs none

    size, shortest = len(exact.split()), len(exact) / 1.6
    spans: list[tuple[PageText, int, int]] = []
    for page in pages:
        words = [(m.start(), m.end()) for m in _WORD.finditer(page.text)]
        for n in {max(1, size - 1), size, size + 1}:
            for i in range(len(words) - n + 1):
                start, end = words[i][0], words[i + n - 1][1]
                if end - start >= shortest and BLOCK_BREAK not in page.text[start:end]:
                    spans.append((page, start, end))
    if not spans:
        return "nothing in the text comes close"
    best = process.extractOne(
        exact, [page.text[s:e] for page, s, e in spans], scorer=fuzz.WRatio, processor=utils.default_process
    )
    if best is None or best[1] < 50:
        return "nothing in the text comes close"
    page, start, end = spans[best[2]]
    return f'the closest passage is in {_where(page, start)}: "{page.display[start:end]}" ({best[1]:.0f}% alike)'


def _distinguishing_prefix(page: PageText, start: int, found: list[tuple[PageText, int]]) -> str:
    """The fewest whole words before an occurrence that no other occurrence has before it."""
    words = page.text[:start].rsplit(BLOCK_BREAK, 1)[-1].split()
    candidate = ""
    for n in range(1, min(len(words), 8) + 1):
        candidate = " ".join(words[-n:])
        if sum(1 for p, s in found if p.text[:s].rstrip(" ").endswith(candidate)) == 1:
            break
    return candidate


def _where(page: PageText, offset: int) -> str:
    anchor_id = page.anchor_at(offset)
    return f"{page.page}#{anchor_id}" if anchor_id else page.page


def _occurrence(page: PageText, start: int, length: int) -> str:
    before, after = page.context(start, start + length, width=24)
    return f'{_where(page, start)} ("…{before}[{page.display[start : start + length]}]{after}…")'


def _narrowed(steps: list[str]) -> str:
    return f" ({' and '.join(steps)})" if steps else ""


def _shown(exact: str) -> str:
    return f'"{exact if len(exact) <= 80 else exact[:77] + "..."}"'


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _problem(
    code: str, annotation: Annotation, line: int, message: str, suggestion: str | None = None
) -> AnnotationProblem:
    return AnnotationProblem(code, annotation.path, line, message, suggestion)
