"""Fill empty msgstr entries of the zh_Hans catalogue from a JSON mapping.

Usage: python scripts/po_fill.py translations.json [locale/zh_Hans/LC_MESSAGES/django.po]
The JSON maps English msgid → Chinese text. Existing translations are kept;
entries still untranslated afterwards are listed so nothing is missed."""

import json
import re
import sys

ENTRY = re.compile(r'((?:msgctxt .*\n(?:".*"\n)*)?msgid (".*"\n(?:".*"\n)*)msgstr (".*"\n(?:".*"\n)*))')


def unquote(block):
    return "".join(json.loads(line) for line in block.strip().splitlines())


def main(mapping_path, po_path="locale/zh_Hans/LC_MESSAGES/django.po"):
    mapping = json.load(open(mapping_path, encoding="utf-8"))
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
    main(*sys.argv[1:])
