"""Damaged cache entries and untrusted archive answers (issue 14, groups 3 and 6).

A damaged entry is reported, deleted and checked again, and the run's
other results stay intact; the property tests feed any JSON value to the
parsers of cache entries and registry answers: a clean status, never an
exception.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from web_server import LocalServer, page, send, send_json

from citecheck.web import DoiQuery, DoiStatus, LinkStatus, WebOptions, check_dois, check_links
from citecheck.web.answers import BadAnswer, load_json
from citecheck.web.cache import ResultCache
from citecheck.web.dois import normalise_record, update_notices
from citecheck.web.records import LinkResult, RegistryAnswer


@pytest.fixture
def cached(options: WebOptions, tmp_path: Path) -> WebOptions:
    return replace(options, cache_dir=tmp_path / ".citecheck-cache", archive_lookup=False)


def _entry_path(options: WebOptions, kind: str, key: str) -> Path:
    assert options.cache_dir is not None
    return ResultCache(options.cache_dir, kind, ttl=options.cache_ttl).path_for(key)


def _tamper(path: Path, change: Any) -> None:
    entry = json.loads(path.read_text())
    change(entry)
    path.write_text(json.dumps(entry))


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# --- group 6: links ----------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda e: e.__setitem__("value", "DEEP"), id="nested-100000"),
        pytest.param(lambda e: e.__setitem__("expires", 10**400), id="expires-400-digits"),
        pytest.param(lambda e: e.__setitem__("expires", "NaN"), id="expires-nan-text"),
        pytest.param(lambda e: e.__setitem__("expires", True), id="expires-bool"),
        pytest.param(lambda e: e["value"].__setitem__("reason", {"html": "<script>"}), id="reason-object"),
        pytest.param(lambda e: e["value"].__setitem__("suggestion", "javascript:alert(1)//"), id="suggestion-js"),
        pytest.param(lambda e: e["value"].__setitem__("archived_url", "data:text/html,x"), id="archive-data"),
        pytest.param(lambda e: e["value"].__setitem__("redirects", 5), id="redirects-5"),
        pytest.param(lambda e: e["value"].__setitem__("http_status", 10**30), id="status-huge"),
        pytest.param(lambda e: e["value"].__setitem__("fragment_ok", "yes"), id="flag-text"),
    ],
)
def test_damaged_link_entry_is_deleted_and_checked_again(server: LocalServer, cached: WebOptions, damage: Any) -> None:
    server.routes["/a"] = lambda h: send(h, 200, page("A", h1="A"))
    server.routes["/b"] = lambda h: send(h, 200, page("B", h1="B"))
    urls = [server.url("/a"), server.url("/b")]
    first = check_links(urls, cached)
    path = _entry_path(cached, "links", urls[0])
    _tamper(path, damage)
    text = path.read_text().replace('"DEEP"', _deep(100_000)).replace('"NaN"', "NaN")
    path.write_text(text)
    warnings: list[str] = []
    before = server.count("/a")
    second = check_links(urls, cached, on_warning=warnings.append)
    assert server.count("/a") == before + 1  # checked again
    assert replace(second[urls[0]], checked_at="") == replace(first[urls[0]], checked_at="")
    assert second[urls[1]].from_cache  # the intact entry is used
    assert any("corrupt" in w for w in warnings)
    # The bad entry was replaced: a third run needs no request.
    third = check_links(urls, cached)
    assert server.count("/a") == before + 1 and third[urls[0]].from_cache


def test_nan_expiry_written_by_hand_is_refused(server: LocalServer, cached: WebOptions) -> None:
    server.routes["/a"] = lambda h: send(h, 200, page("A", h1="A"))
    url = server.url("/a")
    check_links([url], cached)
    path = _entry_path(cached, "links", url)
    path.write_text(path.read_text().replace('"expires": ', '"expires": NaN, "was": '))
    check_links([url], cached)
    assert server.count("/a") == 2  # NaN never counts as "not yet expired"


# --- group 6: DOIs -----------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda e: e.__setitem__("value", "DEEP"), id="nested-100000"),
        pytest.param(lambda e: e.__setitem__("expires", 10**400), id="expires-400-digits"),
        pytest.param(lambda e: e["value"].__setitem__("metadata", [1, 2]), id="metadata-list"),
        pytest.param(lambda e: e["value"].__setitem__("notices", 5), id="notices-5"),
        pytest.param(lambda e: e["value"]["metadata"].__setitem__("authors", 7), id="authors-7"),
        pytest.param(lambda e: e["value"]["metadata"].__setitem__("authors", [{"family": 7}]), id="family-7"),
        pytest.param(lambda e: e["value"]["metadata"].__setitem__("url", "javascript:alert(1)"), id="url-js"),
        pytest.param(lambda e: e["value"].__setitem__("found", "yes"), id="found-text"),
    ],
)
def test_damaged_doi_entry_is_deleted_and_asked_again(server: LocalServer, cached: WebOptions, damage: Any) -> None:
    for name in ("one", "two"):
        server.routes[f"/crossref/works/10.1000/{name}"] = lambda h, n=name: send_json(
            h, 200, {"status": "ok", "message": {"title": [f"Work {n}"], "author": [{"family": "Khan"}]}}
        )
    queries = [DoiQuery("10.1000/one"), DoiQuery("10.1000/two")]
    first = check_dois(queries, cached)
    assert first["10.1000/one"].status is DoiStatus.OK
    path = _entry_path(cached, "dois", "10.1000/one")
    _tamper(path, damage)
    path.write_text(path.read_text().replace('"DEEP"', _deep(100_000)))
    warnings: list[str] = []
    second = check_dois(queries, cached, on_warning=warnings.append)
    assert server.count("/crossref/works/10.1000/one") == 2
    assert second["10.1000/one"].status is DoiStatus.OK and not second["10.1000/one"].from_cache
    assert second["10.1000/two"].from_cache
    assert any("corrupt" in w for w in warnings)
    check_dois(queries, cached)
    assert server.count("/crossref/works/10.1000/one") == 2  # rebuilt, so used


# --- group 3: archive answers --------------------------------------------------


@pytest.mark.parametrize(
    "snapshot",
    ["javascript:alert(1)//", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "//evil.example/x", 5],
)
def test_archive_answer_must_be_an_http_url(server: LocalServer, options: WebOptions, snapshot: Any) -> None:
    closest = {"available": True, "status": "200", "url": snapshot}
    server.routes["/wayback/available"] = lambda h: send_json(h, 200, {"archived_snapshots": {"closest": closest}})
    result = check_links([server.url("/gone")], options)[server.url("/gone")]
    assert result.status is LinkStatus.BROKEN
    assert result.archived_url is None and result.suggestion is None


@pytest.mark.parametrize("answer", [b"[" * 100_000, b'{"archived_snapshots": 5}', b'{"archived_snapshots": NaN}'])
def test_malformed_archive_answer_leaves_the_link_broken(
    server: LocalServer, options: WebOptions, answer: bytes
) -> None:
    server.routes["/wayback/available"] = lambda h: send(h, 200, answer, content_type="application/json")
    result = check_links([server.url("/gone")], options)[server.url("/gone")]
    assert result.status is LinkStatus.BROKEN and result.archived_url is None


def test_private_urls_are_not_sent_to_a_public_archive(server: LocalServer, options: WebOptions) -> None:
    # The archive has a public name; every name resolves to the test server (127.0.0.1).
    archive = f"http://archive.test:{server.port}"
    opts = replace(options, archive_api=archive)
    urls = [server.url("/gone"), f"http://intranet.test:{server.port}/gone"]
    results = check_links(urls, opts, resolver=lambda host, port: ["127.0.0.1"])
    assert all(r.status is LinkStatus.BROKEN for r in results.values())
    assert server.count("/wayback/available") == 0


# --- property tests: any JSON value, a clean status ---------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=30,
)
keys = ["url", "status", "redirects", "suggestion", "archived_url", "http_status", "metadata", "notices", "found"]
#: Values shaped like the real thing, with any JSON value in any field.
shaped = st.dictionaries(st.sampled_from(keys), json_values, max_size=6) | json_values


@settings(max_examples=300, deadline=None)
@given(shaped)
def test_any_cached_value_is_a_result_or_a_clean_refusal(value: Any) -> None:
    for parse in (LinkResult.from_dict, RegistryAnswer.from_dict):
        try:
            result = parse(value)
        except ValueError:
            continue
        if isinstance(result, LinkResult):
            for address in (result.suggestion, result.archived_url, result.final_url):
                assert address is None or address.startswith(("http://", "https://"))


record_keys = ["author", "title", "updated-by", "update-to", "relation", "issued", "page", "URL", "container-title"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(record_keys), json_values, max_size=6))
def test_any_registry_record_is_metadata_or_a_clean_refusal(record: dict[str, Any]) -> None:
    try:
        metadata = normalise_record(record, "crossref")
        notices, retracted = update_notices(record)
    except BadAnswer:
        return
    assert isinstance(metadata.title, str) and all(isinstance(n, str) for n in notices)
    assert metadata.url == "" or metadata.url.startswith(("http://", "https://"))
    assert isinstance(retracted, bool)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_any_bytes_parse_or_are_refused_cleanly(data: bytes) -> None:
    try:
        value = load_json(data)
    except BadAnswer:
        return
    assert not (isinstance(value, float) and not math.isfinite(value))


@pytest.mark.parametrize(
    "text", [_deep(100_000), _deep(65), "NaN", "[Infinity]", "1e999", "9" * 400, '{"a": -' + "9" * 30 + "}"]
)
def test_hostile_json_is_refused(text: str) -> None:
    with pytest.raises(BadAnswer):
        load_json(text)
