"""The compiled zh_Hans message catalogues: the project's (LOCALE_PATHS) and
those of the installed packages, read the way Django reads them.

A catalogue is {key: text}: the key is the msgid, "context\\x04msgid" for a
message with a context, and (key, 0) for the singular of a plural message.
A package's catalogue includes the `zh` fallback gettext chains behind
`zh_Hans` (Wagtail ships a few messages only there)."""

import gettext
from pathlib import Path

import django
import polib
from django.conf import settings
from django.utils.translation import to_locale, trans_real

LANGUAGE = "zh-hans"
DOMAINS = ("django", "djangojs")
# The packages whose admin the editors work in: they must all read Chinese.
ADMIN_PACKAGES = ("wagtail", "wagtail_localize", "wagtailmedia")


def _chain(translation):
    catalogue = {}
    while translation is not None:
        for key, text in getattr(translation, "_catalog", {}).items():
            if key != "" and text:
                catalogue.setdefault(key, text)
        translation = translation._fallback
    return catalogue


def read(localedir, domain):
    """{key: text} of one locale directory (fallbacks included)."""
    return _chain(gettext.translation(domain, str(localedir), [to_locale(LANGUAGE)], fallback=True))


def project_dirs():
    return [Path(path).resolve() for path in settings.LOCALE_PATHS]


def project(domain):
    """The project's own catalogue: what LOCALE_PATHS put above everything else."""
    catalogue = {}
    for localedir in project_dirs():
        for key, text in read(localedir, domain).items():
            catalogue.setdefault(key, text)
    return catalogue


def packages(domain):
    """{locale directory: catalogue} of Django and every installed app."""
    own = set(project_dirs())
    found = {}
    for localedir in trans_real.all_locale_paths():
        localedir = Path(localedir).resolve()
        if localedir in own or not localedir.is_dir():
            continue
        catalogue = read(localedir, domain)
        if catalogue:
            found[localedir] = catalogue
    return found


def package_name(localedir):
    """'wagtail/admin' for .../site-packages/wagtail/admin/locale."""
    parts = Path(localedir).parts
    index = max(i for i, part in enumerate(parts) if part == "site-packages") if "site-packages" in parts else -3
    return "/".join(parts[index + 1 : -1])


def key_of(entry):
    key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    return (key, 0) if entry.msgid_plural else key


def admin_messages(domain):
    """{key: (package, entry)} of every message the admin packages' source
    uses (their English catalogues list them all). Every sub-package counts,
    installed app or not: wagtail_localize.locales runs wagtail.locales'
    views, whose catalogue Django never loads."""
    messages = {}
    site_packages = Path(django.__file__).resolve().parent.parent
    for package in ADMIN_PACKAGES:
        for source in sorted((site_packages / package).glob(f"**/locale/en/LC_MESSAGES/{domain}.po")):
            name = str(source.parents[3].relative_to(site_packages)).replace("/", ".")
            for entry in polib.pofile(str(source)):
                if not entry.obsolete:
                    messages.setdefault(key_of(entry), (name, entry))
    return messages


def readable(key):
    key = key[0] if isinstance(key, tuple) else key
    context, _, msgid = key.rpartition("\x04")
    return f"{msgid!r} (context {context!r})" if context else repr(msgid)
