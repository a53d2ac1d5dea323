"""Signatures of confidentiality review records, with their own keys.

A record is an attestation that must stay verifiable for years, so it is not
signed with SECRET_KEY (which operators rotate when a session key leaks, and
whose rotation would turn every past record "invalid"). It is signed with
REVIEW_SIGNING_KEYS: a list of "key-id:secret" strings, newest first. The
newest signs; every key in the list verifies, so a rotation is "put the new
key in front, keep the old one" (docs/security.md, "Keys and their rotation").

A signature is stored as ``v2$<key id>$<algorithm>$<hex HMAC>``. The
algorithm is HMAC-SM3 (GB/T 32905) where the OpenSSL under hashlib provides
'sm3', HMAC-SHA-256 otherwise; the stored name says which, so a record is
checked with the algorithm that signed it.

Records signed before these keys existed (a bare hex string: Django's
salted_hmac of SECRET_KEY) still verify against SECRET_KEY and
SECRET_KEY_FALLBACKS; migration cms.0012 re-signs those that verify, with
the current review key, so rotating SECRET_KEY afterwards leaves them valid.

Without REVIEW_SIGNING_KEYS (development and tests only: production refuses
to start without it) one key "sk" derived from SECRET_KEY is used."""

import hashlib
import hmac
import json
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import constant_time_compare, salted_hmac

VERSION = "v2"
KEY_ID = re.compile(r"^[A-Za-z0-9._-]{1,32}$")
LEGACY_SALT = "gongkai.confidentiality-review"


def algorithm():
    return "sm3" if "sm3" in hashlib.algorithms_available else "sha256"


def parse_keys(values):
    """[(key id, secret bytes)] from "id:secret" strings, newest first."""
    keys = []
    for value in values:
        key_id, sep, secret = str(value).partition(":")
        if not sep or not KEY_ID.match(key_id) or len(secret) < 32:
            raise ImproperlyConfigured(
                "REVIEW_SIGNING_KEYS: each key is 'id:secret' with an id of letters, digits, '.', '_' or '-' "
                "and a secret of at least 32 characters."
            )
        keys.append((key_id, secret.encode()))
    if len({key_id for key_id, _s in keys}) != len(keys):
        raise ImproperlyConfigured("REVIEW_SIGNING_KEYS: two keys have the same id.")
    return keys


def keys():
    configured = parse_keys(getattr(settings, "REVIEW_SIGNING_KEYS", None) or [])
    if configured:
        return configured
    derived = hmac.new(settings.SECRET_KEY.encode(), b"gongkai.review-signing-key", hashlib.sha256).hexdigest()
    return [("sk", derived.encode())]


def payload(record):
    """The signed text: what the reviewer attested, canonical JSON."""
    return json.dumps(
        {
            "revision": record.revision_id,
            "page": record.page_id,
            "reviewer": record.reviewer_id,
            "answers": record.answers,
            "comment": record.comment,
            "content_hash": record.content_hash,
            "signed_at": record.signed_at.isoformat(),
        },
        sort_keys=True,
        ensure_ascii=False,
    )


def _mac(secret, alg, text):
    return hmac.new(secret, text.encode("utf-8"), alg).hexdigest()


def sign(record):
    key_id, secret = keys()[0]
    alg = algorithm()
    return f"{VERSION}${key_id}${alg}${_mac(secret, alg, payload(record))}"


def key_id(signature):
    """The id of the key that made `signature` ("legacy" for SECRET_KEY ones)."""
    parts = (signature or "").split("$")
    return parts[1] if len(parts) == 4 and parts[0] == VERSION else "legacy"


def legacy_valid(record, signature=None):
    signature = record.signature if signature is None else signature
    text = payload(record)
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        expected = salted_hmac(LEGACY_SALT, text, secret=secret, algorithm="sha256").hexdigest()
        if constant_time_compare(signature, expected):
            return True
    return False


def verify(record):
    parts = (record.signature or "").split("$")
    if len(parts) == 1:
        return legacy_valid(record)
    if len(parts) != 4 or parts[0] != VERSION:
        return False
    _version, signed_by, alg, mac = parts
    if alg not in {"sm3", "sha256"} or alg not in hashlib.algorithms_available:
        return False
    secret = dict(keys()).get(signed_by)
    return secret is not None and constant_time_compare(mac, _mac(secret, alg, payload(record)))
