"""Word documents that record their pages: each note and finding names its page as well as its paragraph.

The documents are made by pandoc from Markdown, then given the page breaks Word writes (rendered and hard
breaks, page break before a paragraph, section breaks) by editing word/document.xml in the archive.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

pypandoc = pytest.importorskip("pypandoc", reason="the manuscripts extra (pypandoc-binary) is not installed")

from citecheck.config import CheckerConfig  # noqa: E402
from citecheck.errors import InputError  # noqa: E402
from citecheck.extensions import core_registry  # noqa: E402
from citecheck.model import Document  # noqa: E402
from citecheck.pipeline import build_report  # noqa: E402
from citecheck.read.docx_pages import DOCUMENT_PART, MAX_DOCUMENT_XML_BYTES, note_pages  # noqa: E402
from citecheck.report import Report  # noqa: E402
from peak_memory import run_citecheck  # noqa: E402

ESSAY = """First page, first note.[^1] Still the first page.[^2]

The second page starts here.[^3]

| Table | Notes |
|---|---|
| The third page starts here[^4] | after a hard page break |

The fourth page starts with this paragraph.[^5] And goes on.[^6]

[^1]: Jane Roe, "A Study of Things," *Journal of Stuff* 3, no. 1 (2020): 1--10, <https://example.org/study>.
[^2]: Ibid, 4.
[^3]: John Doe, *A Book of Things* (London: Press, 2019), 12.
[^4]: Doe, *Book of Things*, 14.
[^5]: Roe, "Study of Things," 5.
[^6]: Jane Roe, "A Study of Things," *Journal of Stuff* 3, no. 1 (2020): 1--10, <https://example.org/study>.
"""
PAGES = [1, 1, 2, 3, 4, 4]
"""Where ESSAY's notes stand once `word_pages` has laid it out."""
Edit = Callable[[str], str]


def word_document(folder: Path, markdown: str = ESSAY, name: str = "essay.docx") -> Path:
    path = folder / name
    pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=str(path))
    return path


def edited(path: Path, edits: dict[str, Edit]) -> Path:
    """The archive rewritten with each named part passed through its edit."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, edit in edits.items():
        parts[name] = edit(parts.get(name, b"").decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def run_text(text: str) -> str:
    """The XML of the run that shows `text` (pandoc writes each sentence before a note as one run)."""
    return f'<w:t xml:space="preserve">{text}</w:t>'


def in_run(text: str, element: str) -> Edit:
    """Put a run-level element (a break) just before `text`, inside its run, where Word writes it."""

    def edit(xml: str) -> str:
        assert xml.count(run_text(text)) == 1, text
        return xml.replace(run_text(text), element + run_text(text))

    return edit


def paragraph_property(text: str, element: str) -> Edit:
    """Add a property (page break before, a section's end) to the paragraph that shows `text`."""

    def edit(xml: str) -> str:
        at = xml.index(run_text(text))
        end = xml.rindex("</w:pPr>", 0, at)
        return xml[:end] + element + xml[end:]

    return edit


def body_section_type(kind: str) -> Edit:
    """The type of the document's last section (how it starts after the section before it)."""
    return lambda xml: xml.replace("</w:footnotePr>", f'</w:footnotePr><w:type w:val="{kind}"/>', 1)


def chain(*edits: Edit) -> Edit:
    def edit(xml: str) -> str:
        for each in edits:
            xml = each(xml)
        return xml

    return edit


def word_pages(path: Path) -> Path:
    """ESSAY laid out on four pages: a rendered break, a hard break (and Word's record of the same page
    start), and a page break before a paragraph."""
    return edited(
        path,
        {
            DOCUMENT_PART: chain(
                in_run("The second page starts here.", "<w:lastRenderedPageBreak/>"),
                in_run("The third page starts here", '<w:br w:type="page"/><w:lastRenderedPageBreak/>'),
                paragraph_property("The fourth page starts with this paragraph.", "<w:pageBreakBefore/>"),
            )
        },
    )


def analyse(path: Path) -> Report:
    return build_report([path], CheckerConfig(), registry=core_registry())


def document_of(report: Report) -> Document:
    (document,) = report.model.documents
    return document


def test_notes_land_on_the_pages_word_recorded(tmp_path: Path) -> None:
    report = analyse(word_pages(word_document(tmp_path)))
    document = document_of(report)
    assert [n.location.page for n in document.notes] == PAGES
    assert [m.location for m in document.markers] == [n.location for n in document.notes]
    where = {f.code: f.location for f in report.findings}
    ibid, repeated = where["ibid-malformed"], where["repeated-full-citation"]
    assert str(ibid) == f"{tmp_path / 'essay.docx'}, page 1, paragraph {ibid.paragraph}"
    assert str(repeated) == f"{tmp_path / 'essay.docx'}, page 4, paragraph {repeated.paragraph}"
    assert repeated.paragraph > ibid.paragraph > 0


def test_a_document_without_page_breaks_has_no_pages(tmp_path: Path) -> None:
    report = analyse(word_document(tmp_path))
    assert {n.location.page for n in document_of(report).notes} == {0}
    repeated = next(f.location for f in report.findings if f.code == "repeated-full-citation")
    assert str(repeated) == f"{tmp_path / 'essay.docx'}, paragraph {repeated.paragraph}"


SECTIONS = """Before the section break.[^1]

After it.[^2]

[^1]: One.
[^2]: Two.
"""


@pytest.mark.parametrize(("kind", "pages"), [("oddPage", [1, 3]), ("evenPage", [1, 2]), ("nextPage", [1, 2])])
def test_a_section_break_starts_a_page(tmp_path: Path, kind: str, pages: list[int]) -> None:
    """The first section ends with its paragraph; the next section's type says on which page it starts."""
    docx = edited(
        word_document(tmp_path, SECTIONS),
        {
            DOCUMENT_PART: chain(
                paragraph_property("Before the section break.", '<w:sectPr><w:type w:val="continuous"/></w:sectPr>'),
                body_section_type(kind),
            )
        },
    )
    assert [n.location.page for n in document_of(analyse(docx)).notes] == pages


def test_a_continuous_section_break_records_no_page(tmp_path: Path) -> None:
    docx = edited(
        word_document(tmp_path, SECTIONS),
        {
            DOCUMENT_PART: chain(
                paragraph_property("Before the section break.", "<w:sectPr/>"), body_section_type("continuous")
            )
        },
    )
    assert [n.location.page for n in document_of(analyse(docx)).notes] == [0, 0]


def as_endnotes(ids: list[str]) -> dict[str, Edit]:
    """The footnotes with these ids moved to an endnotes part, their references made endnote references."""
    moved: list[str] = []

    def document(xml: str) -> str:
        for id_ in ids:
            reference = f'<w:footnoteReference w:id="{id_}" />'
            assert xml.count(reference) == 1
            xml = xml.replace(reference, f'<w:endnoteReference w:id="{id_}" />')
        return xml

    def footnotes(xml: str) -> str:
        for id_ in ids:
            note = re.search(rf'<w:footnote w:id="{id_}">.*?</w:footnote>', xml, re.DOTALL)
            assert note is not None
            xml = xml.replace(note.group(0), "")
            endnote = note.group(0).replace("w:footnote ", "w:endnote ").replace("</w:footnote>", "</w:endnote>")
            moved.append(endnote.replace("<w:footnoteRef />", "<w:endnoteRef />"))
        return xml

    def endnotes(_xml: str) -> str:
        namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        return f'<?xml version="1.0" encoding="UTF-8"?><w:endnotes xmlns:w="{namespace}">{"".join(moved)}</w:endnotes>'

    relationship = (
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" '
        'Id="rIdEndnotes" Target="endnotes.xml" />'
    )
    content_type = (
        '<Override PartName="/word/endnotes.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml" />'
    )
    return {
        DOCUMENT_PART: document,
        "word/footnotes.xml": footnotes,
        "word/endnotes.xml": endnotes,  # after footnotes.xml: the notes it moved
        "word/_rels/document.xml.rels": lambda xml: xml.replace("</Relationships>", relationship + "</Relationships>"),
        "[Content_Types].xml": lambda xml: xml.replace("</Types>", content_type + "</Types>"),
    }


def footnote_ids(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return re.findall(r'<w:footnoteReference w:id="(\d+)" />', archive.read(DOCUMENT_PART).decode())


def test_endnotes_take_their_place_among_the_footnotes(tmp_path: Path) -> None:
    docx = word_pages(word_document(tmp_path))
    ids = footnote_ids(docx)
    edited(docx, as_endnotes([ids[2], ids[4]]))
    with zipfile.ZipFile(docx) as archive:
        assert archive.read(DOCUMENT_PART).decode().count("<w:endnoteReference") == 2
    notes = document_of(analyse(docx)).notes
    assert [n.text.split(",")[0] for n in notes] == [
        "Jane Roe",
        "Ibid",
        "John Doe",
        "Doe",
        "Roe",
        "Jane Roe",
    ]
    assert [n.location.page for n in notes] == PAGES


def test_a_deleted_note_is_left_out_as_pandoc_leaves_it_out(tmp_path: Path) -> None:
    docx = word_pages(word_document(tmp_path))
    deleted = footnote_ids(docx)[1]
    run = f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:footnoteReference w:id="{deleted}" /></w:r>'

    def delete(xml: str) -> str:
        assert xml.count(run) == 1
        return xml.replace(run, f'<w:del w:id="90" w:author="Editor" w:date="2024-01-01T00:00:00Z">{run}</w:del>')

    notes = document_of(analyse(edited(docx, {DOCUMENT_PART: delete}))).notes
    assert [n.text for n in notes][1].startswith("John Doe")
    assert [n.location.page for n in notes] == PAGES[:1] + PAGES[2:]


def test_when_references_and_notes_disagree_no_page_is_given(tmp_path: Path) -> None:
    """An old-style text box (VML) holds a note reference that pandoc does not read: the counts differ."""
    docx = word_pages(word_document(tmp_path))
    text_box = (
        '<w:r><w:pict><v:shape id="box" style="width:100pt;height:50pt"><v:textbox><w:txbxContent><w:p><w:r>'
        f'<w:t>Boxed.</w:t></w:r><w:r><w:footnoteReference w:id="{footnote_ids(docx)[0]}" /></w:r></w:p>'
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    docx = edited(docx, {DOCUMENT_PART: in_run("And goes on.", f"</w:r>{text_box}<w:r>")})
    assert len(note_pages(docx, "essay.docx")) == len(PAGES) + 1
    notes = document_of(analyse(docx)).notes
    assert len(notes) == len(PAGES)
    assert {n.location.page for n in notes} == {0}


def test_a_doctype_is_refused(tmp_path: Path) -> None:
    entity = '<!DOCTYPE w:document [<!ENTITY lol "lol">]>'
    docx = edited(word_pages(word_document(tmp_path)), {DOCUMENT_PART: lambda xml: xml.replace("?>", "?>" + entity, 1)})
    with pytest.raises(InputError, match=r"essay\.docx: cannot be read as docx \(.*declares a DOCTYPE"):
        analyse(docx)


def bomb(path: Path, unpacked: int) -> Path:
    """A Word-looking archive whose document part unpacks to `unpacked` bytes of white space (a few hundred
    kilobytes packed), written in chunks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(DOCUMENT_PART, "w") as part:
        part.write(
            b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        )
        chunk = b" " * (1 << 20)
        for _ in range(unpacked // len(chunk) + 1):
            part.write(chunk)
    return path


def claimed_size(path: Path, name: str, size: int) -> None:
    """Make the archive's central directory claim that `name` unpacks to `size` bytes."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")
    while True:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == name.encode():
            data[at + 24 : at + 28] = size.to_bytes(4, "little")
            break
        at = data.index(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_a_zip_bomb_is_refused_while_it_is_read_in_bounded_memory(tmp_path: Path) -> None:
    bomb(tmp_path / "bomb.docx", MAX_DOCUMENT_XML_BYTES)
    assert (tmp_path / "bomb.docx").stat().st_size < 2_000_000
    result, peak_kib = run_citecheck("bomb.docx", "--offline", cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"citecheck: error: bomb.docx: cannot be read as docx ({DOCUMENT_PART} unpacks to more than "
        f"{MAX_DOCUMENT_XML_BYTES / 1e6:.0f} MB, the limit)"
    ]
    assert peak_kib < 200 * 1024


def test_the_unpacked_size_is_counted_and_a_false_claim_is_damage(tmp_path: Path) -> None:
    """What the part unpacks to is counted as it is read; a part holding more than its header claims is damaged."""
    honest = bomb(tmp_path / "honest.docx", 3 << 20)
    with pytest.raises(InputError, match=r"honest\.docx: cannot be read as docx \(word/document\.xml unpacks to more"):
        note_pages(honest, "honest.docx", limit=2 << 20)
    lying = bomb(tmp_path / "lying.docx", 3 << 20)
    claimed_size(lying, DOCUMENT_PART, 1 << 20)
    with pytest.raises(InputError, match=r"lying\.docx: cannot be read as docx \(a damaged ZIP archive"):
        note_pages(lying, "lying.docx", limit=2 << 20)


def damaged(path: Path) -> Path:
    """The archive with the packed bytes of its document part overwritten."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(DOCUMENT_PART)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + info.compress_size] = bytes(range(256)) * (info.compress_size // 256) + bytes(
        info.compress_size % 256
    )
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]), "not a ZIP archive"),
        (damaged, "a damaged ZIP archive"),
        (lambda path: edited(path, {DOCUMENT_PART: lambda xml: xml[: len(xml) // 2]}), "is not well-formed XML"),
    ],
    ids=["truncated", "damaged-part", "truncated-xml"],
)
def test_a_damaged_word_file_is_one_line_naming_it(
    cli, tmp_path: Path, spoil: Callable[[Path], object], words: str
) -> None:
    docx = word_document(tmp_path)
    spoil(docx)
    result = cli(docx, "--offline")
    assert result.status == 2
    (line,) = result.err.strip().splitlines()
    assert line.startswith(f"citecheck: error: {docx}: cannot be read as docx (")
    assert words in line
    assert "Traceback" not in result.err


def test_every_report_shows_the_page(cli, tmp_path: Path) -> None:
    docx = word_pages(word_document(tmp_path))
    text = cli(docx, "--offline", "--select", "repeated-full-citation").out
    assert f"{docx}, page 4, paragraph " in text
    markdown = cli(docx, "--offline", "--select", "repeated-full-citation", "--format", "markdown").out
    assert f"({docx}, page 4, paragraph " in markdown
    report = cli(docx, "--offline", "--format", "json").json()
    assert [n["page"] for n in report["notes"]] == PAGES
    assert all(n["paragraph"] > 0 and n["line"] == 0 for n in report["notes"])
    (finding,) = [f for f in report["findings"] if f["code"] == "repeated-full-citation"]
    assert (finding["page"], finding["notes"]) == (4, ["6"])
    assert finding["paragraph"] == report["notes"][5]["paragraph"]
    sarif = json.loads(cli(docx, "--offline", "--select", "repeated-full-citation", "--format", "sarif").out)
    (result,) = sarif["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert (result["properties"]["page"], result["properties"]["paragraph"]) == (4, finding["paragraph"])
