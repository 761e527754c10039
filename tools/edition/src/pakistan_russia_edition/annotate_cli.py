"""``citecheck-annotate``: start a new annotation from a quotation, and say whether it is unique.

    citecheck-annotate "David Mitran" --type correction --author "A. Editor"

writes ``annotations/david-mitran.md`` from ``annotations/_template.md`` with
the quotation, type, author and today's date filled in, then looks the
quotation up in the article's text (as the build will) and reports:

* unique: where it is (page and paragraph), with its context;
* several times: every place, and a ``prefix`` to add for the first;
* nowhere: the closest passage of the text.

The exit status is 0 when the quotation is unique, 1 when the file needs a
prefix, suffix or correction before it will build, 2 on a usage error.
``--check`` only reports, without writing a file.
"""

from __future__ import annotations

import argparse
import datetime
import getpass
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from pakistan_russia_edition.annotations.locate import anchor
from pakistan_russia_edition.annotations.model import Anchored, Annotation, Settings
from pakistan_russia_edition.annotations.project import project_text

FALLBACK_TEMPLATE = """---
exact: ""
type: context
author: ""
created: 2000-01-01
---

Write the annotation here, in Markdown.
"""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="citecheck-annotate",
        description="Write a new annotation file for a quotation of the article, and report "
        "whether the quotation designates exactly one passage.",
    )
    parser.add_argument("quotation", help="the annotated words, exactly as the text has them")
    parser.add_argument("--type", required=True, help="the annotation's type (see mkdocs.yml)")
    parser.add_argument("--page", help="the page the words are on (path under docs/)")
    parser.add_argument("--note", help="the number of the note the words are in")
    parser.add_argument("--prefix", help="the words just before the quotation")
    parser.add_argument("--suffix", help="the words just after the quotation")
    parser.add_argument("--author", help="your name (default: git's user.name)")
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="URL_OR_DOI",
        help="a source supporting the annotation (repeatable)",
    )
    parser.add_argument("--id", help="the annotation's id, and so its file name (default: from the words)")
    parser.add_argument(
        "--project",
        type=Path,
        default=Path.cwd(),
        help="the project folder, with mkdocs.yml (default: the current folder)",
    )
    parser.add_argument("--check", action="store_true", help="only report; write no file")
    parser.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root = args.project.resolve()
    if not (root / "mkdocs.yml").is_file():
        print(
            f"citecheck-annotate: no mkdocs.yml in {root}; run it from the project folder or give --project",
            file=sys.stderr,
        )
        return 2
    settings, pages = project_text(root)
    if args.type not in settings.type_names:
        print(
            f"citecheck-annotate: unknown type {args.type!r}; types: {', '.join(settings.type_names)}", file=sys.stderr
        )
        return 2
    ident = args.id or slug(args.quotation)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", ident):
        print(f"citecheck-annotate: {ident!r} is not a valid id (lower-case letters, digits, hyphens)", file=sys.stderr)
        return 2
    directory = root / settings.directory
    path = directory / f"{ident}.md"
    if not args.check and path.exists() and not args.force:
        if args.id:
            print(
                f"citecheck-annotate: {_shown(path, root)} exists; choose another --id or pass --force",
                file=sys.stderr,
            )
            return 2
        path = _free_path(directory, ident)
    draft = Annotation(
        id=path.stem,
        path=_shown(path, root),
        exact=args.quotation,
        type=args.type,
        author=args.author or default_author(),
        created=datetime.date.today(),
        body="",
        prefix=args.prefix or "",
        suffix=args.suffix or "",
        page=args.page,
        note=args.note,
        sources=tuple(args.source),
    )
    result = anchor(draft, pages)
    if not args.check:
        directory.mkdir(parents=True, exist_ok=True)
        path.write_text(fill_template(_template(settings, root), draft), encoding="utf-8")
        print(f"Wrote {_shown(path, root)}.")
    if isinstance(result, Anchored):
        p = result.passage
        print(f"The quotation is unique: {p.where}\n  \u2026{p.prefix}[{p.exact}]{p.suffix}\u2026")
        if not args.check:
            print("Now write the annotation's text (and its sources) in the file, then preview it with `make serve`.")
        return 0
    print(f"The quotation is not usable yet ({result.code}):\n  {result.message}")
    if result.suggestion:
        print(f"  {result.suggestion}")
    return 1


def slug(text: str, words: int = 6, length: int = 48) -> str:
    """A file name from the first words of a quotation: ``"David Mitran"`` → ``david-mitran``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())[:words]
    name = "-".join(parts)[:length].strip("-")
    return name or "annotation"


def default_author() -> str:
    """git's ``user.name``, else the login name."""
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or getpass.getuser()


def fill_template(template: str, annotation: Annotation) -> str:
    """The template with the front-matter lines of the given values filled in or uncommented."""
    match = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", template, re.DOTALL)
    if match is None:
        return fill_template(FALLBACK_TEMPLATE, annotation)
    values = {
        "exact": annotation.exact,
        "prefix": annotation.prefix or None,
        "suffix": annotation.suffix or None,
        "page": annotation.page,
        "note": annotation.note,
        "type": annotation.type,
        "author": annotation.author,
        "created": annotation.created.isoformat(),
    }
    out: list[str] = []
    in_sources, placed_sources = False, False
    header = match.group(1).splitlines()
    while header and header[0].startswith("#"):
        header.pop(0)  # the template's note on how to use it
    while header and not header[0].strip():
        header.pop(0)
    for line in header:
        if in_sources and re.match(r"^#?\s*- ", line):
            continue  # the template's example sources give way to the given ones
        in_sources = False
        key = _KEY.match(line)
        name = key.group(1) if key else None
        if name == "sources":
            out.extend(_sources_lines(annotation.sources))
            in_sources = placed_sources = True
        elif name in values:
            value = values[name]
            if value is not None:
                out.append(f"{name}: {_yaml_string(value)}")
            else:
                out.append(line if line.startswith("#") else f"# {line}")
        else:
            out.append(line)
    if not placed_sources:
        out.extend(_sources_lines(annotation.sources))
    return "---\n" + "\n".join(out) + "\n---\n" + template[match.end() :]


_KEY = re.compile(r"^#?\s*(exact|prefix|suffix|page|note|type|author|created|sources):")


def _sources_lines(sources: Sequence[str]) -> list[str]:
    if not sources:
        return ["# sources:", "#   - https://... or 10.xxxx/..."]
    return ["sources:"] + [f"  - {_yaml_string(s)}" for s in sources]


def _yaml_string(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _template(settings: Settings, root: Path) -> str:
    path = root / settings.directory / "_template.md"
    return path.read_text(encoding="utf-8") if path.is_file() else FALLBACK_TEMPLATE


def _free_path(directory: Path, ident: str) -> Path:
    n = 2
    while (directory / f"{ident}-{n}.md").exists():
        n += 1
    return directory / f"{ident}-{n}.md"


def _shown(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
