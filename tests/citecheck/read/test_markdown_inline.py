"""Inline notes (`^[text]`) are notes too: each is its own marker and note, in reading order."""

from __future__ import annotations

from citecheck.read.markdown import parse_markdown
from citecheck.resolve.works import build_model


def test_inline_notes_are_markers_and_notes_in_reading_order():
    text = "One^[Jane Doe, *A Book* (Press, 2001), 5.] two[^a]. Three^[Ibid.]\n\n[^b]: Unused.\n[^a]: Ibid., 9.\n"
    document = parse_markdown(text, "p.md")
    assert [m.label for m in document.markers] == ["inline-1", "a", "inline-3"]
    assert [n.label for n in document.notes] == ["inline-1", "a", "inline-3", "b"]
    assert document.notes[0].text == "Jane Doe, *A Book* (Press, 2001), 5."
    model = build_model((document,))
    works = {model.note(n.key).label: model.works_of(n.key) for n in document.notes}
    assert works["inline-1"] == works["a"] == works["inline-3"] != []
