"""citecheck's own finding codes: one place for their default severity and meaning (extensions add theirs)."""

from __future__ import annotations

from dataclasses import dataclass

from citecheck.model import Severity


@dataclass(frozen=True, slots=True)
class Code:
    """A stable finding code (citecheck's own are documented in docs/citecheck/codes.md)."""

    name: str
    severity: Severity
    summary: str
    family: str
    """The check family that reports it (`web` for the web checks)."""


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

CORE_CODES: dict[str, Code] = {
    code.name: code
    for code in (
        Code("undefined-note", _E, "a marker with no note", "markers"),
        Code("unreferenced-note", _E, "a note no marker refers to", "markers"),
        Code("duplicate-note", _E, "two notes defined with the same label", "markers"),
        Code("marker-out-of-order", _E, "numbered markers out of ascending order, or a number used twice", "markers"),
        Code("marker-mistyped", _W, "`^[4]` where the marker `[^4]` was meant (an inline note of a number)", "markers"),
        Code(
            "note-too-long",
            _W,
            "a note too long to read whole (over 100,000 characters): its end is unchecked",
            "markers",
        ),
        Code("source-irregular", _I, "an irregular line in the notes list (an empty item, stray text)", "markers"),
        Code("ibid-first", _E, "an ibid with no preceding note", "ibid"),
        Code("ibid-ambiguous", _W, "an ibid whose preceding note cites more than one distinct work", "ibid"),
        Code("ibid-mismatch", _E, "an ibid naming an author or title that is not the antecedent's work", "ibid"),
        Code("ibid-malformed", _W, "an irregular ibid: wrong punctuation, stray characters, a glued title", "ibid"),
        Code("ibid-unresolved", _W, "an ibid whose preceding note cites no work", "ibid"),
        Code("repeated-full-citation", _W, "a work given in full again after its first full citation", "repetition"),
        Code("inconsistent-citation-form", _W, "the same work cited in different styles or spellings", "repetition"),
        Code(
            "conflicting-metadata", _E, "the same work given with different year, volume, issue or pages", "repetition"
        ),
        Code("duplicate-within-note", _W, "the same work cited twice within one note", "repetition"),
        Code("short-form-unresolved", _E, "a short form with no earlier full citation of its work", "repetition"),
        Code(
            "short-form-ambiguous", _W, "an op. cit. or supra whose author has several works cited before", "repetition"
        ),
        Code("missing-locator", _W, "a journal article, report or web page with neither URL nor DOI", "locators"),
        Code("insecure-url", _W, "an http:// URL", "locators"),
        Code("generic-url", _W, "a URL that points to a site's home page rather than the cited item", "locators"),
        Code("url-malformed", _E, "a URL that cannot be parsed or has an invalid host", "locators"),
        Code("doi-invalid", _E, "a DOI that does not match the DOI syntax", "locators"),
        Code("doi-url-form", _W, "a DOI written as an old or insecure resolver URL, not https://doi.org/…", "locators"),
        Code("url-broken", _E, "a URL that answers 404 or 410, or whose host does not exist", "web"),
        Code("url-redirected", _W, "a URL permanently redirected: the final URL is suggested", "web"),
        Code("url-blocked", _I, "a page that refuses automated checks (403, 429, bot walls): verify by hand", "web"),
        Code("url-timeout", _W, "a URL that did not answer in time", "web"),
        Code("url-server-error", _W, "a URL that answers 5xx after retries or drops the connection", "web"),
        Code("url-soft-404", _E, "a page that answers 200 but says it was not found", "web"),
        Code("url-tls-error", _E, "a URL whose TLS certificate or handshake fails", "web"),
        Code("url-fragment-missing", _W, "a #fragment that names no anchor in the page", "web"),
        Code("url-unchecked", _I, "a URL that was not checked (offline, excluded, private address)", "web"),
        Code("doi-not-found", _E, "a DOI the DOI system does not know", "web"),
        Code("doi-metadata-mismatch", _W, "a DOI whose registered metadata differs from the citation", "web"),
        Code("doi-retracted", _E, "a DOI whose work has been retracted", "web"),
        Code("doi-updated", _I, "a DOI whose work has a correction or other update notice", "web"),
        Code("doi-unchecked", _I, "a DOI that could not be checked", "web"),
        Code("bib-missing-entry", _W, "a work cited in the notes with no bibliography entry", "bibliography"),
        Code("bib-uncited-entry", _W, "a bibliography entry no note cites", "bibliography"),
        Code("bib-duplicate-entry", _W, "two bibliography entries for the same work", "bibliography"),
        Code(
            "cite-key-undefined",
            _E,
            "a LaTeX citation key (`\\cite{key}`) with no entry in the BibTeX files",
            "bibliography",
        ),
    )
}
