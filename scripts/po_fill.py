"""Fill the zh_Hans catalogues from JSON mappings of English msgid → Chinese text.

Usage: python scripts/po_fill.py locale/pending   (a folder of JSON files, or one file)

A mapping is a flat JSON object {"msgid": "中文"}; a msgid used with a
context (pgettext) takes an object of texts by context instead:
{"Name": {"person": "姓名"}} ("" is the msgid without a context).

The project's catalogue comes first (LOCALE_PATHS), so any text it gives a
msgid that Wagtail, Django or another installed package translate replaces
theirs in their own admin too. Our own words take a context instead; this
script names every such override (tests/test_translations.py fails on them).

Messages the admin packages leave untranslated are filled from
locale/zh_Hans/packages.json (django domain) and packages-js.json
(djangojs): they are added to our catalogue even though our code does not
use them, with the package's plural form and a comment naming the package.

Fuzzy entries are filled too: makemessages marks a new msgid fuzzy with a
guess copied from a similar one ("Report this comment" → the text of "Open
for comments"), and msgfmt leaves fuzzy entries out, so the site would show
the English. Whatever is still untranslated or fuzzy afterwards is listed."""

import gettext
import json
import os
import sys
import sysconfig
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "locale" / "zh_Hans"
PACKAGE_FILLS = {"django": CATALOGUES / "packages.json", "djangojs": CATALOGUES / "packages-js.json"}
# Packages whose admin our editors use; their untranslated messages are ours to fill.
ADMIN_PACKAGES = ("wagtail", "wagtail_localize", "wagtailmedia")
HEADER = {
    "Project-Id-Version": "Gongkai",
    "Language": "zh_Hans",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def _items(data):
    """(msgctxt, msgid, text) of one JSON mapping."""
    for msgid, value in data.items():
        if isinstance(value, dict):
            for context, text in value.items():
                yield context or None, msgid, text
        else:
            yield None, msgid, value


def load_mapping(path):
    """{(msgctxt, msgid): [texts]} from a JSON file, or a folder of them in
    name order (two files may translate the same msgid; the last one is the
    default)."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    mapping = {}
    for file in files:
        for context, msgid, text in _items(json.loads(file.read_text(encoding="utf-8"))):
            texts = mapping.setdefault((context, msgid), [])
            if text in texts:
                texts.remove(text)
            texts.append(text)
    return mapping


def _key(entry):
    return (entry.msgctxt or None, entry.msgid)


def _text(entry):
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def _set_text(entry, text):
    if entry.msgid_plural:
        entry.msgstr_plural = {0: text}  # zh_Hans has one plural form
    else:
        entry.msgstr = text


def fill(catalogue, mapping):
    """Fill `catalogue` (a polib.POFile) in place; return the msgids still missing.

    The JSON files are the reviewed source (nobody edits the .po by hand): an
    entry whose text none of them gives for its msgid and context is a guess,
    including guesses an older version of this script un-flagged by mistake,
    and takes their text. A translated entry no JSON file mentions is kept."""
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        fuzzy = "fuzzy" in entry.flags
        current = _text(entry)
        reviewed = bool(current) and not fuzzy
        texts = mapping.get(_key(entry))
        if not texts or (reviewed and current in texts):
            if not reviewed:
                missing.append(entry.msgid)
            continue
        _set_text(entry, texts[-1])
        if fuzzy:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    catalogue.metadata_is_fuzzy = False
    return missing


# --- the installed packages' catalogues ------------------------------------------


def _setup_django():
    """The installed apps decide which packages' catalogues count."""
    import django
    from django.apps import apps

    if not apps.ready:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        django.setup()


def _name(localedir):
    """'wagtail/admin' for …/site-packages/wagtail/admin/locale."""
    parent = Path(localedir).resolve().parent
    try:
        return str(parent.relative_to(Path(sysconfig.get_paths()["purelib"]).resolve()))
    except ValueError:
        return str(parent)


def package_locale_dirs():
    """The `locale` directory of Django and of every installed app (not LOCALE_PATHS)."""
    _setup_django()
    from django.conf import settings
    from django.utils.translation import trans_real

    own = {Path(path).resolve() for path in settings.LOCALE_PATHS}
    return [Path(path).resolve() for path in trans_real.all_locale_paths() if Path(path).resolve() not in own]


def package_translations(domain, locale_dirs=None):
    """{(msgctxt, msgid): {text: [package, …]}} of the installed packages'
    zh_Hans catalogues (with the zh fallback gettext chains behind it)."""
    found = {}
    for localedir in package_locale_dirs() if locale_dirs is None else locale_dirs:
        translation = gettext.translation(domain, str(localedir), ["zh_Hans"], fallback=True)
        seen = set()
        while translation is not None:
            for key, text in getattr(translation, "_catalog", {}).items():
                if key == "" or not text:
                    continue
                key = key[0] if isinstance(key, tuple) else key
                if key in seen:
                    continue
                seen.add(key)
                context, _, msgid = key.rpartition("\x04")
                found.setdefault((context or None, msgid), {}).setdefault(text, []).append(_name(localedir))
            translation = translation._fallback
    return found


def admin_package_messages(domain):
    """{(msgctxt, msgid): (package, English entry)} of every message of the
    admin packages (their English catalogues list them all). Every
    sub-package counts, installed app or not: wagtail_localize.locales runs
    wagtail.locales' views, whose catalogue Django never loads."""
    found = {}
    site_packages = Path(sysconfig.get_paths()["purelib"])
    for package in ADMIN_PACKAGES:
        for source in sorted((site_packages / package).glob(f"**/locale/en/LC_MESSAGES/{domain}.po")):
            for entry in polib.pofile(str(source)):
                if not entry.obsolete:
                    found.setdefault(_key(entry), (_name(source.parents[2]), entry))
    return found


def _served(key, package, translated, domain):
    """Whether a package's catalogue already translates the message: any
    package for the django domain (Django merges them all), the package
    itself for djangojs (each JavaScript catalogue is served on its own)."""
    theirs = translated.get(key, {})
    if domain == "django":
        return bool(theirs)
    return any(package in names for names in theirs.values())


def add_package_messages(catalogue, mapping, package_messages, translated, domain="django"):
    """Add (or revive) an entry for each message the admin packages leave
    untranslated and `mapping` translates. Returns the keys still untranslated."""
    entries = {_key(entry): entry for entry in catalogue}
    untranslated = []
    for key, (package, source) in sorted(package_messages.items(), key=lambda item: (item[0][1], item[0][0] or "")):
        if _served(key, package, translated, domain):
            continue
        ours = entries.get(key)
        if ours is not None and not ours.obsolete and ours.translated() and key not in mapping:
            continue  # our code uses the message too and translates it
        texts = mapping.get(key)
        if not texts:
            untranslated.append(key)
            continue
        entry = entries.get(key)
        if entry is None:
            entry = polib.POEntry(msgctxt=source.msgctxt, msgid=source.msgid, msgid_plural=source.msgid_plural)
            catalogue.append(entry)
            entries[key] = entry
        entry.obsolete = False
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        note = f"Untranslated in {package}'s zh_Hans catalogue."
        if note not in (entry.comment or ""):
            entry.comment = "\n".join(filter(None, [entry.comment, note]))
        if source.msgid_plural and not entry.msgid_plural:
            entry.msgid_plural = source.msgid_plural
        _set_text(entry, texts[-1])
    return untranslated


def overrides(catalogue, translated):
    """(key, ours, {theirs: packages}) for each entry whose text differs from
    a package's translation of the same msgid and context."""
    found = []
    for entry in catalogue:
        if entry.obsolete or not entry.translated():
            continue
        theirs = translated.get(_key(entry))
        if theirs and any(text != _text(entry) for text in theirs):
            found.append((_key(entry), _text(entry), theirs))
    return found


def _describe(key):
    context, msgid = key
    return f"{msgid!r} (context {context!r})" if context else repr(msgid)


def main(mapping_path, domain="django", locale_dir=CATALOGUES / "LC_MESSAGES"):
    po_path = Path(locale_dir) / f"{domain}.po"
    fills = load_mapping(PACKAGE_FILLS[domain]) if PACKAGE_FILLS[domain].exists() else {}
    if not po_path.exists() and not fills:
        return
    if po_path.exists():
        catalogue = polib.pofile(str(po_path), wrapwidth=79)
    else:
        catalogue = polib.POFile(wrapwidth=79)
        catalogue.metadata = dict(HEADER)
    mapping = load_mapping(mapping_path)
    missing = fill(catalogue, mapping)
    translated = package_translations(domain)
    untranslated = add_package_messages(catalogue, fills, admin_package_messages(domain), translated, domain)
    catalogue.save(str(po_path))
    for msgid in missing:
        print(f"untranslated in {po_path}:", msgid)
    for key in untranslated:
        print(f"untranslated by the packages, add to {PACKAGE_FILLS[domain].name}:", _describe(key))
    for key, ours, theirs in overrides(catalogue, translated):
        packages = "; ".join(f"{text!r} in {', '.join(names)}" for text, names in theirs.items())
        print(f"overrides a package in {po_path}: {_describe(key)} {ours!r} vs {packages} (give our word a context)")


if __name__ == "__main__":
    main(sys.argv[1])
    main(sys.argv[1], "djangojs")
