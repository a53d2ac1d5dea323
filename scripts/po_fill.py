"""Fill empty msgstr entries of the zh_Hans catalogue from a JSON mapping.

Usage: python scripts/po_fill.py locale/pending   (a folder of JSON files, or one file)
Each JSON maps English msgid → Chinese text. Existing translations are kept;
entries still untranslated afterwards are listed so nothing is missed."""

import json
import re
import sys
from pathlib import Path

ENTRY = re.compile(r'((?:msgctxt .*\n(?:".*"\n)*)?msgid (".*"\n(?:".*"\n)*)msgstr (".*"\n(?:".*"\n)*))')


def unquote(block):
    return "".join(json.loads(line) for line in block.strip().splitlines())


def load_mapping(path):
    """A JSON file, or a folder of them merged in name order."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    mapping = {}
    for file in files:
        mapping.update(json.loads(file.read_text(encoding="utf-8")))
    return mapping


def main(mapping_path, po_path="locale/zh_Hans/LC_MESSAGES/django.po"):
    if not Path(po_path).exists():
        return
    mapping = load_mapping(mapping_path)
    text = open(po_path, encoding="utf-8").read()
    missing = []

    def fill(match):
        whole, msgid_block, msgstr_block = match.group(1), match.group(2), match.group(3)
        msgid = unquote(msgid_block)
        if not msgid or unquote(msgstr_block):
            return whole
        if msgid in mapping:
            return whole[: whole.rindex("msgstr ")] + "msgstr " + json.dumps(mapping[msgid], ensure_ascii=False) + "\n"
        missing.append(msgid)
        return whole

    text = ENTRY.sub(fill, text)
    text = text.replace("#, fuzzy\n", "", 1) if text.startswith("# SOME") or "#, fuzzy\nmsgid \"\"" in text else text
    open(po_path, "w", encoding="utf-8").write(text)
    for msgid in missing:
        print("untranslated:", msgid)


if __name__ == "__main__":
    main(sys.argv[1])
    main(sys.argv[1], "locale/zh_Hans/LC_MESSAGES/djangojs.po")
