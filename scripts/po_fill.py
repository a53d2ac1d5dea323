"""Fill the zh_Hans catalogue from JSON mappings of English msgid → Chinese text.

Usage: python scripts/po_fill.py locale/pending   (a folder of JSON files, or one file)

Fuzzy entries are filled too: makemessages marks a new msgid fuzzy with a
guess copied from a similar one ("Report this comment" → the text of "Open
for comments"), and msgfmt leaves fuzzy entries out, so the site would show
the English. Whatever is still untranslated or fuzzy afterwards is listed."""

import json
import sys
from pathlib import Path

import polib


def load_mapping(path):
    """{msgid: [texts]} from a JSON file, or a folder of them in name order
    (two files may translate the same msgid; the last one is the default)."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    mapping = {}
    for file in files:
        for msgid, text in json.loads(file.read_text(encoding="utf-8")).items():
            texts = mapping.setdefault(msgid, [])
            if text in texts:
                texts.remove(text)
            texts.append(text)
    return mapping


def fill(catalogue, mapping):
    """Fill `catalogue` (a polib.POFile) in place; return the msgids still missing.

    The JSON files are the reviewed source (nobody edits the .po by hand): an
    entry whose text none of them gives for its msgid is a guess, including
    guesses an older version of this script un-flagged by mistake, and takes
    their text. A msgid with a context keeps its own translation once it has
    one: the JSON files cannot tell contexts apart."""
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        fuzzy = "fuzzy" in entry.flags
        current = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        reviewed = bool(current) and not fuzzy
        texts = mapping.get(entry.msgid)
        if not texts or (reviewed and (entry.msgctxt or current in texts)):
            if not reviewed:
                missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: texts[-1]}  # zh_Hans has one plural form
        else:
            entry.msgstr = texts[-1]
        if fuzzy:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    catalogue.metadata_is_fuzzy = False
    return missing


def main(mapping_path, po_path="locale/zh_Hans/LC_MESSAGES/django.po"):
    if not Path(po_path).exists():
        return
    catalogue = polib.pofile(po_path, wrapwidth=79)
    missing = fill(catalogue, load_mapping(mapping_path))
    catalogue.save()
    for msgid in missing:
        print(f"untranslated in {po_path}:", msgid)


if __name__ == "__main__":
    main(sys.argv[1])
    main(sys.argv[1], "locale/zh_Hans/LC_MESSAGES/djangojs.po")
