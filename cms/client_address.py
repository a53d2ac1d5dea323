"""The client's address: one function for login lockout (django-axes), rate
limits (cms/limits.py) and comment reports (interactions/services.py).

Behind reverse proxies the socket address (REMOTE_ADDR) is the nearest
proxy's; the client is in X-Forwarded-For, which every proxy appends to and
which a client can also fill with anything it likes. So the header is read
only as far as the deployment says it can be trusted:

- GONGKAI_PROXY_COUNT (env PROXY_COUNT, default 0): how many reverse proxies
  stand in front of the app, each appending the address it saw to
  X-Forwarded-For (nginx: `proxy_set_header X-Forwarded-For
  $proxy_add_x_forwarded_for`). The client is the PROXY_COUNT-th entry from
  the right; whatever the client wrote further left is ignored. With 0 the
  header is ignored and REMOTE_ADDR is the client.
- GONGKAI_TRUSTED_PROXIES (env TRUSTED_PROXIES, comma-separated addresses
  or networks, optional): where the nearest proxy connects from. A request
  arriving from anywhere else (someone bypassing the proxy) is keyed by its
  socket address, whatever its headers say.

django-ipware (python-ipware) parses the header: ports, brackets,
IPv4-mapped IPv6 and junk entries.

`client_key()` is what limits count by: an IPv4 address, or for IPv6 the
first address of its /64, since one subscriber line or host is given a whole
/64 and can pick any address inside it."""

import ipaddress

from django.conf import settings
from ipware import get_client_ip

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"
IPV6_PREFIX = 64


def _parse(value):
    try:
        address = ipaddress.ip_address((value or "").strip().strip("[]").split("%")[0])
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted_networks():
    networks = []
    for entry in getattr(settings, "GONGKAI_TRUSTED_PROXIES", ()) or ():
        networks.append(ipaddress.ip_network(entry.strip(), strict=False))
    return networks


def _from_trusted_proxy(peer):
    networks = _trusted_networks()
    if not networks:
        return True
    return peer is not None and any(peer.version == net.version and peer in net for net in networks)


def client_ip(request):
    """The client's address as text (normalised: "2001:db8::1", IPv4-mapped
    addresses as IPv4), or "" when the request carries none that parses."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "GONGKAI_PROXY_COUNT", 0) or 0)
    if proxies > 0 and request.META.get(FORWARDED_HEADER) and _from_trusted_proxy(peer):
        # python-ipware counts the proxies listed in the header besides the
        # client's entry; our nearest proxy is REMOTE_ADDR, not listed.
        forwarded, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=(FORWARDED_HEADER,),
            strict=False,
        )
        address = _parse(forwarded)
        if address is not None:
            return str(address)
        # Fewer entries than proxies: the request did not come through all of
        # them. The socket address is the one thing the client cannot forge.
    return str(peer) if peer is not None else ""


def client_key(request):
    """What a limit counts by: the IPv4 address, or the IPv6 /64 (written as
    its first address, so it still fits an IP address field)."""
    address = _parse(client_ip(request))
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return str(address)


def ratelimit_key(group, request):
    """django-ratelimit's callable-key signature for client_key."""
    return client_key(request)
