"""The Chinese site speaks Chinese: every message of the zh_Hans catalogue is
translated and reviewed. A fuzzy entry (makemessages' guess from a similar
message) is left out by msgfmt, so the page would show the English."""

import importlib.util
from pathlib import Path

import polib
import pytest
from django.utils import translation

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
            _entry("Published", "发布日期", msgctxt="date"),  # with a context: kept
            _entry("New message"),
            _entry("Nobody translated this"),
        ]
    )
    mapping = {
        "Report this comment": ["举报此意见"],
        "Documents published": ["发布文件数"],
        "Closed": ["已截止", "已结束"],
        "Published": ["已发布"],
        "New message": ["新消息"],
    }
    missing = _po_fill().fill(catalogue, mapping)
    texts = {entry.msgid: entry.msgstr for entry in catalogue}
    assert texts == {
        "Report this comment": "举报此意见",
        "Documents published": "发布文件数",
        "Closed": "已截止",
        "Published": "发布日期",
        "New message": "新消息",
        "Nobody translated this": "",
    }
    assert missing == ["Nobody translated this"]
    assert not any("fuzzy" in entry.flags or entry.previous_msgid for entry in catalogue if entry.translated())
    assert not catalogue.metadata_is_fuzzy
