"""Chinese word segmentation for the database search backend.

SQLite FTS5 and PostgreSQL split text on spaces and punctuation, so a run of
Chinese characters is one token and 公开 is never found inside 政府信息公开工作.
We insert the spaces ourselves: indexed text is cut with jieba's search mode
(every dictionary word, long words *and* the shorter words inside them), and
a query is cut into its finest words, so each query word is a whole token of
the index. English words and numbers pass through unchanged."""

import logging
import re
import threading

from django.conf import settings

_lock = threading.Lock()
_tokenizer = None

WORD_RE = re.compile(r"\w", re.UNICODE)
# Characters FTS5 and tsquery treat as syntax; a token never needs them.
NON_WORD_RE = re.compile(r"[^\w]+", re.UNICODE)


def tokenizer():
    """jieba's tokenizer, initialised once per process. Its word table comes
    from a compact trie file in JIEBA_CACHE_DIR (search/dictionary.py) rather
    than jieba's own 70 MB Python dict, so a web worker stays small."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                from .dictionary import compact_frequencies

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.FREQ, tok.total = compact_frequencies(getattr(settings, "JIEBA_CACHE_DIR", None))
                tok.initialized = True  # jieba would otherwise load its dict on first use
                _tokenizer = tok
    return _tokenizer


def _clean(word):
    return NON_WORD_RE.sub("", word)


def has_cjk(text):
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def index_words(text):
    """Every word jieba's search mode finds, in order (long words and their parts)."""
    if not text:
        return []
    words = (_clean(w) for w in tokenizer().cut_for_search(text))
    return [w for w in words if w]


def segment_for_index(text):
    """Text as the index stores it: search-mode words joined by spaces."""
    if not text or not has_cjk(text):
        return text or ""
    return " ".join(index_words(text))


def query_words(text):
    """The finest words of a query: of jieba's search-mode tokens, those that
    contain no shorter token. 政府信息公开 → 政府 信息 公开, so each one is a
    token of any indexed text containing it, however jieba cut that text."""
    if not text:
        return []
    if not has_cjk(text):
        return [w for w in (_clean(t) for t in text.split()) if w]
    tokens = [(w, start, end) for w, start, end in tokenizer().tokenize(text, mode="search") if WORD_RE.search(w)]
    ends_by_start = {}
    for _w, start, end in tokens:
        ends_by_start.setdefault(start, set()).add(end)
    seen, ordered = set(), []
    for word, start, end in sorted(tokens, key=lambda t: (t[1], t[2])):
        # A leaf is a token with no other token inside its span.
        inner = any(e <= end and (s, e) != (start, end) for s in range(start, end) for e in ends_by_start.get(s, ()))
        cleaned = _clean(word)
        if not inner and cleaned and cleaned not in seen:
            seen.add(cleaned)
            ordered.append(cleaned)
    return ordered


def segment_query(text):
    return " ".join(query_words(text))
