"""Hypothesis strategies for hostile input: the edge cases people and bots
actually send (NUL bytes, RTL marks, 10k-character strings, markup, SQL,
huge numbers, impossible dates, wrong types) mixed with random text."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EDGE_CASES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "\u202e\u200fmoc.live\u202c",
    "\ufeff\u200b\u2028\u2029",
    "x" * 10_000,
    "政" * 10_000,
    "9" * 400,
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "Infinity",
    "0x1F",
    "2026-02-30",
    "0000-00-00",
    "9999-99-99",
    "2026-13-01T25:61:61",
    "1970-01-01",
    "'; DROP TABLE wagtailcore_page;--",
    "' OR '1'='1",
    "\\",
    "%",
    "_",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "${jndi:ldap://x}",
    "../../../../etc/passwd",
    "javascript:alert(1)",
    "//evil.example/",
    "http://evil.example/",
    "🙂" * 50,
    "\r\n\r\nSet-Cookie: x=1",
    "[]",
    "{}",
    "null",
    "true",
    "__proto__",
]

# Lone surrogates cannot be encoded as UTF-8, so they cannot arrive over HTTP.
text = st.one_of(
    st.sampled_from(EDGE_CASES),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
value = st.one_of(text, st.lists(text, min_size=2, max_size=3))


def params(known_keys):
    """A query string or form: known keys with hostile values, plus noise keys."""
    return st.dictionaries(
        keys=st.one_of(st.sampled_from(list(known_keys)), text.filter(lambda s: len(s) < 60)),
        values=value,
        max_size=6,
    )


def fuzz_settings(examples, scale=1.0):
    return settings(
        max_examples=max(5, int(examples * scale)),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
