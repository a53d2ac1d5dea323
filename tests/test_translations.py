"""The Chinese site speaks Chinese: every message of the zh_Hans catalogue is
translated and reviewed. A fuzzy entry (makemessages' guess from a similar
message) is left out by msgfmt, so the page would show the English."""

import importlib.util
from pathlib import Path

import polib
import pytest
from django.utils import translation

from tests import catalogues

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _po_fill():
    spec = importlib.util.spec_from_file_location("po_fill", ROOT / "scripts" / "po_fill.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_is_translated_and_none_is_a_guess():
    catalogue = polib.pofile(str(CATALOGUE))
    active = [entry for entry in catalogue if not entry.obsolete]
    assert len(active) > 1000
    fuzzy = [entry.msgid for entry in active if "fuzzy" in entry.flags]
    untranslated = [entry.msgid for entry in active if not entry.translated() and "fuzzy" not in entry.flags]
    assert not fuzzy, f"fuzzy (run `make translations` after adding to locale/pending/): {fuzzy[:10]}"
    assert not untranslated, f"untranslated: {untranslated[:10]}"


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Report this comment", "举报此意见"),  # was a fuzzy guess: "正在征集"
        ("Documents published", "发布文件数"),  # was an un-flagged guess: "文号"
        ("Send your comment", "提交意见"),
    ],
)
def test_former_guesses_now_read_right(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese


@pytest.mark.parametrize("domain", catalogues.DOMAINS)
def test_the_project_never_overrides_a_package_translation(domain):
    """LOCALE_PATHS come first: any text we give a msgid that Wagtail, Django
    or another package translate replaces theirs in their own admin too
    (our 'Pages' = 分页 renamed Wagtail's main menu). Our own words take a
    context (pgettext) instead; echoing a package's text is allowed."""
    ours = catalogues.project(domain)
    differences = []
    for localedir, theirs in catalogues.packages(domain).items():
        for key in sorted(ours.keys() & theirs.keys(), key=str):
            if ours[key] != theirs[key]:
                differences.append(
                    f"{catalogues.readable(key)}: ours {ours[key]!r}, {catalogues.package_name(localedir)} {theirs[key]!r}"
                )
    assert not differences, f"{len(differences)} overrides:\n" + "\n".join(differences)


@pytest.mark.parametrize("domain", catalogues.DOMAINS)
def test_every_admin_message_has_chinese(domain):
    """Every message of Wagtail, wagtail-localize and wagtailmedia reads
    Chinese: their catalogue or, where they leave it untranslated, ours.
    The JavaScript catalogues are served per package (Wagtail's at
    /admin/jsi18n/, wagtail-localize's at /admin/localize/jsi18n/), each with
    ours on top; the django domain is merged from every package."""
    ours = catalogues.project(domain)
    found = catalogues.packages(domain)
    merged = {key for catalogue in found.values() for key in catalogue}
    missing = []
    for key, (app_name, _entry) in catalogues.admin_messages(domain).items():
        if key in ours:
            continue
        if domain == "django":
            served = key in merged
        else:
            served = any(
                key in catalogue
                for localedir, catalogue in found.items()
                if catalogues.package_name(localedir).replace("/", ".").startswith(app_name)
            )
        if not served:
            missing.append(f"{app_name}: {catalogues.readable(key)}")
    assert not missing, f"{len(missing)} messages show in English:\n" + "\n".join(missing[:60])


def _entry(msgid, msgstr="", *, flags=(), previous=None, msgctxt=None):
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags), msgctxt=msgctxt)
    entry.previous_msgid = previous
    return entry


def test_po_fill_replaces_guesses_and_keeps_reviewed_text():
    catalogue = polib.POFile()
    catalogue.metadata_is_fuzzy = True
    catalogue.extend(
        [
            _entry("Report this comment", "正在征集", flags=["fuzzy"], previous="Open for comments"),
            _entry("Documents published", "文号"),  # un-flagged guess: no JSON file gives this text
            _entry("Closed", "已截止"),  # reviewed: one of the JSON files gives this text
            _entry("Published", "发布日期", msgctxt="date"),  # a context no JSON file gives: kept
            _entry("Pages", "页面", msgctxt="pagination"),  # the JSON text of its context wins
            _entry("New message"),
            _entry("Nobody translated this"),
        ]
    )
    mapping = {
        (None, "Report this comment"): ["举报此意见"],
        (None, "Documents published"): ["发布文件数"],
        (None, "Closed"): ["已截止", "已结束"],
        (None, "Published"): ["已发布"],
        (None, "Pages"): ["页面"],
        ("pagination", "Pages"): ["分页"],
        (None, "New message"): ["新消息"],
    }
    missing = _po_fill().fill(catalogue, mapping)
    texts = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in catalogue}
    assert texts == {
        (None, "Report this comment"): "举报此意见",
        (None, "Documents published"): "发布文件数",
        (None, "Closed"): "已截止",
        ("date", "Published"): "发布日期",
        ("pagination", "Pages"): "分页",
        (None, "New message"): "新消息",
        (None, "Nobody translated this"): "",
    }
    assert missing == ["Nobody translated this"]
    assert not any("fuzzy" in entry.flags or entry.previous_msgid for entry in catalogue if entry.translated())
    assert not catalogue.metadata_is_fuzzy


def test_po_fill_reads_contexts_from_json(tmp_path):
    (tmp_path / "a.json").write_text('{"Name": {"person": "姓名", "": "名称"}, "Pages": "页面"}', encoding="utf-8")
    (tmp_path / "b.json").write_text('{"Name": {"person": "姓名（人）"}}', encoding="utf-8")
    assert _po_fill().load_mapping(tmp_path) == {
        ("person", "Name"): ["姓名", "姓名（人）"],
        (None, "Name"): ["名称"],
        (None, "Pages"): ["页面"],
    }


def test_po_fill_adds_what_packages_leave_untranslated():
    po_fill = _po_fill()
    catalogue = polib.POFile()
    obsolete = _entry("Autosave is paused", "自动保存已暂停")
    obsolete.obsolete = True  # makemessages keeps it as #~: our code does not use it
    catalogue.extend([obsolete, _entry("Saved", "保存好了")])
    plural = polib.POEntry(msgid="%(num)s error", msgid_plural="%(num)s errors")
    package_messages = {
        (None, "Autosave is paused"): ("wagtail/admin", _entry("Autosave is paused")),
        (None, "%(num)s error"): ("wagtail/admin", plural),
        (None, "Saved"): ("wagtail/admin", _entry("Saved")),
        (None, "Delete"): ("wagtail/admin", _entry("Delete")),  # Wagtail translates it
        (None, "Nobody"): ("wagtail/admin", _entry("Nobody")),
    }
    translated = {(None, "Delete"): {"删除": ["wagtail/admin"]}}
    mapping = {
        (None, "Autosave is paused"): ["自动保存已暂停"],
        (None, "%(num)s error"): ["%(num)s 个错误"],
        (None, "Delete"): ["去掉"],
    }
    untranslated = po_fill.add_package_messages(catalogue, mapping, package_messages, translated)
    entries = {entry.msgid: entry for entry in catalogue}
    assert not entries["Autosave is paused"].obsolete
    assert "wagtail/admin" in entries["Autosave is paused"].comment
    assert entries["%(num)s error"].msgid_plural == "%(num)s errors"
    assert entries["%(num)s error"].msgstr_plural == {0: "%(num)s 个错误"}
    assert entries["Saved"].msgstr == "保存好了"  # ours: our code uses it too
    assert "Delete" not in entries  # never override a package
    assert untranslated == [(None, "Nobody")]
    assert po_fill.overrides(catalogue, {(None, "Saved"): {"已保存": ["wagtail/admin"]}}) == [
        ((None, "Saved"), "保存好了", {"已保存": ["wagtail/admin"]})
    ]
