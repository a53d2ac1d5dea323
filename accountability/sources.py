"""Text sources for public-opinion monitoring: a small registry.

A source is a name, a label and a function `(start, end) -> iterable of
(id, created_at, text)` for the items created in [start, end). Another app
plugs its model in with:

    from accountability.sources import register

    @register("petitions", _("Petitions"), admin_url=lambda pk: f"/admin/petitions/{pk}/")
    def petitions(start, end):
        for p in Petition.objects.filter(created_at__gte=start, created_at__lt=end):
            yield p.pk, p.created_at, p.text

The sources below read the models that exist today: letters (every case
channel except disclosure requests), consultation comments and the questions
citizens send to online interviews (comments on a briefing page)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    items: Callable
    admin_url: Callable | None = None


SOURCES: dict[str, Source] = {}


def register(name, label, admin_url=None):
    def decorator(func):
        SOURCES[name] = Source(name, label, func, admin_url)
        return func

    return decorator


def _reverse(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _case_url(pk):
    return _reverse("cases_admin:detail", pk)


def _comment_url(pk):
    return _reverse("interactions_admin:detail", pk)


@register("letters", _("Letters"), admin_url=_case_url)
def letters(start, end):
    from interactions.cases.models import Case, Channel

    cases = Case.objects.exclude(channel=Channel.DISCLOSURE).filter(received_at__gte=start, received_at__lt=end)
    for pk, at, subject, body in cases.values_list("pk", "received_at", "subject", "body").iterator():
        yield pk, at, f"{subject}\n{body}"


def _comments_on(page_model, start, end):
    from interactions.models import Comment

    comments = Comment.objects.filter(
        page_id__in=page_model.objects.values("pk"), submitted_at__gte=start, submitted_at__lt=end
    )
    yield from comments.values_list("pk", "submitted_at", "body").iterator()


@register("comments", _("Consultation comments"), admin_url=_comment_url)
def consultation_comments(start, end):
    from interactions.models import ConsultationPage

    yield from _comments_on(ConsultationPage, start, end)


@register("questions", _("Interview questions"), admin_url=_comment_url)
def interview_questions(start, end):
    from briefings.models import BriefingPage

    yield from _comments_on(BriefingPage, start, end)
