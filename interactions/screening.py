"""Screening of citizen text before moderation.

* `mask_personal_data(text)`: the public copy of a text, personal data
  masked. Detection lives in `cms.personal_data` (one module for comments,
  letters, interview questions and everything that shows them); this name is
  kept for callers that only need the automatic masks. Manual masks and the
  stored public copies are `interactions.masking`.
* `sensitive_words(text)`: the configured words found in a text (the
  SensitiveWord snippet plus `settings.INTERACTIONS_SENSITIVE_WORDS`).
* `fingerprint(text)`: MinHash signature and LSH band keys of the normalised
  text's character bigram shingles, used to group near-duplicate campaign
  comments (see `interactions.clustering`).
"""

import hashlib
import re
import struct
import unicodedata

from django.conf import settings

from cms import personal_data

MASK = personal_data.MASK
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(text):
    """Plain text as stored: NUL/control and bidi-override characters removed,
    newlines normalised. HTML is kept as typed and escaped on output."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def mask_personal_data(text):
    """`text` with every kind of personal data `cms.personal_data` finds masked."""
    return personal_data.mask(text or "")


def _fold(text):
    return unicodedata.normalize("NFKC", text or "").casefold()


SENSITIVE_WORDS_CACHE_KEY = "interactions:sensitive-words"
# Every submission screens against the list: keep it out of the database for
# a minute. Saving or deleting a word clears it (interactions/signals.py); a
# process with its own memory cache sees the change within the minute, and
# every comment is read by a moderator anyway.
SENSITIVE_WORDS_SECONDS = 60


def configured_sensitive_words():
    from django.core.cache import cache

    words = cache.get(SENSITIVE_WORDS_CACHE_KEY)
    if words is None:
        from .models import SensitiveWord

        words = list(getattr(settings, "INTERACTIONS_SENSITIVE_WORDS", []))
        words += list(SensitiveWord.objects.filter(active=True).values_list("word", flat=True))
        words = sorted({_fold(w).strip() for w in words if w and w.strip()})
        cache.set(SENSITIVE_WORDS_CACHE_KEY, words, SENSITIVE_WORDS_SECONDS)
    return words


def forget_sensitive_words():
    from django.core.cache import cache

    cache.delete(SENSITIVE_WORDS_CACHE_KEY)


def sensitive_words(text, words=None):
    folded = _fold(text)
    squeezed = re.sub(r"\s+", "", folded)
    found = []
    for word in configured_sensitive_words() if words is None else words:
        if word in folded or word.replace(" ", "") in squeezed:
            found.append(word)
    return found


# --- Near-duplicate fingerprints ---------------------------------------------

SHINGLE = 2  # character bigrams: the natural unit for Chinese text
PERMUTATIONS = 30
BANDS = 10  # 10 bands of 3 rows: J=0.6 → 91 % chance of being compared, J=0.7 → 98.5 %, J=0.8 → 99.99 %
ROWS = PERMUTATIONS // BANDS
_PRIME = (1 << 61) - 1
_MAX = (1 << 32) - 1


def _coefficients():
    seed = hashlib.sha256(b"gongkai-minhash").digest()
    coeffs = []
    for i in range(PERMUTATIONS):
        block = hashlib.sha256(seed + struct.pack(">I", i)).digest()
        a, b = struct.unpack(">QQ", block[:16])
        coeffs.append(((a % (_PRIME - 1)) + 1, b % _PRIME))
    return coeffs


_COEFFS = _coefficients()


def normalise_for_similarity(text):
    """Case-, width- and punctuation-insensitive text: only letters and digits
    (CJK included) remain, so "支持！！" and "支持" are the same."""
    return "".join(ch for ch in _fold(text) if ch.isalnum())


def shingles(text):
    norm = normalise_for_similarity(text)
    if len(norm) <= SHINGLE:
        return {norm} if norm else set()
    return {norm[i : i + SHINGLE] for i in range(len(norm) - SHINGLE + 1)}


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def minhash(shingle_set):
    values = [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big") for s in shingle_set]
    if not values:
        return [0] * PERMUTATIONS
    return [min(((a * x + b) % _PRIME) & _MAX for x in values) for a, b in _COEFFS]


def band_keys(signature):
    """One key per LSH band; two texts sharing any key are compared exactly."""
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS]
        keys.append(f"{band}:" + hashlib.blake2b(struct.pack(f">{ROWS}I", *rows), digest_size=8).hexdigest())
    return keys
