"""Tracking codes (查询码) that let a citizen follow a submission without an account.

Shared by consultation comments and the case system (`interactions/cases/`).

A code is 160 bits from the operating system's CSPRNG (`secrets`), written in
RFC 4648 base32 and grouped for reading aloud: ``GK-ABCD-EFGH-…`` (8 groups of 4).
Only its SHA-256 digest is stored: a database leak does not reveal codes, and
because codes are uniformly random a plain hash is enough (no secret key to
rotate). Lookup goes through the unique index on the digest and ends with a
constant-time comparison, so timing says nothing about near misses.

Usage::

    class Letter(TrackingCodeMixin, models.Model): ...

    code = letter.issue_tracking_code()   # show/e-mail it once, never store it
    letter.save()
    Letter.find_by_tracking_code(request.POST["code"])  # → Letter or None

or, without the mixin, ``issue(instance, "my_digest_field")`` and
``lookup(queryset, code, "my_digest_field")``.
"""

import base64
import hashlib
import hmac
import re
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX = "GK"
ENTROPY_BYTES = 20  # 160 bits; the project minimum is 128
GROUP = 4
_NOT_BASE32 = re.compile(r"[^A-Z2-7]")
_CODE_CHARS = ENTROPY_BYTES * 8 // 5  # 32 base32 characters


def new_code():
    """A fresh, human-friendly code. Show it once; store only `digest(code)`."""
    raw = base64.b32encode(secrets.token_bytes(ENTROPY_BYTES)).decode("ascii").rstrip("=")
    groups = [raw[i : i + GROUP] for i in range(0, len(raw), GROUP)]
    return "-".join([PREFIX, *groups])


def normalise(code):
    """Accept what people type: any case, spaces, dashes, the GK prefix, and
    the usual look-alikes (0→O, 1→I, 8→B)."""
    text = (code or "").upper().strip()
    if text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    text = text.translate(str.maketrans({"0": "O", "1": "I", "8": "B"}))
    return _NOT_BASE32.sub("", text)


def digest(code):
    """The value stored in the database for `code` (64 hex characters)."""
    return hashlib.sha256(normalise(code).encode("ascii")).hexdigest()


def looks_valid(code):
    return len(normalise(code)) == _CODE_CHARS


def issue(instance, field="tracking_digest"):
    """Give `instance` a new code; return the plain code (the caller saves)."""
    code = new_code()
    setattr(instance, field, digest(code))
    return code


def lookup(queryset, code, field="tracking_digest"):
    """The object of `queryset` whose code is `code`, or None.

    The digest is computed for every input (well-formed or not) so that the
    work done does not depend on the input; the final comparison is
    constant-time."""
    wanted = digest(code)
    if not looks_valid(code):
        return None
    found = queryset.filter(**{field: wanted}).first()
    if found is not None and hmac.compare_digest(getattr(found, field), wanted):
        return found
    return None


class TrackingCodeMixin(models.Model):
    """Adds a unique, hashed tracking code to a model."""

    tracking_digest = models.CharField(_("tracking code digest"), max_length=64, unique=True, editable=False)

    class Meta:
        abstract = True

    def issue_tracking_code(self):
        return issue(self, "tracking_digest")

    @classmethod
    def find_by_tracking_code(cls, code, queryset=None):
        return lookup(queryset if queryset is not None else cls._default_manager.all(), code, "tracking_digest")
