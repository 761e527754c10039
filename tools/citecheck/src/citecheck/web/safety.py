"""What may be fetched: URL schemes and destination addresses.

A link checker fetches whatever URLs a document names, so a hostile or
careless document could point it at the machine's own services or a cloud
metadata endpoint (169.254.169.254). We therefore resolve every host
ourselves, refuse non-public addresses unless the user allows them, and
connect to exactly the address we checked (see ``http.py``), so a second DNS
answer can't slip a private address past the check.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

#: The only schemes we fetch; anything else is reported, not fetched.
ALLOWED_SCHEMES = frozenset({"http", "https"})

#: Host names that mean "this machine" without asking DNS.
LOCAL_HOST_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class ResolveError(Exception):
    """A host name could not be resolved.

    ``temporary`` is True when the failure says nothing about the name
    (no DNS server reachable, timeout): the network may simply be down.
    """

    def __init__(self, host: str, message: str, *, temporary: bool) -> None:
        super().__init__(f"{host}: {message}")
        self.host = host
        self.temporary = temporary


class AddressRefused(Exception):
    """A host resolves to an address we must not contact.

    Deliberately not an ``OSError``: urllib3 would retry an OSError as a
    connection failure, and a refusal is final.
    """

    def __init__(self, host: str, address: str, kind: str) -> None:
        self.host = host
        self.address = address
        self.kind = kind
        shown = address if host == address else f"{host} ({address})"
        super().__init__(f"refused: {shown} is {kind} (use --allow-private)")


#: Resolves (host, port) to a list of IP address strings, or raises ResolveError.
Resolver = Callable[[str, int], list[str]]

# getaddrinfo codes that mean "this name does not exist" rather than "could not ask".
_NOT_FOUND_CODES = {
    getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA", "EAI_ADDRFAMILY") if hasattr(socket, name)
}


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system's resolver (getaddrinfo)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        not_found = exc.errno in _NOT_FOUND_CODES
        message = "host not found" if not_found else f"name resolution failed ({exc.strerror})"
        raise ResolveError(host, message, temporary=not not_found) from exc
    except (UnicodeError, OSError) as exc:
        raise ResolveError(host, f"bad host name ({exc})", temporary=False) from exc
    seen: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in seen:
            seen.append(address)
    return seen


class ResolverCache:
    """Resolves each host name once per run: answers and failures are kept, concurrent asks share one lookup."""

    def __init__(self, resolver: Resolver | None = None) -> None:
        self._resolver: Resolver = resolver or system_resolver
        self._lock = threading.Lock()
        self._names: dict[str, threading.Lock] = {}
        self._known: dict[str, list[str] | ResolveError] = {}

    def __call__(self, host: str, port: int) -> list[str]:
        """The addresses of ``host`` (asked once, with the first port asked for), or its ResolveError again."""
        key = host.lower()
        with self._lock:
            name_lock = self._names.setdefault(key, threading.Lock())
        with name_lock:
            if key not in self._known:
                try:
                    self._known[key] = list(self._resolver(host, port))
                except ResolveError as exc:
                    self._known[key] = exc
            known = self._known[key]
        if isinstance(known, ResolveError):
            raise known
        return list(known)


def address_kind(address: str) -> str | None:
    """Why ``address`` is not a public one (e.g. "a loopback address"), or None if it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and friends reach the IPv4 address; judge that.
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    # Order matters: 127/8 and 169.254/16 are also "private" to Python.
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a reserved address"
    return None


def scheme_problem(url: str) -> str | None:
    """Why ``url`` will not be fetched because of its scheme, or None."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # e.g. an unclosed IPv6 bracket: the caller reports the URL as invalid
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme in ALLOWED_SCHEMES:
        return None
    if not scheme:
        return "not an absolute URL"
    return f"unsupported scheme '{scheme}' (only http and https are fetched)"


def is_local_host(host: str) -> bool:
    """True for hosts that are obviously this machine or a private network (no DNS needed)."""
    host = host.strip("[]").lower()
    if host in LOCAL_HOST_NAMES or host.endswith(".localhost"):
        return True
    try:
        return address_kind(str(ipaddress.ip_address(host))) is not None
    except ValueError:
        return False


class AddressGuard:
    """Resolves a host and returns only the addresses we may connect to."""

    def __init__(
        self,
        *,
        allow_private: bool,
        resolver: Resolver | None = None,
        allow_networks: tuple[str, ...] = (),
    ) -> None:
        self.allow_private = allow_private
        self.resolver: Resolver = resolver or system_resolver
        self.allow_networks = tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks)

    def _trusted(self, address: str) -> bool:
        ip = ipaddress.ip_address(address)
        return any(ip.version == net.version and ip in net for net in self.allow_networks)

    def addresses(self, host: str, port: int) -> list[str]:
        """Checked addresses for ``host``; raises ResolveError or AddressRefused."""
        bare = host.strip("[]")
        try:
            addresses = [str(ipaddress.ip_address(bare))]
        except ValueError:
            addresses = self.resolver(bare, port)
        if not addresses:
            raise ResolveError(bare, "host not found", temporary=False)
        if not self.allow_private:
            # Refuse the host if any of its addresses is non-public, so a
            # round-robin answer can't smuggle a private address in.
            for address in addresses:
                kind = address_kind(address)
                if kind is not None and not self._trusted(address):
                    raise AddressRefused(bare, address, kind)
        return addresses
