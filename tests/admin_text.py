"""Find English interface text in a page of the Chinese admin.

What a person reads: text nodes (visually hidden ones too: screen readers
read them), the attributes a browser shows or speaks (aria-label, title,
placeholder, alt, tooltips, button values) and the words inside the JSON
props Wagtail renders its sidebar and StreamField editor from. Not the
content people typed: form values, textareas, rich-text data, code.

A text is English when a Latin word of two or more letters is left after
removing the content it quotes (page titles, names… passed in as
`content`) and a short list of proper names and codes."""

import json
import re

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString

# Proper names, codes and units that read the same in a Chinese interface.
ALLOWED_WORDS = {
    "wagtail",
    "gongkai",
    "wechat",
    "weibo",
    "localize",
    "opensearch",
    "elasticsearch",
    "postgresql",
    "sqlite",
    "csv",
    "xlsx",
    "pdf",
    "json",
    "url",
    "urls",
    "id",
    "api",
    "html",
    "svg",
    "rss",
    "xml",
    "jpeg",
    "jpg",
    "png",
    "gif",
    "webp",
    "avif",
    "heic",
    "docx",
    "ofd",
    "mp3",
    "mp4",
    "webvtt",
    "vtt",
    "srt",
    "utc",
    "gmt",
    "cst",
    "icp",
    "ip",
    "qr",
    "ok",
    "px",
    "kb",
    "mb",
    "gb",
    "tb",
    "pb",
    "cc",
    "bcc",
    "otp",
    "totp",
    "sms",
    "seo",
    "og",
    "rgb",
    "hsl",
    "rem",
    "em",
    "http",
    "https",
    "www",
    "uuid",
    "utf",
    "gbk",
    "mime",
    "en",
    "zh",
    "hans",
    "english",
    "ctrl",
    "alt",
    "shift",
    "cmd",
    "esc",
    "enter",
    "tab",
    "del",
    "backspace",
    "markdown",
    "iframe",
    "javascript",
    "atom",
    "icalendar",
    "rrule",
    "sha",
}
ALLOWED_PHRASES = ("Open Graph",)
# Choices that are names in their own language or codes: languages, time zones.
NAME_SELECTS = re.compile(r"(^|[-_])(preferred_language|current_time_zone|locale|language_code)$")
ATTRIBUTES = ("aria-label", "aria-description", "title", "placeholder", "alt", "data-w-tooltip-content-value")
JSON_KEYS = {"label", "title", "help_text", "helpText", "placeholder", "description", "text", "heading", "verbose_name"}
SKIP_TAGS = {"script", "style", "textarea", "code", "pre", "template-placeholder"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']*[A-Za-z]")
MACHINE = re.compile(
    r"\S*(?:https?://|www\.|/\w|\w@\w|\w\.\w{2,4}\b|[a-z]\.[a-z]|[_=]|\w:\w|[A-Za-z]\d|\d[A-Za-z])\S*"
    r"|%\(\w+\)[sd]|\{\w+\}"
)
SPACE = re.compile(r"\s+")


class ContentFilter:
    """Removes the content strings (titles, names…) a text quotes."""

    def __init__(self, content=()):
        strings = sorted(
            {SPACE.sub(" ", s).strip() for s in content if s and re.search("[A-Za-z]{2}", s)}, key=len, reverse=True
        )
        alternatives = "|".join(re.escape(s) for s in strings)
        # Whole words only: a language code "en" is no part of "iCalendar".
        self.pattern = re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])") if strings else None

    def __call__(self, text):
        return self.pattern.sub(" ", text) if self.pattern else text


def _allowed(word):
    # Codes and abbreviations are written in capitals (GKB, RRULE, SZF).
    return word.lower().strip("'") in ALLOWED_WORDS or (word.isupper() and len(word) <= 5)


def english_words(text, content_filter=None):
    """The English words left in one piece of text."""
    text = SPACE.sub(" ", text).strip()
    if not re.search("[A-Za-z]{2}", text):
        return []
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    keep = content_filter or (lambda value: value)
    # Quoted content may look like a file name or an address, and the other way round.
    words = []
    for cleaned in (MACHINE.sub(" ", keep(text)), keep(MACHINE.sub(" ", text))):
        words.append([word for word in LATIN_WORD.findall(cleaned) if not _allowed(word)])
    return min(words, key=len)


def _json_strings(value, key=None):
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _json_strings(child, child_key)
    elif isinstance(value, list):
        for child in value:
            yield from _json_strings(child, key)
    elif isinstance(value, str) and key in JSON_KEYS:
        yield value


def texts(html):
    """(where, text) of everything a person reads on the page."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script", type="application/json"):
        try:
            data = json.loads(script.string or "null")
        except ValueError:
            continue
        for text in _json_strings(data):
            # Telepath props carry HTML (help texts, rendered blocks) too.
            inner = BeautifulSoup(text, "html.parser").get_text(" ") if "<" in text else text
            yield f"json#{script.get('id', '')}", inner
    for node in soup.descendants:
        if isinstance(node, (Comment, Doctype)):
            continue
        if isinstance(node, NavigableString):
            if any(parent.name in SKIP_TAGS for parent in node.parents):
                continue
            if not node.strip():
                continue
            parent = node.parent
            if parent.name == "option" and parent.find_parent("select", attrs={"name": NAME_SELECTS}):
                continue
            if node.strip() == "None" and node.find_parent(attrs={"hidden": True}):
                continue  # Wagtail's empty side-panel counter, filled by its script
            yield parent.name, str(node)
            continue
        if node.name in SKIP_TAGS:
            continue
        for attribute in ATTRIBUTES:
            if node.get(attribute):
                yield f"{node.name}[{attribute}]", node[attribute]
        for attribute, value in node.attrs.items():
            # StreamField and other editors keep their definitions (block
            # labels, help texts) in JSON data attributes.
            if attribute.startswith("data-") and isinstance(value, str) and value[:1] in "{[":
                try:
                    data = json.loads(value)
                except ValueError:
                    continue
                for text in _json_strings(data):
                    inner = BeautifulSoup(text, "html.parser").get_text(" ") if "<" in text else text
                    yield f"{node.name}[{attribute}]", inner
        if node.name == "input" and node.get("type") in ("submit", "button", "reset") and node.get("value"):
            yield f"{node.name}[value]", node["value"]


def english_texts(html, content_filter=None):
    """{text: where} of the English texts on the page."""
    found = {}
    for where, text in texts(html):
        if english_words(text, content_filter):
            found.setdefault(SPACE.sub(" ", text).strip()[:200], where)
    return found
