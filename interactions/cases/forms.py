import secrets
import time
import zipfile

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms import antispam
from interactions.screening import clean_text

from .departments import departments
from .models import (
    MAX_CORRECTION_DAYS,
    Case,
    Category,
    Channel,
    LegalGround,
    Outcome,
    Rating,
    RequesterType,
    correction_days,
)

MAX_FILES = 3
TRAP_SALT = "cases.form-started"


def max_attachment_bytes():
    return getattr(settings, "CASES_MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024)


def sniff(upload):
    """The type of an upload read from its first bytes, whatever its name says."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(upload).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "OFD.xml" in names:
            return "application/ofd"
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most %(n)s files.") % {"n": MAX_FILES})
        cleaned = []
        for upload in files:
            upload = super().clean(upload, initial)
            if upload.size > max_attachment_bytes():
                raise forms.ValidationError(
                    _("%(name)s is larger than %(mb)s MB.")
                    % {"name": upload.name, "mb": max_attachment_bytes() // (1024 * 1024)}
                )
            content_type = sniff(upload)
            if content_type is None:
                raise forms.ValidationError(
                    _("%(name)s is not a PDF, JPEG, PNG, DOCX or OFD file.") % {"name": upload.name}
                )
            cleaned.append((upload, content_type))
        return cleaned


def new_submission_key():
    """256 random bits naming one filled-in form: a double post of the same
    form is one case (services.create_case), whatever the timing."""
    return secrets.token_urlsafe(32)


def trap_token(now=None, key=None):
    """The hidden `started` value: when the form was shown and its submission
    key, signed (the key is the citizen's own, never stored in clear)."""
    return signing.dumps({"t": time.time() if now is None else now, "k": key or new_submission_key()}, salt=TRAP_SALT)


def read_trap_token(value):
    """{"t": time shown, "k": submission key or None}, or None if the value
    is missing, forged or older than a day."""
    try:
        data = signing.loads(value or "", salt=TRAP_SALT, max_age=antispam.TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if isinstance(data, int | float):  # a form shown before submission keys existed
        return {"t": float(data), "k": None}
    if isinstance(data, dict) and isinstance(data.get("t"), int | float):
        return {"t": float(data["t"]), "k": data.get("k") if isinstance(data.get("k"), str) else None}
    return None


class SubmissionKeyMixin(forms.Form):
    """The signed token of a form: `self.submission_key` once it is valid."""

    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = trap_token()
        self.submission_key = None

    def clean(self):
        cleaned = super().clean()
        stamp = read_trap_token(self.data.get("started"))
        if stamp is None:
            self._replace("started", trap_token())
            self.add_error(
                None,
                forms.ValidationError(_("This form has expired. Please check it and send it again."), code="expired"),
            )
            return cleaned
        self.started_at = stamp["t"]
        self.submission_key = stamp["k"] or new_submission_key()
        return cleaned

    def _replace(self, name, value):
        self.data = self.data.copy()
        self.data[name] = value


class SpamTrapMixin(SubmissionKeyMixin):
    """A honeypot field people never see and the signed time the form was
    shown. A suspect submission (cms.antispam) is refused, never given a
    receipt: the form comes back with everything typed and a message saying
    why and what to do; the hidden field is emptied and the time stamp kept,
    so the same form sent again a moment later goes through."""

    website = antispam.honeypot_field()

    def clean(self):
        cleaned = super().clean()
        if self.submission_key is None:
            return cleaned
        reason = antispam.suspicion(self.data, self.started_at, antispam.min_fill_seconds("CASES_MIN_FILL_SECONDS"))
        if reason:
            self._replace(antispam.HONEYPOT_FIELD, "")
            self.add_error(None, forms.ValidationError(antispam.refusal_message(reason), code=reason))
        return cleaned


class LocalisedDepartmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        from .templatetags.cases_tags import localized

        return str(localized(obj))


class ContactMixin(forms.Form):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("contact_phone") and not cleaned.get("contact_email"):
            self.add_error("contact_phone", _("Give a phone number or an e-mail address so that we can reach you."))
        for name in ("subject", "body"):
            if cleaned.get(name):
                cleaned[name] = clean_text(cleaned[name])
        return cleaned


class LetterForm(SpamTrapMixin, ContactMixin, forms.ModelForm):
    category = forms.ModelChoiceField(Category.objects.filter(active=True), label=_("Category"))
    attachments = AttachmentsField(
        label=_("Attachments"), required=False, help_text=_("Up to 3 files: PDF, JPEG, PNG, DOCX or OFD, 5 MB each.")
    )

    class Meta:
        model = Case
        fields = [
            "category",
            "subject",
            "body",
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_address",
            "consent_publish",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "consent_publish": _(
                "If you agree, your letter and our reply may be published with your personal data removed."
            )
        }


class DisclosureForm(SpamTrapMixin, ContactMixin, forms.ModelForm):
    requester_type = forms.ChoiceField(
        choices=RequesterType.choices,
        label=_("Requester type"),
        widget=forms.RadioSelect,
        initial=RequesterType.NATURAL_PERSON,
    )
    department = LocalisedDepartmentField(
        departments(),
        label=_("Office holding the information"),
        required=False,
        help_text=_("Leave empty if you do not know."),
    )
    attachments = AttachmentsField(
        label=_("Attachments"), required=False, help_text=_("Up to 3 files: PDF, JPEG, PNG, DOCX or OFD, 5 MB each.")
    )

    class Meta:
        model = Case
        fields = [
            "requester_type",
            "contact_name",
            "organisation",
            "contact_phone",
            "contact_email",
            "contact_address",
            "department",
            "subject",
            "body",
            "consent_publish",
        ]
        labels = {
            "subject": _("Information requested"),
            "body": _("Description of the information (title, document number, or other features)"),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("requester_type") == RequesterType.ORGANISATION and not cleaned.get("organisation"):
            self.add_error("organisation", _("Give the name of the organisation."))
        return cleaned


class HotlineForm(SubmissionKeyMixin, forms.ModelForm):
    """Staff enter cases that arrive by phone or on paper."""

    channel = forms.ChoiceField(
        choices=[(Channel.HOTLINE, Channel.HOTLINE.label), (Channel.OTHER, Channel.OTHER.label)], label=_("Channel")
    )
    # One choice per department (not one per translation), named in the reader's language.
    department = LocalisedDepartmentField(departments(), label=_("Responsible department"), required=False)

    class Meta:
        model = Case
        fields = [
            "channel",
            "category",
            "subject",
            "body",
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_address",
            "consent_publish",
            "department",
            "received_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=pgettext_lazy("case lookup", "Password"),
        max_length=40,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        choices=Rating.choices, label=_("How satisfied are you with the reply?"), widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CorrectionForm(forms.Form):
    answer = forms.CharField(
        label=_("Your correction or additional information"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


# --- Admin action forms ---------------------------------------------------------


class AssignForm(forms.Form):
    department = LocalisedDepartmentField(departments(), label=_("Responsible department"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()


class TextForm(forms.Form):
    text = forms.CharField(label=pgettext_lazy("case", "Text"), widget=forms.Textarea(attrs={"rows": 4}))


class CorrectionRequestForm(forms.Form):
    text = forms.CharField(
        label=_("What must the applicant correct? (sent to the applicant)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    days = forms.IntegerField(
        label=_("Working days the applicant has to correct"),
        min_value=1,
        max_value=MAX_CORRECTION_DAYS,
        required=False,
        help_text=_(
            "Leave empty for the usual period. Without a correction by then the request is treated as withdrawn."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = correction_days()

    def clean_days(self):
        return self.cleaned_data.get("days") or correction_days()


class ResolveForm(forms.Form):
    text = forms.CharField(
        label=_("How was the supervision resolved? (shown to the citizen)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    new_reply = forms.CharField(
        label=_("New reply to the citizen (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Replaces the reply; a published answer goes back to publication review."),
    )


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("Extra working days"), min_value=1, max_value=20)
    reason = forms.CharField(label=_("Reason (sent to the applicant)"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply to the citizen"), widget=forms.Textarea(attrs={"rows": 10}))
    # "Treated as withdrawn" is the correction job's outcome, not a reply's.
    outcome = forms.ChoiceField(
        label=_("Disclosure outcome"),
        choices=[("", "—"), *[(v, label) for v, label in Outcome.choices if v != Outcome.NO_CORRECTION]],
        required=False,
    )
    legal_ground = forms.ChoiceField(label=_("Legal ground"), choices=[("", "—"), *LegalGround.choices], required=False)
