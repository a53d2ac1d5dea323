"""What a published letter and its answer may show.

Detection and masking are `cms.personal_data` (the same module as for
comments): ID-card, phone and QQ numbers, e-mail addresses, WeChat ids and
postal addresses in every spelling, plus the citizen's own name reduced to
its first character wherever they or the handler wrote it (张三丰 → 张**),
plus whatever a handler masked by hand (`interactions.masking.add`).

`mask(case, text)` is the public copy of one of the case's texts;
`highlighted(case, text)` the original with each masked span marked, for the
screens where a handler checks what will be published."""

from cms import personal_data
from interactions import masking


def case_names(case):
    name = (case.contact_name or "").strip()
    return [name] if len(name) >= 2 else []


def _manual(case):
    # Historical models (data migrations) have no manual masks to look up.
    from .models import Case

    return masking.manual_masks(case) if isinstance(case, Case) and case.pk else []


def mask(case, text, extra=None):
    extra = _manual(case) if extra is None else extra
    return personal_data.mask(text or "", names=case_names(case), extra=extra)


def highlighted(case, text, extra=None):
    extra = _manual(case) if extra is None else extra
    return personal_data.highlight(text or "", names=case_names(case), extra=extra)


def public_copy(case, extra=None):
    """(public_subject, public_body, public_reply) of `case`."""
    extra = _manual(case) if extra is None else extra
    return (mask(case, case.subject, extra)[:200], mask(case, case.body, extra), mask(case, case.reply, extra))


# --- interactions.masking.SOURCES ------------------------------------------------


def case_fields(case):
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    return [(pgettext("case", "Subject"), case.subject), (_("Letter"), case.body), (_("Reply"), case.reply)]


def refresh_case(case):
    case.mask_for_publication()


def may_mask_case(user, case):
    try:
        from .access import can_see, is_handler
    except ImportError:  # pragma: no cover - before department scope existed
        from .admin_views import is_handler

        return is_handler(user)
    return is_handler(user) and can_see(user, case)


def remask_cases(case_model, manual=None, batch=200):
    """Rewrite the public copies of every case that has them (replied ones)."""
    changed, pending = 0, []
    fields = ["public_subject", "public_body", "public_reply"]
    for case in case_model.objects.filter(replied_at__isnull=False).order_by("pk").iterator(chunk_size=batch):
        copy = public_copy(case, (manual or {}).get(str(case.pk), []))
        if copy != (case.public_subject, case.public_body, case.public_reply):
            case.public_subject, case.public_body, case.public_reply = copy
            pending.append(case)
        if len(pending) >= batch:
            case_model.objects.bulk_update(pending, fields)
            changed, pending = changed + len(pending), []
    if pending:
        case_model.objects.bulk_update(pending, fields)
        changed += len(pending)
    return changed
