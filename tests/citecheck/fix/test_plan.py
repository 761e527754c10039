"""How fixes are weighed against each other: a fix inside a stretch another replaces is moot, one that overlaps
another in part waits for the next run, and a fix is made whole or not at all."""

from __future__ import annotations

import pytest

from citecheck.fix.plan import choose
from citecheck.model import Edit, Finding, Fix, Location, Severity


def finding(code: str, *edits: tuple[str, int, int, str], safe: bool = True, baselined: bool = False) -> Finding:
    fix = Fix(code, tuple(Edit(note, start, end, new) for note, start, end, new in edits), safe)
    return Finding(code, Severity.WARNING, code, Location("p.md", 1), fix=fix, baselined=baselined)


CASES = [
    # (the larger fix's edit, the smaller fix's edit, what becomes of the smaller)
    (("n", 0, 40, "Roe, *Study*."), ("n", 10, 14, "https"), "moot"),  # inside a replaced citation
    (("n", 0, 40, ""), ("n", 40, 40, " (archived)"), "deferred"),  # an insertion at a deletion's edge
    (("n", 0, 40, ""), ("n", 20, 20, "."), "moot"),  # an insertion inside a deletion
    (("n", 0, 40, "x"), ("n", 30, 50, "y"), "deferred"),  # a partial overlap
    (("n", 0, 40, "x"), ("n", 41, 45, "y"), "applied"),  # apart
    (("n", 0, 40, "x"), ("m", 10, 14, "y"), "applied"),  # another note
    (("n", 5, 5, "."), ("n", 5, 5, ";"), "deferred"),  # two insertions at one point
    (("n", 5, 9, "Ibid."), ("n", 5, 9, "Ibid."), "moot"),  # the same edit twice
]


@pytest.mark.parametrize(("large", "small", "fate"), CASES)
def test_a_smaller_fix_against_a_larger_one(large, small, fate: str) -> None:
    first, second = finding("large", large), finding("small", small)
    applied, deferred, taken = choose([first, second], unsafe=False)
    assert applied[0] is first
    assert (second in applied, second in deferred) == (fate != "deferred", fate == "deferred")
    kept = [e for edits in taken.values() for e in edits]
    assert len(kept) == (2 if fate == "applied" else 1)


def test_the_larger_fix_is_weighed_first_whatever_the_reports_order() -> None:
    https = finding("insecure-url", ("n", 10, 14, "https"))
    shortened = finding("repeated-full-citation", ("n", 0, 40, "Roe, *Study*."))
    applied, _, taken = choose([https, shortened], unsafe=False)
    assert applied == [shortened, https]
    assert taken == {"n": [Edit("n", 0, 40, "Roe, *Study*.")]}


def test_a_fix_is_made_whole_or_not_at_all() -> None:
    blocker = finding("blocker", ("n", 0, 10, "x"))
    moved = finding("moved", ("m", 0, 4, "new"), ("n", 5, 15, "new"))  # its second place overlaps in part
    applied, deferred, taken = choose([blocker, moved], unsafe=False)
    assert (applied, deferred) == ([blocker], [moved])
    assert "m" not in taken


def test_unsafe_and_baselined_fixes_wait_to_be_asked_for() -> None:
    unsafe = finding("short", ("n", 0, 10, "x"), safe=False)
    acknowledged = finding("ack", ("m", 0, 1, "y"), baselined=True)
    assert choose([unsafe, acknowledged], unsafe=False)[0] == []
    assert choose([unsafe, acknowledged], unsafe=True)[0] == [unsafe]
