"""The citizen comment form: limits, honeypot, time trap, attachments checked by content.

A suspect submission (honeypot filled, sent at once: cms/antispam.py) is not
an invalid one: the view stores it held for a moderator, marked with
`form.suspicion()`, and shows a real receipt."""

import uuid

import filetype
import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from cms import antispam

from .models import REPORT_REASONS, Comment
from .screening import clean_text

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Extension → the types its content may be (detected from magic bytes).
ALLOWED_TYPES = {
    "pdf": {"application/pdf"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
    "doc": {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"},
    "xls": {"application/vnd.ms-excel", "application/msword", "application/vnd.ms-powerpoint"},
    "ppt": {"application/vnd.ms-powerpoint", "application/msword", "application/vnd.ms-excel"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    "odt": {"application/vnd.oasis.opendocument.text"},
    "ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    "odp": {"application/vnd.oasis.opendocument.presentation"},
}
TOKEN_SALT = "interactions.comment-form"  # noqa: S105 - a signing namespace, not a secret


def min_fill_seconds():
    return antispam.min_fill_seconds("INTERACTIONS_MIN_FILL_SECONDS")


def new_form_token():
    """A signed (submission key, time shown) pair. The key makes a double
    click store one comment; the time tells a form sent at once."""
    return antispam.new_stamp(TOKEN_SALT, k=str(uuid.uuid4()))


def read_form_token(token):
    """(key, time shown) or None if the token is missing, forged or older than a day."""
    data = antispam.read_stamp(token, TOKEN_SALT)
    try:
        return uuid.UUID(data["k"]), float(data["t"])
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


def detect_type(upload):
    """The MIME type read from the file's first bytes, or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join("." + e for e in ALLOWED_TYPES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "At most 5,000 characters. Do not include your ID number, phone number or address: anything like them is masked before publication."
        ),
    )
    section = forms.ChoiceField(label=_("Section of the draft"), required=False)
    display_name = forms.CharField(
        label=_("Name to show"), required=False, max_length=60, help_text=_("Leave empty to comment anonymously.")
    )
    region = forms.CharField(label=_("Region"), required=False, max_length=60)
    contact_email = forms.EmailField(
        label=_("E-mail (never published)"), required=False, help_text=_("We send your tracking code here.")
    )
    contact_phone = forms.CharField(label=_("Phone (never published)"), required=False, max_length=30)
    consent_publish = forms.BooleanField(
        label=_("I agree that my comment (without contact details) may be published on this site."), required=False
    )
    notify_by_email = forms.BooleanField(
        label=_("E-mail me when my comment is published or rejected, and when the outcome is published."),
        required=False,
        help_text=_("Needs the e-mail address above. Nothing else is sent to it."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to 3 files, 10 MB each: PDF, Word, Excel, PowerPoint, OpenDocument or images."),
    )
    # Bots: a field people never see, and the signed time the form was shown.
    website = antispam.honeypot_field()
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = page.draft_sections() if page is not None and hasattr(page, "draft_sections") else []
        if sections:
            self.fields["section"].choices = [("", _("The draft as a whole"))] + sections
        else:
            del self.fields["section"]
        if not self.is_bound:
            self.initial["token"] = new_form_token()

    def suspicion(self):
        """Why this submission looks automated ("", antispam.HONEYPOT or
        antispam.TOO_FAST). Asked after is_valid(): a suspect comment is
        stored and held for a moderator, never dropped."""
        token = read_form_token(self.data.get("token"))
        return antispam.suspicion(self.data, token[1] if token else None, min_fill_seconds())

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"]).strip()
        # Python's len(): code points, as the issue asks; not UTF-16 units or bytes.
        if len(body) > Comment.MAX_LENGTH:
            raise forms.ValidationError(_("Your comment has %(n)d characters; the limit is 5,000.") % {"n": len(body)})
        if not body:
            raise forms.ValidationError(_("Please write your comment."))
        return body

    def clean_display_name(self):
        return clean_text(self.cleaned_data["display_name"]).strip()

    def clean_region(self):
        return clean_text(self.cleaned_data["region"]).strip()

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"].strip()
        if not value:
            return ""
        try:
            number = phonenumbers.parse(value, "CN")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(_("Enter a valid phone number."))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean_token(self):
        token = read_form_token(self.cleaned_data["token"])
        if token is None:
            raise forms.ValidationError(_("This form has expired. Please submit it again."))
        return token[0]

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("You can attach at most 3 files."))
        for upload in files:
            if upload.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(_("“%(name)s” is larger than 10 MB.") % {"name": upload.name})
            extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            detected = detect_type(upload)
            if extension not in ALLOWED_TYPES or detected not in ALLOWED_TYPES[extension]:
                raise forms.ValidationError(
                    _("“%(name)s” is not a PDF, Office document or image, or its content does not match its name.")
                    % {"name": upload.name}
                )
            upload.detected_type = detected
        return files

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("notify_by_email") and not cleaned.get("contact_email"):
            self.add_error("notify_by_email", _("Give an e-mail address to hear from us, or untick this box."))
        if "token" in self.errors:
            # Give a fresh token so the re-rendered form can be sent again.
            self.data = self.data.copy()
            self.data["token"] = new_form_token()
        return cleaned


class ReportForm(antispam.TrapMixin, forms.Form):
    """Why a citizen reports a published comment (kept with the report for
    moderators). A suspect report is stored and shown to moderators, but does
    not count towards taking the comment off the page."""

    trap_salt = "interactions.report-form"
    REASONS = REPORT_REASONS
    reason = forms.ChoiceField(label=_("What is wrong with this comment?"), choices=REASONS, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=150,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 150 characters. Do not include personal information."),
    )

    def clean_details(self):
        return clean_text(self.cleaned_data["details"]).strip()
