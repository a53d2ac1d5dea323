"""Review tasks, the signed confidentiality record, the emergency fast track
and the notifications they send. Imported by cms.models so Django finds them."""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, TaskState

from . import signing
from .checklist import CHECKLIST_KEYS, is_complete
from .forms import ConfidentialityChecklistForm, OptionalCommentForm, RequiredCommentForm, SignOffForm


def user_can_review_page(task, page, user):
    """A reviewer acts only on their own stage (task groups) and only inside
    the part of the tree they hold page permissions for (their section)."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not task._user_in_groups(user):
        return False
    if page is None:
        return False
    return bool(page.permissions_for_user(user).permissions & {"change", "publish"})


class ScopedApprovalMixin:
    """Shared by our tasks: group + section scoping, required comments, and
    a check that the task state acted on belongs to the page it claims to."""

    reject_label = pgettext_lazy("review action", "Request changes")

    def user_can_review(self, obj, user):
        return user_can_review_page(self, obj, user)

    def user_can_access_editor(self, obj, user):
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_review(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not (user.is_superuser or self._user_in_groups(user)):
            return TaskState.objects.none()
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        from wagtail.models import Page

        allowed = [
            state.pk
            for state in states.select_related("workflow_state")
            if self.user_can_review(Page.objects.filter(pk=state.workflow_state.object_id).first(), user)
        ]
        return TaskState.objects.filter(pk__in=allowed)

    def _check_can_act(self, task_state, user):
        task_state = task_state.specific
        if task_state.task_id != self.pk or task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied
        workflow_state = task_state.workflow_state
        if workflow_state.current_task_state_id != task_state.pk:
            raise PermissionDenied
        page = workflow_state.content_object
        if not self.user_can_review(getattr(page, "specific", page), user):
            raise PermissionDenied
        return task_state

    def _reject(self, task_state, user, comment):
        if not (comment or "").strip():
            raise ValidationError(_("Say what needs to change."))
        task_state.reject(user=user, comment=comment.strip())


class ScopedGroupApprovalTask(ScopedApprovalMixin, AbstractGroupApprovalTask):
    """A group approval restricted to the reviewers' sections; optionally the
    approval needs a comment (the leadership sign-off opinion, 签发意见)."""

    require_comment = models.BooleanField(
        _("approval needs a comment"),
        default=False,
        help_text=_("Tick for a sign-off step: the approver must write their opinion (签发意见)."),
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["require_comment"]

    class Meta:
        verbose_name = _("section group approval task")
        verbose_name_plural = _("section group approval tasks")

    def get_actions(self, obj, user):
        if not self.user_can_review(obj, user):
            return []
        if self.require_comment:
            return [
                ("reject", pgettext_lazy("review action", "Request changes"), True),
                ("approve", _("Sign off"), True),
            ]
        return [
            ("reject", pgettext_lazy("review action", "Request changes"), True),
            ("approve", pgettext_lazy("review action", "Approve"), False),
            ("approve", pgettext_lazy("review action", "Approve with comment"), True),
        ]

    def get_form_for_action(self, action):
        if action == "reject":
            return RequiredCommentForm
        if action == "approve" and self.require_comment:
            return SignOffForm
        return OptionalCommentForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, comment="", **kwargs):
        task_state = self._check_can_act(task_state, user)
        if action_name == "reject":
            self._reject(task_state, user, comment)
        elif action_name == "approve":
            if self.require_comment and not (comment or "").strip():
                raise ValidationError(_("Write your sign-off opinion."))
            task_state.approve(user=user, comment=(comment or "").strip())
        else:
            raise PermissionDenied

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve pages in the sections they hold page permissions for.")


class ConfidentialityReviewTask(ScopedApprovalMixin, AbstractGroupApprovalTask):
    """保密审查: approving requires every item of the attestation checklist
    and stores a signed ConfidentialityReviewRecord for the exact revision."""

    class Meta:
        verbose_name = _("confidentiality review task")
        verbose_name_plural = _("confidentiality review tasks")

    def get_actions(self, obj, user):
        if not self.user_can_review(obj, user):
            return []
        return [
            ("reject", pgettext_lazy("review action", "Request changes"), True),
            ("approve", _("Attest and approve"), True),
        ]

    def get_form_for_action(self, action):
        if action == "approve":
            return ConfidentialityChecklistForm
        return RequiredCommentForm

    def get_template_for_action(self, action):
        return "cms/workflow/checklist_modal.html" if action == "approve" else ""

    @transaction.atomic
    def on_action(self, task_state, user, action_name, comment="", **answers):
        task_state = self._check_can_act(task_state, user)
        if action_name == "reject":
            self._reject(task_state, user, comment)
            return
        if action_name != "approve":
            raise PermissionDenied
        # The form checks this too, but the editor posts the answers as JSON
        # the browser could alter: the model is the last word.
        answers = {key: answers.get(key) is True for key in CHECKLIST_KEYS}
        if not is_complete(answers):
            raise ValidationError(_("Every item of the confidentiality checklist must be confirmed before approving."))
        record = ConfidentialityReviewRecord.sign(
            task_state=task_state, reviewer=user, answers=answers, comment=comment
        )
        log(
            instance=task_state.workflow_state.content_object.specific,
            action="cms.confidentiality_review.signed",
            user=user,
            revision=task_state.revision,
            data={"record": record.pk, "content_hash": record.content_hash, "answers": answers},
        )
        task_state.approve(user=user, comment=(comment or "").strip())

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups attest the confidentiality checklist; a signed record is kept.")


class ConfidentialityReviewTaskState(TaskState):
    """A confidentiality review of one revision; its record is the attestation."""

    class Meta:
        verbose_name = _("confidentiality review task state")
        verbose_name_plural = _("confidentiality review task states")

    @property
    def record(self):
        return self.review_records.order_by("-signed_at").first()


# Starting this task creates a ConfidentialityReviewTaskState.
ConfidentialityReviewTask.task_state_class = ConfidentialityReviewTaskState


def revision_content_hash(revision):
    """SHA-256 of the revision's stored content, canonical JSON."""
    payload = json.dumps(revision.content, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Review records are immutable.")

    def delete(self):
        raise PermissionDenied("Review records are immutable.")


class ConfidentialityReviewRecord(models.Model):
    """The signed attestation: who, when, which answers, against which
    revision and the hash of that revision's content. Written once; never
    updated or deleted (the page's deletion leaves it in place)."""

    task_state = models.ForeignKey(
        ConfidentialityReviewTaskState, on_delete=models.DO_NOTHING, db_constraint=False, related_name="review_records"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    page_title = models.CharField(_("page title"), max_length=255)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    reviewer_name = models.CharField(_("reviewer"), max_length=255)
    answers = models.JSONField(_("answers"))
    comment = models.TextField(pgettext_lazy("review", "comment"), blank=True)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    signature = models.CharField(_("signature"), max_length=128, editable=False)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("confidentiality review record")
        verbose_name_plural = _("confidentiality review records")
        ordering = ["-signed_at"]
        default_permissions = ("add", "view")

    def __str__(self):
        return f"{self.page_title} r{self.revision_id} · {self.reviewer_name} · {self.signed_at:%Y-%m-%d %H:%M}"

    @classmethod
    def sign(cls, *, task_state, reviewer, answers, comment=""):
        revision = task_state.revision
        page = task_state.workflow_state.content_object
        record = cls(
            task_state=task_state,
            revision=revision,
            page_id=int(task_state.workflow_state.object_id),
            page_title=str(getattr(page, "title", page))[:255],
            reviewer=reviewer,
            reviewer_name=(reviewer.get_full_name() or reviewer.get_username())[:255],
            answers=dict(answers),
            comment=(comment or "").strip(),
            content_hash=revision_content_hash(revision),
            signed_at=timezone.now(),
        )
        record.signature = record.compute_signature()
        record.save()
        return record

    def signed_payload(self):
        return signing.payload(self)

    def compute_signature(self):
        """A new signature with the newest review key (cms/workflow/signing.py)."""
        return signing.sign(self)

    def signature_valid(self):
        return signing.verify(self)

    @property
    def signing_key_id(self):
        return signing.key_id(self.signature)

    def content_matches(self, revision=None):
        """True if the record still describes `revision` (default: its own)."""
        revision = revision or self.revision
        return revision.pk == self.revision_id and revision_content_hash(revision) == self.content_hash

    def is_valid_for(self, revision):
        """A record counts only for the exact revision it approved, unaltered."""
        return self.signature_valid() and is_complete(self.answers) and self.content_matches(revision)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Review records are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Review records are immutable.")


def valid_record_for(revision):
    for record in ConfidentialityReviewRecord.objects.filter(revision_id=revision.pk):
        if record.is_valid_for(revision):
            return record
    return None


class FastTrackPublication(models.Model):
    """An emergency publication by a Leader (重大突发事件). The page is marked
    "awaiting retrospective review" until the normal workflow approves it."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    page_title = models.CharField(_("page title"), max_length=255)
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    reason = models.TextField(_("reason"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("retrospective review completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("emergency publication")
        verbose_name_plural = _("emergency publications")
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.page_title} · {self.published_at:%Y-%m-%d %H:%M}"

    @property
    def awaiting_review(self):
        return self.reviewed_at is None


class ReviewNotification(models.Model):
    """One message to one person about one event; the unique constraint is
    what guarantees nobody is e-mailed twice for the same event."""

    event_key = models.CharField(max_length=120)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review notification")
        verbose_name_plural = _("review notifications")
        constraints = [models.UniqueConstraint(fields=["event_key", "recipient"], name="one_notification_per_event")]

    def __str__(self):
        return self.subject


@register_setting(icon="user")
class ReviewSettings(BaseSiteSetting):
    NAMES = "names"
    ROLES = "roles"
    HIDDEN = "hidden"

    accountability_display = models.CharField(
        _("show reviewers on public pages as"),
        max_length=10,
        choices=[(NAMES, _("names")), (ROLES, _("roles")), (HIDDEN, _("do not show"))],
        default=ROLES,
        help_text=_("Who reviewed and signed off a page is shown at its foot (谁审查谁负责)."),
    )

    class Meta:
        verbose_name = _("review settings")
