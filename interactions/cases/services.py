"""Everything that changes a case goes through here, so every step is
checked, logged as a CaseEvent and announced to whoever must know."""

import base64
import functools
import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import roles
from interactions import tracking

from . import masking as case_masking
from . import workdays
from .departments import canonical_department
from .models import (
    ANSWERED_STATUSES,
    DISCLOSURE_TERM_DAYS,
    LETTER_TERM_DAYS,
    MAX_CORRECTION_DAYS,
    MAX_EXTENSION_DAYS,
    OPEN_STATUSES,
    PUBLIC_EVENTS,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseMail,
    CasePause,
    Channel,
    DepartmentHandler,
    Event,
    ExtensionState,
    Outcome,
    Rating,
    ScheduleAlert,
    Status,
    Supervision,
    correction_days,
)

logger = logging.getLogger(__name__)


class CaseError(Exception):
    """A step that the rules do not allow; the message is for the handler."""


def log(case, kind, actor=None, *, public_message="", detail="", at=None, notify=True):
    """Record one step. A step on the citizen's timeline (a public event) is
    also e-mailed to the citizen if they gave an address ("citizens hear
    back"), except the receipt, which the intake sends with the code; pass
    `notify=False` for a step that is told together with the next one."""
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        public=kind in PUBLIC_EVENTS,
        public_message=public_message,
        detail=detail,
        at=at or timezone.now(),
    )
    if event.public and notify and kind != Event.RECEIVED:
        tell_citizen(case, event)
    return event


# --- Notifications ---------------------------------------------------------


def send(recipients, subject, template, context, *, case=None, withheld=None):
    """Record the e-mail in the outbox (CaseMail) and queue its delivery once
    the transaction commits. django-q2 hands a task out again when a worker
    dies mid-task; `deliver_mail` makes that redelivery send nothing twice.

    `withheld` (name -> (value, stand-in)) are context values that must never
    be stored: the receipt's tracking code and password. The outbox keeps
    the body rendered with the stand-ins; the real body exists only in this
    process and is sent as soon as the transaction commits, in the request
    (not through django-q2, whose ORM broker would store it). If that send
    fails, django-q2 retries with the stored, redacted body."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return None
    withheld = withheld or {}
    body = render_to_string(template, {**context, **{name: stand_in for name, (_v, stand_in) in withheld.items()}})
    mail = CaseMail.objects.create(case=case, subject=str(subject)[:255], body=body, recipients=recipients)
    pk = mail.pk
    if withheld:
        full_body = render_to_string(template, {**context, **{name: value for name, (value, _s) in withheld.items()}})
        transaction.on_commit(lambda: _deliver_now_or_queue(pk, full_body), robust=True)
    else:
        transaction.on_commit(lambda: _queue_delivery(pk), robust=True)
    return mail


def _queue_delivery(pk):
    from django_q.tasks import async_task

    # A unique name: django-q2 looks results up by name, so names must not repeat.
    async_task("interactions.cases.services.deliver_mail", pk, task_name=f"cases-mail-{pk}")


def _deliver_now_or_queue(pk, body):
    try:
        deliver_mail(pk, body=body)
    except Exception:
        logger.warning("Case e-mail %s could not be sent now; queued without its secrets", pk, exc_info=True)
        _queue_delivery(pk)


def deliver_mail(pk, body=None):
    """Send one outbox row, at most once; run by django-q2 (or, with `body`,
    straight after the commit by `send`).

    The row is claimed (sent_at set by a conditional UPDATE) before the
    e-mail goes out, so a redelivered task finds it claimed and returns. A
    failed send releases the claim, so django-q2's retry sends it again. Once
    sent, the body is cleared. `body` replaces the stored (redacted) body for
    this one send: it is never written anywhere."""
    claimed_at = timezone.now()
    if not CaseMail.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=claimed_at):
        return False
    mail = CaseMail.objects.get(pk=pk)
    try:
        send_mail(mail.subject, body or mail.body, settings.DEFAULT_FROM_EMAIL, mail.recipients)
    except Exception:
        CaseMail.objects.filter(pk=pk, sent_at=claimed_at).update(sent_at=None)
        raise
    CaseMail.objects.filter(pk=pk).update(body="")
    return True


def notify_applicant(case, subject, message):
    if case.contact_email:
        send([case.contact_email], subject, "cases/emails/applicant.txt", {"case": case, "message": message}, case=case)


def send_receipt(case, code, password, url):
    """The receipt: tracking code and password, e-mailed once from memory.
    The outbox copy says where they were shown instead (see `send`)."""
    if not case.contact_email:
        return None
    with translation.override(case.language or settings.LANGUAGE_CODE):
        subject = _("Your case %(ref)s has been received") % {"ref": case.reference}
        stand_in = _("(shown on the receipt page when you sent it; not kept by us)")
        return send(
            [case.contact_email],
            subject,
            "cases/emails/receipt.txt",
            {"case": case, "url": url},
            case=case,
            withheld={"code": (code, stand_in), "password": (password, stand_in)},
        )


def staff_context(case, message):
    """Staff e-mails leave the portal's reach (mail servers, phones): the
    case's subject in them is masked like its public copy."""
    return {"case": case, "subject": case_masking.mask(case, case.subject), "message": message}


# Subjects of the citizen's e-mails, by timeline step; the others read
# "Your case XX2026-000001: <step>".
CITIZEN_SUBJECTS = {
    Event.CORRECTION_REQUESTED: gettext_lazy("Please complete your request %(ref)s"),
    Event.EXTENDED: gettext_lazy("Your request %(ref)s: deadline extended"),
    Event.REPLIED: gettext_lazy("Reply to your case %(ref)s"),
    Event.NEW_REPLY: gettext_lazy("New reply to your case %(ref)s"),
    Event.WITHDRAWN: gettext_lazy("Your request %(ref)s is treated as withdrawn"),
}


def lookup_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("cases:lookup")


def tell_citizen(case, event):
    """E-mail one timeline step to the citizen, in the language they wrote in."""
    if not case.contact_email:
        return None
    with translation.override(case.language or settings.LANGUAGE_CODE):
        step = event.get_kind_display()
        subject = CITIZEN_SUBJECTS.get(event.kind)
        subject = (
            subject % {"ref": case.reference}
            if subject
            else _("Your case %(ref)s: %(step)s") % {"ref": case.reference, "step": step}
        )
        if event.kind in (Event.REPLIED, Event.NEW_REPLY):
            message = case.reply
        else:
            message = f"{step}: {event.public_message}" if event.public_message else str(step)
        message += "\n\n" + _("Follow your case at %(url)s with your tracking code and password.") % {
            "url": lookup_url()
        }
        return send(
            [case.contact_email], subject, "cases/emails/applicant.txt", {"case": case, "message": message}, case=case
        )


def supervisor_emails():
    """The central office (Case supervisors, and superusers): new and unassigned cases."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=roles.CASE_SUPERVISORS) | Q(is_superuser=True))
    )
    return [user.email for user in users]


def department_handlers(department):
    """DepartmentHandler rows of the department, in any of its translations."""
    return DepartmentHandler.objects.filter(department__translation_key=department.translation_key)


def department_emails(department):
    if department is None:
        return supervisor_emails()
    members = [h.user.email for h in department_handlers(department).select_related("user") if h.user.is_active]
    return [department.email, *members] if (department.email or members) else supervisor_emails()


def notify_department(case, subject, message):
    send(
        department_emails(case.department),
        subject,
        "cases/emails/staff.txt",
        staff_context(case, message),
        case=case,
    )


def administrator_emails():
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=roles.SITE_ADMINISTRATORS) | Q(is_superuser=True))
    )
    return [user.email for user in users]


def alert_missing_schedule(years):
    """Tell administrators, once per year, to enter that year's holiday schedule."""
    for year in years:
        _alert, created = ScheduleAlert.objects.get_or_create(year=year)
        if created:
            send(
                administrator_emails(),
                _("Enter the %(year)s holiday schedule") % {"year": year},
                "cases/emails/schedule_missing.txt",
                {"year": year, "admin_url": settings.WAGTAILADMIN_BASE_URL + "/admin/snippets/cases/holidayschedule/"},
            )


def missing_schedule_years():
    """Years for which provisional deadlines exist and no schedule is known."""
    calendar = workdays.Calendar()
    years = set(ScheduleAlert.objects.values_list("year", flat=True))
    return sorted(year for year in years if not calendar.is_covered(year))


# --- Deadlines -------------------------------------------------------------


def update_deadline(case, calendar=None):
    result = case.recompute_deadline(calendar)
    if result.uncovered_years:
        alert_missing_schedule(result.uncovered_years)
    return result


def recompute_provisional_deadlines():
    """After a schedule is entered: recompute every provisional deadline."""
    calendar = workdays.Calendar()
    changed = 0
    for case in Case.objects.filter(deadline_provisional=True).prefetch_related("correction_pauses"):
        before = case.deadline
        result = update_deadline(case, calendar)
        if not result.provisional or result.date != before:
            changed += 1
            log(
                case,
                Event.DEADLINE_RECOMPUTED,
                public_message=_("Deadline: %(date)s") % {"date": result.date},
                detail=f"{before} → {result.date}",
            )
    ScheduleAlert.objects.filter(year__in=list(calendar.schedules)).delete()
    return changed


def working_days_left(case, today=None):
    today = today or timezone.localdate()
    if not case.deadline or today >= case.deadline:
        return 0
    return workdays.working_days_between(today, case.deadline)


# --- Submission and lookup -------------------------------------------------


def term_for(channel, category):
    if channel == Channel.DISCLOSURE:
        return DISCLOSURE_TERM_DAYS
    return category.term_days if category else LETTER_TERM_DAYS


def submission_digest(key):
    return hashlib.sha256(f"cases.submission:{key}".encode()).hexdigest()


def _derived(key, purpose):
    return hmac.new(settings.SECRET_KEY.encode(), f"cases.{purpose}:{key}".encode(), hashlib.sha256).digest()


def receipt_for(key):
    """(tracking code, password) of the case submitted with `key`.

    Derived from the submission key with SECRET_KEY, so every response to the
    same form, in whatever process it runs, shows the same receipt without
    the code being kept anywhere: the database holds only digests (of the
    code, of the key) and a password hash. Whoever can derive it already
    holds the citizen's filled-in form."""
    raw = base64.b32encode(_derived(key, "tracking-code")[: tracking.ENTROPY_BYTES]).decode("ascii").rstrip("=")
    code = "-".join([tracking.PREFIX, *(raw[i : i + tracking.GROUP] for i in range(0, len(raw), tracking.GROUP))])
    # 256 is a multiple of the alphabet's 32 symbols: no bias.
    password = "".join(PASSWORD_ALPHABET[byte % len(PASSWORD_ALPHABET)] for byte in _derived(key, "password")[:10])
    return code, password


def create_case(*, channel, attachments=(), user=None, received_at=None, submission_key=None, **fields):
    """Register a new case. Returns (case, tracking code, password): the
    password is not stored in clear and can only be shown now.

    With a `submission_key` (every form has one), the same form sent twice —
    at once or later — is one case: the unique submission digest makes the
    second insert fail, and the second caller gets the first case (marked
    `case.repeated`) with the same code and password. No query looks for a
    repeat before each insert: the constraint decides, under any race."""
    if submission_key:
        code, password = receipt_for(submission_key)
        fields["submission_digest"] = submission_digest(submission_key)
    else:
        code, password = tracking.new_code(), new_password()
    try:
        with transaction.atomic():
            case = _create_case(channel, code, password, attachments, user, received_at, fields)
    except IntegrityError:
        existing = (
            Case.objects.filter(submission_digest=fields["submission_digest"]).first() if submission_key else None
        )
        if existing is None:
            raise
        existing.repeated = True
        return existing, code, password
    case.repeated = False
    return case, code, password


def _create_case(channel, code, password, attachments, user, received_at, fields):
    fields["department"] = canonical_department(fields.get("department"))
    case = Case(
        channel=channel,
        password_hash=make_password(password),
        created_by=user,
        tracking_digest=tracking.digest(code),
        **fields,
    )
    if received_at:
        case.received_at = received_at
    case.term_days = term_for(channel, case.category)
    case.save()
    for upload, content_type in attachments:
        CaseAttachment.objects.create(
            case=case, file=upload, original_name=upload.name[:200], content_type=content_type, size=upload.size
        )
    update_deadline(case)
    log(case, Event.RECEIVED, user, at=case.received_at, detail=_("Entered by staff") if user else "")
    if case.department_id:
        assign(case, case.department, user)  # tells the department
    else:
        send(
            supervisor_emails(),
            _("New case %(ref)s") % {"ref": case.reference},
            "cases/emails/staff.txt",
            staff_context(case, _("A new case has been received.")),
            case=case,
        )
    return case


@functools.cache
def _dummy_hash():
    return make_password("not-a-real-password")


PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - no 0/O, 1/I


def new_password():
    """10 symbols of 5 bits, on top of the 160-bit code."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(10))


def lookup(code, password):
    """The case for this code and password, or None. Unknown codes and wrong
    passwords take the same path, so neither timing nor answer tells them apart."""
    case = tracking.lookup(Case.objects.all(), code or "", "tracking_digest")
    valid = check_password(password or "", case.password_hash if case else _dummy_hash())
    return case if case and valid else None


# --- Handling ----------------------------------------------------------------


def _require(case, statuses, message):
    if case.status not in statuses:
        raise CaseError(message)


def accept(case, user, notify=True):
    _require(case, [Status.RECEIVED], _("Only a newly received case can be accepted."))
    case.status = Status.ACCEPTED
    case.save(update_fields=["status"])
    log(case, Event.ACCEPTED, user, notify=notify)


def assign(case, department, user):
    _require(case, [Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED], _("This case can no longer be assigned."))
    if case.status == Status.RECEIVED:
        accept(case, user, notify=False)  # one e-mail for both steps: the assignment's
    department = canonical_department(department)
    case.department, case.status = department, Status.ASSIGNED
    case.save(update_fields=["department", "status"])
    log(case, Event.ASSIGNED, user, public_message=str(department))
    notify_department(
        case,
        _("Case %(ref)s assigned to you") % {"ref": case.reference},
        _("Please draft a reply before %(date)s.") % {"date": case.deadline},
    )


def request_correction(case, user, text, on=None, days=None):
    """补正 (条例第三十条): tell the applicant what to correct and by when.

    No term runs while the correction is awaited; once it is received the
    term starts again from that day (Case.compute_deadline). The notice
    states the date, `days` working days from the request (default
    CASES_CORRECTION_DAYS, 15); if nothing arrives by then the daily job
    `close_uncorrected` closes the request as withdrawn."""
    _require(
        case,
        [Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED],
        _("A correction can only be requested before the reply."),
    )
    if not text.strip():
        raise CaseError(_("Say what the applicant must correct or complete."))
    days = correction_days() if days is None else days
    if not 1 <= days <= MAX_CORRECTION_DAYS:
        raise CaseError(
            _("The applicant has between 1 and %(max)s working days to correct.") % {"max": MAX_CORRECTION_DAYS}
        )
    on = on or timezone.localdate()
    due = workdays.add_working_days(on, days)
    if due.uncovered_years:
        alert_missing_schedule(due.uncovered_years)
    CasePause.objects.create(case=case, started_on=on)
    case.correction_request, case.correction_answer, case.correction_due = text, "", due.date
    case.status = Status.CORRECTION
    case.save(update_fields=["status", "correction_request", "correction_answer", "correction_due"])
    update_deadline(case)
    # Written in the citizen's language: it is their timeline and their e-mail.
    with translation.override(case.language or settings.LANGUAGE_CODE):
        if case.channel == Channel.DISCLOSURE:
            message = _(
                "%(text)s\n\nPlease send your correction by %(date)s. The time limit for answering your request "
                "starts again on the day we receive it. If we receive nothing by then, your request is treated as "
                "withdrawn (Regulations on Open Government Information, Article 30); you may submit it again."
            ) % {"text": text, "date": due.date}
        else:
            message = _(
                "%(text)s\n\nPlease send your correction by %(date)s. The time limit for answering starts again "
                "on the day we receive it. If we receive nothing by then, your case is closed as withdrawn; "
                "you may write again."
            ) % {"text": text, "date": due.date}
    log(case, Event.CORRECTION_REQUESTED, user, public_message=message)


def receive_correction(case, answer, user=None, on=None):
    _require(case, [Status.CORRECTION], _("No correction is awaited."))
    on = on or timezone.localdate()
    # Conditional: two answers at once (the applicant and a handler) end the pause once.
    if not Case.objects.filter(pk=case.pk, status=Status.CORRECTION).update(
        status=Status.ASSIGNED if case.department_id else Status.ACCEPTED, correction_answer=answer
    ):
        raise CaseError(_("No correction is awaited."))
    case.correction_pauses.filter(ended_on__isnull=True).update(ended_on=on)
    case.refresh_from_db(fields=["status", "correction_answer"])
    result = update_deadline(case)
    log(
        case,
        Event.CORRECTION_RECEIVED,
        user,
        public_message=_("The time limit starts again from %(start)s. New deadline: %(date)s")
        % {"start": on, "date": result.date},
        detail=answer,
    )
    notify_department(
        case, _("Correction received for %(ref)s") % {"ref": case.reference}, case_masking.mask(case, answer)
    )


def close_uncorrected(today=None):
    """Run daily by django-q2: a request whose correction is overdue (nothing
    received by `correction_due`) is closed as withdrawn, 条例第三十条
    (annual report: 申请人无正当理由逾期不补正). Returns how many."""
    today = today or timezone.localdate()
    closed = 0
    for case in Case.objects.filter(status=Status.CORRECTION, correction_due__lt=today):
        with transaction.atomic():
            now = timezone.now()
            # Conditional: a correction arriving at the same moment wins, or this does.
            if not Case.objects.filter(pk=case.pk, status=Status.CORRECTION).update(
                status=Status.CLOSED,
                closed_at=now,
                outcome=Outcome.NO_CORRECTION if case.channel == Channel.DISCLOSURE else "",
            ):
                continue
            case.refresh_from_db()
            pause = case.correction_pauses.filter(ended_on__isnull=True).last()
            with translation.override(case.language or settings.LANGUAGE_CODE):
                message = _(
                    "We asked you on %(asked)s to correct your request by %(due)s and received nothing. "
                    "As the Regulations on Open Government Information provide (Article 30), the request is "
                    "treated as withdrawn and closed. You may submit it again at any time."
                ) % {"asked": pause.started_on if pause else "", "due": case.correction_due}
            case.correction_pauses.filter(ended_on__isnull=True).update(ended_on=today)
            log(case, Event.WITHDRAWN, at=now, public_message=message)
            notify_department(case, _("Case %(ref)s closed: no correction received") % {"ref": case.reference}, message)
            closed += 1
    return closed


def request_extension(case, user, days, reason):
    _require(case, [Status.ACCEPTED, Status.ASSIGNED], _("Only a case in progress can be extended."))
    if case.extension_state in (ExtensionState.APPROVED, ExtensionState.REQUESTED, ExtensionState.REFUSED):
        raise CaseError(_("The deadline can be extended only once."))
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise CaseError(_("An extension is between 1 and %(max)s working days.") % {"max": MAX_EXTENSION_DAYS})
    if not reason.strip():
        raise CaseError(_("Give the reason for the extension."))
    case.extension_state, case.extension_requested_days, case.extension_reason = ExtensionState.REQUESTED, days, reason
    case.extension_requested_by = user
    case.save(
        update_fields=["extension_state", "extension_requested_days", "extension_reason", "extension_requested_by"]
    )
    log(case, Event.EXTENSION_REQUESTED, user, detail=f"{days}: {reason}")


def decide_extension(case, user, approve):
    if case.extension_state != ExtensionState.REQUESTED:
        raise CaseError(_("No extension is waiting for approval."))
    if user.pk == case.extension_requested_by_id:
        raise CaseError(_("Another person must approve the extension."))
    if not approve:
        case.extension_state = ExtensionState.REFUSED
        case.save(update_fields=["extension_state"])
        log(case, Event.EXTENSION_REFUSED, user)
        return
    case.extension_state, case.extension_approved_by = ExtensionState.APPROVED, user
    case.extension_days = case.extension_requested_days
    case.save(update_fields=["extension_state", "extension_approved_by", "extension_days"])
    result = update_deadline(case)
    message = _("The deadline is extended by %(days)s working days to %(date)s. Reason: %(reason)s") % {
        "days": case.extension_days,
        "date": result.date,
        "reason": case.extension_reason,
    }
    log(case, Event.EXTENDED, user, public_message=message)


def can_draft(user, case):
    """The department's own handlers draft its replies. A department with no
    handlers configured is served by the central office (who alone sees its
    cases, see access.py)."""
    if user.is_superuser or case.department is None:
        return True
    members = department_handlers(case.department)
    return not members.exists() or members.filter(user=user).exists()


def draft_reply(case, user, reply, outcome="", legal_ground=""):
    _require(case, [Status.ACCEPTED, Status.ASSIGNED], _("A reply can be drafted once the case is in progress."))
    if not can_draft(user, case):
        raise CaseError(_("Only the responsible department's handlers can draft this reply."))
    if not reply.strip():
        raise CaseError(_("The reply is empty."))
    if case.channel == Channel.DISCLOSURE and not outcome:
        raise CaseError(_("Choose the outcome of the disclosure request."))
    if outcome == Outcome.NOT_DISCLOSED and not legal_ground:
        raise CaseError(_("Give the legal ground for not disclosing."))
    case.reply, case.outcome, case.legal_ground = (
        reply,
        outcome,
        legal_ground if outcome in (Outcome.NOT_DISCLOSED, Outcome.PARTLY_DISCLOSED) else "",
    )
    case.reply_drafted_by, case.status = user, Status.REVIEW
    case.save(update_fields=["reply", "outcome", "legal_ground", "reply_drafted_by", "status"])
    log(case, Event.REPLY_DRAFTED, user, detail=reply)


def return_reply(case, user, note):
    _require(case, [Status.REVIEW], _("No reply is under review."))
    case.status = Status.ASSIGNED if case.department_id else Status.ACCEPTED
    case.save(update_fields=["status"])
    log(case, Event.REPLY_RETURNED, user, detail=note)


def approve_reply(case, user, now=None):
    """The second person's approval sends the reply to the citizen. The
    masked public copy is prepared now; it is published only once someone
    other than the reply's author approves it (`publish_answer`)."""
    _require(case, [Status.REVIEW], _("No reply is under review."))
    if user.pk == case.reply_drafted_by_id:
        raise CaseError(_("The reply must be approved by someone other than its author."))
    now = now or timezone.now()
    case.reply_approved_by, case.replied_at, case.status = user, now, Status.REPLIED
    # Counted from the day the term (re)started: receipt, or the last correction (条例第三十条).
    case.working_days_taken = workdays.working_days_between(case.term_start, timezone.localtime(now).date())
    case.save(update_fields=["reply_approved_by", "replied_at", "status", "working_days_taken"])
    case.mask_for_publication()
    log(case, Event.REPLIED, user, at=now)


# --- Publication of answers (issue 20, defect 3) ------------------------------------


def public_copy_digest(case):
    """Names one version of the public copy: the approval form carries the
    digest of the copy its preview showed, so a copy that changed since
    (a mask added, a new reply) is not approved unseen."""
    text = "\x1f".join([case.public_subject, case.public_body, case.public_reply])
    return hashlib.sha256(text.encode()).hexdigest()


def can_publish(user, case):
    return user.pk != case.reply_drafted_by_id


def publish_answer(case, user, previewed_digest):
    """A second person approves the masked public copy exactly as previewed:
    only then is a consented answer on the public list and in search."""
    if not (case.consent_publish and case.replied_at and case.status in ANSWERED_STATUSES):
        raise CaseError(_("Only a replied case whose author agreed to publication can be published."))
    if case.withhold_publication:
        raise CaseError(_("Publication of this answer is withheld."))
    if case.published_at:
        raise CaseError(_("This answer is already published."))
    if not can_publish(user, case):
        raise CaseError(_("Someone other than the reply's author must approve the public copy."))
    if previewed_digest != public_copy_digest(case):
        raise CaseError(_("The public copy has changed since you opened it. Check the preview again."))
    now = timezone.now()
    # Conditional: two approvals at once publish once.
    if not Case.objects.filter(pk=case.pk, published_at__isnull=True).update(
        published_at=now, publication_approved_by=user
    ):
        raise CaseError(_("This answer is already published."))
    case.published_at, case.publication_approved_by = now, user
    log(case, Event.PUBLISHED, user, at=now)


def unpublish_answer(case):
    """Back to the review queue: the next publication is approved again."""
    case.published_at, case.publication_approved_by = None, None
    Case.objects.filter(pk=case.pk).update(published_at=None, publication_approved_by=None)


def set_withheld(case, user, withhold):
    case.withhold_publication = withhold
    case.save(update_fields=["withhold_publication"])
    if withhold:
        unpublish_answer(case)
    add_note(case, user, _("Publication withheld") if withhold else _("Publication allowed"))


def rate(case, rating, comment=""):
    if case.status not in (Status.REPLIED, Status.CLOSED) or not case.replied_at:
        raise CaseError(_("A case can be rated once it has been replied to."))
    if case.rated_at:
        raise CaseError(_("This case has already been rated."))
    if rating not in Rating.values:
        raise CaseError(_("Choose a rating."))
    # Conditional update: two simultaneous submissions cannot both succeed.
    updated = Case.objects.filter(pk=case.pk, rated_at__isnull=True).update(
        rating=rating, rating_comment=comment, rated_at=timezone.now()
    )
    if not updated:
        raise CaseError(_("This case has already been rated."))
    case.refresh_from_db()
    log(case, Event.RATED, public_message=case.get_rating_display(), detail=comment)
    if rating == Rating.UNSATISFIED:
        open_supervision(case, _("The citizen is unsatisfied with the reply."))


def open_supervision(case, reason, user=None):
    if case.supervision == Supervision.OPEN:
        return False
    case.supervision, case.supervision_reason, case.supervision_opened_at = Supervision.OPEN, reason, timezone.now()
    case.save(update_fields=["supervision", "supervision_reason", "supervision_opened_at"])
    log(case, Event.SUPERVISION_OPENED, user, detail=reason)
    notify_department(case, _("Case %(ref)s is under supervision") % {"ref": case.reference}, reason)
    return True


def resolve_supervision(case, user, note, new_reply=""):
    """Resolving 督办 is visible: the result goes on the citizen's timeline
    (and by e-mail); a new answer may replace the reply (its public copy is
    prepared again and goes back to publication review); a replied case can
    be rated again, the earlier rating staying in the timeline."""
    if case.supervision != Supervision.OPEN:
        raise CaseError(_("This case is not under supervision."))
    if not note.strip():
        raise CaseError(_("Say how the supervision was resolved: the citizen reads it."))
    new_reply = new_reply.strip()
    if new_reply and not case.replied_at:
        raise CaseError(_("A case without a reply gets its reply through review, not here."))
    # Conditional: two resolutions at once resolve once.
    if not Case.objects.filter(pk=case.pk, supervision=Supervision.OPEN).update(supervision=Supervision.RESOLVED):
        raise CaseError(_("This case is not under supervision."))
    case.supervision = Supervision.RESOLVED
    log(case, Event.SUPERVISION_RESOLVED, user, public_message=note)
    if new_reply:
        previous = case.reply
        case.reply = new_reply
        case.save(update_fields=["reply"])
        case.mask_for_publication()
        unpublish_answer(case)
        log(case, Event.NEW_REPLY, user, detail=previous)
    if case.rated_at:
        # Let the citizen rate again: the earlier rating stays in the timeline (its RATED event).
        Case.objects.filter(pk=case.pk).update(rating="", rating_comment="", rated_at=None)
        case.rating, case.rating_comment, case.rated_at = "", "", None


def add_note(case, user, text):
    if not text.strip():
        raise CaseError(_("The note is empty."))
    log(case, Event.NOTE, user, detail=text)


def close(case, user):
    _require(case, [Status.REPLIED], _("Only a replied case can be closed."))
    case.status, case.closed_at = Status.CLOSED, timezone.now()
    case.save(update_fields=["status", "closed_at"])
    log(case, Event.CLOSED, user)


# --- Supervision (督办) -------------------------------------------------------

DUE_SOON_WORKING_DAYS = 3


def supervise(today=None):
    """Flag cases due soon, escalate overdue ones. Run by a django-q2 schedule."""
    today = today or timezone.localdate()
    counts = {"due_soon": 0, "overdue": 0}
    calendar = workdays.Calendar()
    provisional_years = {
        c.deadline.year for c in Case.objects.filter(deadline_provisional=True, deadline__isnull=False)
    }
    if any(calendar.is_covered(year) for year in provisional_years):
        # A newer chinesecalendar (or a schedule row) now covers the year.
        recompute_provisional_deadlines()
    cases = (
        Case.objects.filter(status__in=OPEN_STATUSES, deadline__isnull=False)
        .exclude(status=Status.CORRECTION)
        .select_related("department")
    )
    for case in cases:
        if today > case.deadline:
            if case.overdue_notified_at:
                continue
            case.overdue_notified_at = timezone.now()
            case.save(update_fields=["overdue_notified_at"])
            log(case, Event.OVERDUE, detail=str(case.deadline))
            open_supervision(case, _("Overdue: the deadline was %(date)s.") % {"date": case.deadline})
            counts["overdue"] += 1
        elif (
            not case.due_soon_notified_at
            and workdays.working_days_between(today, case.deadline, calendar=calendar) <= DUE_SOON_WORKING_DAYS
        ):
            case.due_soon_notified_at = timezone.now()
            case.save(update_fields=["due_soon_notified_at"])
            log(case, Event.DUE_SOON, detail=str(case.deadline))
            notify_department(
                case,
                _("Case %(ref)s is due on %(date)s") % {"ref": case.reference, "date": case.deadline},
                _("Please reply before the deadline."),
            )
            counts["due_soon"] += 1
    return counts
