"""Split the verbatim article into the edition's Markdown pages.

Run once, from the repository root::

    .venv/bin/python -m pakistan_russia_edition.split_article            # writes docs/article/
    .venv/bin/python -m pakistan_russia_edition.split_article --check    # compares, writes nothing

The output is committed; after that the pages under ``docs/article/`` are the
edition's text and may carry editorial additions, so the script refuses to
overwrite pages that differ from what it would write unless given ``--force``.

What it does to the source (``references/original/paper.txt``), and nothing else:

* splits it at the article's own section headings (``LAYOUT`` below) and makes
  those lines real Markdown headings;
* joins the paragraphs that a page break cut in two (a paragraph ending in a
  letter, not a full stop, continues in the next one) with one space;
* moves the author note (the page footer starting with ``*``) to the front
  matter, where the title line's ``*`` points to it, as a Material admonition;
* turns the superscript markers (``¹`` ... ``⁹⁵``) into footnote references
  ``[^1]`` ... ``[^95]`` and puts each note, verbatim, as a footnote definition
  at the end of the page that cites it;
* writes ``US\\$`` as ``US$``: Python-Markdown does not treat ``\\$`` as an
  escape and would print the backslash.

Tables, ``*emphasis*``, quotes and the notes' ``<https://...>`` links are kept
as they are.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = Path("references/original/paper.txt")
"""The verbatim article, relative to the repository root (the current folder)."""
OUT = Path("docs/article")

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_MARKER = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_NOTE_LINE = re.compile(f"^- ([0-9]+|[{SUPERSCRIPT_DIGITS}]+) (.*)$")

#: Number of paragraphs a page break cut in two in the source; a guard against
#: joining too much or too little if the source or the rule ever changes.
EXPECTED_JOINS = 12
EXPECTED_NOTES = 95


@dataclass(frozen=True)
class Section:
    """A heading of the article and where the edition puts it."""

    heading: str
    """The heading line, exactly as in the source."""
    page: str | None
    """The page it starts (relative to ``docs/article/``), or None to stay on the current page."""
    level: int
    """Its Markdown heading level on that page."""


#: The article's headings in source order. "Abstract" stays on the front matter page.
LAYOUT: list[Section] = [
    Section("Abstract", None, 2),
    Section("Introduction", "introduction.md", 1),
    Section("Pakistan-Russia Relations: A Historical Overview", "historical-overview.md", 1),
    Section("After 9/11", None, 2),
    Section("Theoretical Framework", "theoretical-framework.md", 1),
    Section("Opportunities", "opportunities/index.md", 1),
    Section("Economy", "opportunities/economy.md", 1),
    Section("Defence", "opportunities/defence.md", 1),
    Section("Social and Cultural Relations", "opportunities/social-and-cultural-relations.md", 1),
    Section("Regional Integration: BRI and EAEU", "opportunities/regional-integration.md", 1),
    Section("Shanghai Cooperation Organization (SCO) and BRICS", "opportunities/sco-and-brics.md", 1),
    Section("China-Russia Relations", "opportunities/china-russia-relations.md", 1),
    Section("Discussion on Compelling Opportunities", "discussion-on-compelling-opportunities.md", 1),
    Section("Challenges", "challenges/index.md", 1),
    Section("Russia-India Relationship", "challenges/russia-india-relationship.md", 1),
    Section(
        "The Suspicion of the Revival of the US-Pakistan Relations",
        "challenges/us-pakistan-relations.md",
        1,
    ),
    Section(
        "Pakistan's Economic Dependence on China and IMF",
        "challenges/economic-dependence-on-china-and-imf.md",
        1,
    ),
    Section("Discussion on Impending Challenges", "discussion-on-impending-challenges.md", 1),
    Section("Conclusion", "conclusion.md", 1),
]
FRONT_MATTER_PAGE = "front-matter.md"

#: Editorial text for the pages that only carry a part heading ("Opportunities",
#: "Challenges"): they introduce the sections that follow, one page each.
PART_NOTE = (
    '!!! info "About this part of the edition"\n\n'
    "    In the article, the heading *{heading}* has no text of its own: the sections\n"
    "    under it follow directly. The edition gives each of them a page:\n\n"
    "{links}\n"
)


@dataclass
class Page:
    """One output page being assembled."""

    path: str
    blocks: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def read_source(path: Path = SOURCE) -> tuple[list[str], dict[str, str]]:
    """The body's blocks (split at blank lines) and the notes by label."""
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        refs = lines.index("References")
    except ValueError:
        sys.exit(f"{path}: no 'References' line")

    blocks: list[str] = []
    current: list[str] = []
    for line in lines[:refs]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))

    notes: dict[str, str] = {}
    for number, line in enumerate(lines[refs + 1 :], start=refs + 2):
        if not line.strip() or line.strip() == "-":
            continue  # blank lines and the stray "-" between two notes
        m = _NOTE_LINE.match(line)
        if not m:
            sys.exit(f"{path}:{number}: not a note line: {line[:60]!r}")
        label = m.group(1).translate(_TO_ASCII)
        if label in notes:
            sys.exit(f"{path}:{number}: note {label} appears twice")
        notes[label] = m.group(2)
    expected = [str(n) for n in range(1, EXPECTED_NOTES + 1)]
    if list(notes) != expected:
        sys.exit(f"{path}: notes are not numbered 1 to {EXPECTED_NOTES} in order")
    return blocks, notes


def is_prose(block: str, headings: set[str]) -> bool:
    """A paragraph of running text (not a heading, table, table title or title line)."""
    return not (
        block in headings
        or block.startswith("|")
        or block.startswith("Table ")
        or block.isupper()
        or block.endswith("**")
    )


def join_page_breaks(blocks: list[str], headings: set[str]) -> tuple[list[str], int]:
    """Join each paragraph that ends in a letter with the paragraph after it."""
    out: list[str] = []
    joins = 0
    for block in blocks:
        prev = out[-1] if out else None
        if prev is not None and is_prose(prev, headings) and prev[-1].isalpha() and is_prose(block, headings):
            out[-1] = f"{prev} {block}"
            joins += 1
        else:
            out.append(block)
    return out, joins


def to_markdown(block: str) -> tuple[str, list[str]]:
    """Footnote references for the superscript markers, ``$`` for ``\\$``."""
    labels: list[str] = []

    def marker(m: re.Match[str]) -> str:
        label = m.group(0).translate(_TO_ASCII)
        labels.append(label)
        return f"[^{label}]"

    return _MARKER.sub(marker, block).replace("\\$", "$"), labels


def build_pages(blocks: list[str], notes: dict[str, str]) -> dict[str, str]:
    """Assemble every page's Markdown, keyed by its path under ``docs/article/``."""
    sections = {s.heading: s for s in LAYOUT}
    blocks, joins = join_page_breaks(blocks, set(sections))
    if joins != EXPECTED_JOINS:
        sys.exit(f"joined {joins} page breaks, expected {EXPECTED_JOINS}")

    title, authors, *rest = blocks
    if not (title.isupper() and authors.startswith("*") and authors.endswith("**")):
        sys.exit("the source does not start with the title line and the authors line")
    author_notes = [b for b in rest if b.startswith("*") and b.count("*") == 1]
    if len(author_notes) != 1:
        sys.exit("expected exactly one author note (a paragraph starting with a lone '*')")
    author_note = author_notes[0]
    rest.remove(author_note)

    front = Page(FRONT_MATTER_PAGE)
    front.blocks += [
        f"# {title}",
        # The title line's trailing '*' points to the author note.
        f'{authors[:-1]}<sup class="author-mark"><a href="#author-note" title="Author note">*</a></sup>',
        '<div class="admonition note author-note" id="author-note" markdown>\n'
        '<p class="admonition-title">Author note</p>\n\n'
        # A lone '*' opening a paragraph would not be emphasis, but escape it
        # so that no Markdown reader takes it for one.
        f"\\{author_note}\n\n"
        "</div>",
    ]
    pages: list[Page] = [front]
    for block in rest:
        section = sections.get(block)
        if section is not None:
            if section.page is not None:
                pages.append(Page(section.page))
            pages[-1].blocks.append(f"{'#' * section.level} {block}")
            continue
        text, labels = to_markdown(block)
        if block.startswith("Table "):
            text += "\n{: .table-caption }"
        pages[-1].blocks.append(text)
        pages[-1].labels += labels

    # Part pages: say which pages hold the sections of the part.
    for page in pages:
        if not page.path.endswith("/index.md"):
            continue
        folder = page.path[: -len("index.md")]
        children = [p for p in pages if p.path.startswith(folder) and p is not page]
        links = "\n".join(f"    - [{sections_title(c)}]({c.path[len(folder) :]})" for c in children)
        heading = page.blocks[0].lstrip("# ")
        page.blocks.append(PART_NOTE.format(heading=heading, links=links).rstrip("\n"))

    seen: list[str] = [label for page in pages for label in page.labels]
    if seen != list(notes):
        sys.exit("the markers in the text are not 1 to 95 in reading order")

    out: dict[str, str] = {}
    for page in pages:
        parts = list(page.blocks)
        parts += [f"[^{label}]: {notes[label]}" for label in dict.fromkeys(page.labels)]
        out[page.path] = "\n\n".join(parts) + "\n"
    return out


def sections_title(page: Page) -> str:
    """The first heading of a page, without its ``#``."""
    return page.blocks[0].lstrip("#").strip()


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) the pages under ``docs/article/``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="the verbatim article")
    parser.add_argument("--out", type=Path, default=OUT, help="where the pages go")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a difference")
    parser.add_argument("--force", action="store_true", help="overwrite pages that differ")
    args = parser.parse_args(argv)

    blocks, notes = read_source(args.source)
    pages = build_pages(blocks, notes)

    differ = [
        path
        for path, text in pages.items()
        if not (args.out / path).exists() or (args.out / path).read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in differ:
            print(f"{args.out / path}: differs from the generator's output")
        return 1 if differ else 0
    existing = [p for p in differ if (args.out / p).exists()]
    if existing and not args.force:
        for path in existing:
            print(f"{args.out / path}: exists and differs; not overwritten (use --force)")
        return 1
    for path in differ:
        target = args.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(pages[path], encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
