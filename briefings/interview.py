"""Online interviews (在线访谈): citizens send questions before and during the
event. Questions are `interactions.Comment` rows on the briefing page, so they
pass the same screening and moderation queue as consultation comments; staff
answer the approved ones by adding "Question and answer" turns to the
transcript that name the question number."""

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cms import limits
from cms.views import rate_limited
from interactions import services
from interactions.forms import CommentForm
from interactions.models import Comment

MAX_QUESTION_LENGTH = 1000


class QuestionForm(CommentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, page=None, **kwargs)
        del self.fields["attachments"]
        self.fields["notify_by_email"].label = gettext_lazy("E-mail me when my question is published or rejected.")
        body = self.fields["body"]
        body.label = gettext_lazy("Your question")
        body.widget = forms.Textarea(attrs={"rows": 5, "maxlength": MAX_QUESTION_LENGTH})
        body.help_text = gettext_lazy(
            "At most 1,000 characters. Do not include your ID number, phone number or address: anything like them is masked before publication."
        )
        self.fields["consent_publish"].label = gettext_lazy(
            "I agree that my question (without contact details) may be published on this site."
        )

    def clean_body(self):
        body = super().clean_body()
        if len(body) > MAX_QUESTION_LENGTH:
            raise forms.ValidationError(_("Your question has %(n)d characters; the limit is 1,000.") % {"n": len(body)})
        return body


def question_rate():
    return getattr(settings, "BRIEFINGS_QUESTION_RATE", getattr(settings, "INTERACTIONS_COMMENT_RATE", "5/m"))


def public_questions(page):
    """Approved questions of this interview (any language version), oldest first."""
    return Comment.objects.public().filter(page__translation_key=page.translation_key).order_by("submitted_at", "id")


def questions_by_number(page, numbers):
    return {c.pk: c for c in Comment.objects.filter(pk__in=numbers, page__translation_key=page.translation_key)}


def submit_question(page, request):
    if page.kind != page.KIND_INTERVIEW:
        raise Http404
    if request.method != "POST":
        return HttpResponseRedirect(page.url + "#questions")
    if limits.hit(request, "briefings.question", question_rate()):
        return rate_limited(request)
    if not page.accepts_questions:
        response = page.render(
            request, context_overrides={"question_message": _("This interview no longer takes questions.")}
        )
        response.status_code = 400
        return response
    form = QuestionForm(request.POST)
    if not form.is_valid():
        response = page.render(request, context_overrides={"question_form": form})
        response.status_code = 400
        return response
    # Never a receipt for nothing: a suspect question (honeypot, sent at
    # once) is stored, held for the moderators and marked (cms/antispam.py).
    comment, code = services.submit_comment(
        page,
        form.cleaned_data,
        [],
        submission_key=form.cleaned_data["token"],
        language=get_language() or "",
        suspected_automation=form.suspicion(),
    )
    return page.render(
        request, template="briefings/question_receipt.html", context_overrides={"code": code, "question": comment}
    )
