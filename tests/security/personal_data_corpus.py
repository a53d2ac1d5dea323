"""The regression corpus of personal data as people really type it
(personal_data_corpus.json) and the leak check every test of it uses.

* `PERSONAL`: [{"kind", "text", "secret", "masked"}]: a sentence, the
  personal data in it as typed, and the public copy expected.
* `ORDINARY`: sentences with numbers that are not personal data (article
  numbers, budgets, dates, hotlines): the public copy is the text itself.
* `leaked(public, secret)`: whether `secret` can be read in `public` in any
  spelling: both are folded (NFKC, case, digits of every script, no spaces,
  separators, zero-width or markup characters) before comparing, so
  "138 0013 8000" on a page is found for a planted "１３８００１３８０００".
"""

import html
import json
import re
import unicodedata
from pathlib import Path

_DATA = json.loads((Path(__file__).with_name("personal_data_corpus.json")).read_text(encoding="utf-8"))
PERSONAL = _DATA["personal"]
ORDINARY = _DATA["ordinary"]

_KEEP = re.compile(r"[^0-9a-z@\u00c0-\u024f\u0370-\u04ff\u3400-\u9fff]")


def fold(text):
    """`text` as a detector reads it, with nothing but letters, digits, CJK and @."""
    text = html.unescape(text or "")
    out = []
    for ch in text:
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else unicodedata.normalize("NFKC", ch))
    text = "".join(out).casefold()
    # "(at)" and "。" as people write them in e-mail addresses.
    text = re.sub(r"[\(\[]\s*at\s*[\)\]]", "@", text).replace("。", ".")
    return _KEEP.sub("", text)


def leaked(public, secret):
    return fold(secret) in fold(public)


def leaks(public, secrets):
    """The secrets readable in `public`."""
    folded = fold(public)
    return [secret for secret in secrets if fold(secret) and fold(secret) in folded]
