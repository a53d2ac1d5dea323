"""Citations between documents: document numbers mentioned in a live body.

On publication a page's body is read for document numbers (see
policies.numbers) and one Citation row is stored per candidate reading. On
display the candidates are matched against live policies: a match is linked
(and the cited page lists the citing page under "cited by"); a mention with no
match stays plain text and is listed as an external citation."""

import re

from django.utils.html import escape, strip_tags
from wagtail.models import Page

from . import numbers

TAG_RE = re.compile(r"(<[^>]+>)")


def blocks_text(blocks):
    """The text that may cite, from raw StreamField blocks ({"type", "value"})."""
    parts = []
    for block in blocks or []:
        kind, value = block.get("type"), block.get("value")
        if kind in ("heading", "quote") and isinstance(value, dict):
            parts.append(value.get("text", ""))
        elif kind == "paragraph" and isinstance(value, str):
            parts.append(strip_tags(value))
    return "\n".join(parts)


def body_text(page):
    body = getattr(page, "body", None)
    return blocks_text(body.raw_data if body is not None else [])


def citation_rows(citation_model, source_id, text, own_key=""):
    """One unsaved Citation per candidate reading of each number in `text`
    (issuers of one character are only kept as the best guess)."""
    rows, seen = [], set()
    for index, mention in enumerate(numbers.find_mentions(text)):
        guess = mention.guessed_key
        for key in [*mention.candidates(min_issuer=2), guess]:
            if key in seen or key == own_key:
                continue
            seen.add(key)
            written = mention.written(key)[:100]
            rows.append(
                citation_model(
                    source_id=source_id, mention=index, number_key=key, written=written, is_guess=key == guess
                )
            )
    return rows


def update_citations(page):
    from .models import Citation

    rows = citation_rows(Citation, page.pk, body_text(page), getattr(page, "document_number_key", ""))
    Citation.objects.filter(source_id=page.pk).delete()
    Citation.objects.bulk_create(rows)


def _live_policies_by_key(keys, locale_id):
    from .models import PolicyPage

    found = {}
    for policy in PolicyPage.objects.live().public().filter(document_number_key__in=keys).order_by("pk"):
        # Prefer the document in the citing page's language.
        if policy.document_number_key not in found or policy.locale_id == locale_id:
            found[policy.document_number_key] = policy
    return found


def resolve_citations(page):
    """([cited live policies], [external citations as written]) for `page`."""
    from .models import Citation

    rows = list(Citation.objects.filter(source_id=page.pk).order_by("mention", "pk"))
    if not rows:
        return [], []
    by_key = _live_policies_by_key({row.number_key for row in rows}, page.locale_id)
    mentions = {}
    for row in rows:
        mentions.setdefault(row.mention, []).append(row)
    cited, external = [], []
    for readings in mentions.values():
        hit = next((by_key[row.number_key] for row in readings if row.number_key in by_key), None)
        if hit is not None:
            if hit.pk != page.pk and hit not in cited:
                cited.append(hit)
        else:
            guess = next((row for row in readings if row.is_guess), readings[-1])
            if guess.written not in external:
                external.append(guess.written)
    return cited, external


def citing_pages(policy):
    """Live public pages whose body cites `policy` (same language first)."""
    from .models import Citation

    if not policy.document_number_key:
        return []
    source_ids = (
        Citation.objects.filter(number_key=policy.document_number_key).exclude(source_id=policy.pk).values("source_id")
    )
    pages = Page.objects.live().public().filter(pk__in=source_ids).specific().order_by("-first_published_at")
    return sorted(pages, key=lambda p: p.locale_id != policy.locale_id)


def link_citations(html, page):
    """Link the document numbers in rendered body HTML to the cited live pages."""
    cited, _external = resolve_citations(page)
    if not cited:
        return html
    urls = {p.document_number_key: p.url for p in cited if p.url}
    out, in_link = [], 0
    for part in TAG_RE.split(str(html)):
        if part.startswith("<"):
            lowered = part.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                in_link += 1
            elif lowered.startswith("</a"):
                in_link = max(0, in_link - 1)
            out.append(part)
            continue
        if in_link or not part:
            out.append(part)
            continue
        pieces, cursor = [], 0
        for mention in numbers.find_mentions(part):
            key = next((k for k in [*mention.candidates(), mention.guessed_key] if k in urls), None)
            if not key:
                continue
            start, end = mention.span_for(key)
            if start < cursor:
                continue
            pieces.append(part[cursor:start])
            pieces.append(f'<a class="citation" href="{escape(urls[key])}">{part[start:end]}</a>')
            cursor = end
        pieces.append(part[cursor:])
        out.append("".join(pieces))
    return "".join(out)
