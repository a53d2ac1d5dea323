import time
import zipfile

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from interactions.screening import clean_text

from .departments import departments
from .models import Case, Category, Channel, LegalGround, Outcome, Rating, RequesterType

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
                    _("%(name)s is larger than %(mb)s MB.") % {"name": upload.name, "mb": max_attachment_bytes() // (1024 * 1024)}
                )
            content_type = sniff(upload)
            if content_type is None:
                raise forms.ValidationError(_("%(name)s is not a PDF, JPEG, PNG, DOCX or OFD file.") % {"name": upload.name})
            cleaned.append((upload, content_type))
        return cleaned


def trap_token(now=None):
    return signing.dumps(now if now is not None else time.time(), salt=TRAP_SALT)


class SpamTrapMixin(forms.Form):
    """A honeypot field people never see and a signed start time: forms sent
    back faster than a person can type, or hours later, are refused."""

    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = trap_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your submission could not be accepted. Please try again."), code="spam")
        try:
            started = signing.loads(self.data.get("started", ""), salt=TRAP_SALT, max_age=2 * 3600)
        except signing.BadSignature:
            raise forms.ValidationError(_("This form has expired. Please submit it again."), code="expired") from None
        if time.time() - float(started) < getattr(settings, "CASES_MIN_FILL_SECONDS", 3):
            raise forms.ValidationError(_("Your submission could not be accepted. Please try again."), code="too_fast")
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
    attachments = AttachmentsField(label=_("Attachments"), required=False, help_text=_("Up to 3 files: PDF, JPEG, PNG, DOCX or OFD, 5 MB each."))

    class Meta:
        model = Case
        fields = ["category", "subject", "body", "contact_name", "contact_phone", "contact_email", "contact_address", "consent_publish"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"consent_publish": _("If you agree, your letter and our reply may be published with your personal data removed.")}


class DisclosureForm(SpamTrapMixin, ContactMixin, forms.ModelForm):
    requester_type = forms.ChoiceField(choices=RequesterType.choices, label=_("Requester type"), widget=forms.RadioSelect, initial=RequesterType.NATURAL_PERSON)
    department = LocalisedDepartmentField(departments(), label=_("Office holding the information"), required=False, help_text=_("Leave empty if you do not know."))
    attachments = AttachmentsField(label=_("Attachments"), required=False, help_text=_("Up to 3 files: PDF, JPEG, PNG, DOCX or OFD, 5 MB each."))

    class Meta:
        model = Case
        fields = ["requester_type", "contact_name", "organisation", "contact_phone", "contact_email", "contact_address", "department", "subject", "body", "consent_publish"]
        labels = {"subject": _("Information requested"), "body": _("Description of the information (title, document number, or other features)")}
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("requester_type") == RequesterType.ORGANISATION and not cleaned.get("organisation"):
            self.add_error("organisation", _("Give the name of the organisation."))
        return cleaned


class HotlineForm(forms.ModelForm):
    """Staff enter cases that arrive by phone or on paper."""

    channel = forms.ChoiceField(choices=[(Channel.HOTLINE, Channel.HOTLINE.label), (Channel.OTHER, Channel.OTHER.label)], label=_("Channel"))
    # One choice per department (not one per translation), named in the reader's language.
    department = LocalisedDepartmentField(departments(), label=_("Responsible department"), required=False)

    class Meta:
        model = Case
        fields = ["channel", "category", "subject", "body", "contact_name", "contact_phone", "contact_email", "contact_address", "consent_publish", "department", "received_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    password = forms.CharField(label=pgettext_lazy("case lookup", "Password"), max_length=40, widget=forms.PasswordInput(attrs={"autocomplete": "off"}))


class RatingForm(forms.Form):
    rating = forms.ChoiceField(choices=Rating.choices, label=_("How satisfied are you with the reply?"), widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))


class CorrectionForm(forms.Form):
    answer = forms.CharField(label=_("Your correction or additional information"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))


# --- Admin action forms ---------------------------------------------------------


class AssignForm(forms.Form):
    department = LocalisedDepartmentField(departments(), label=_("Responsible department"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()


class TextForm(forms.Form):
    text = forms.CharField(label=pgettext_lazy("case", "Text"), widget=forms.Textarea(attrs={"rows": 4}))


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("Extra working days"), min_value=1, max_value=20)
    reason = forms.CharField(label=_("Reason (sent to the applicant)"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply to the citizen"), widget=forms.Textarea(attrs={"rows": 10}))
    outcome = forms.ChoiceField(label=_("Disclosure outcome"), choices=[("", "—"), *Outcome.choices], required=False)
    legal_ground = forms.ChoiceField(label=_("Legal ground"), choices=[("", "—"), *LegalGround.choices], required=False)
