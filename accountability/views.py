"""Public views: the social evaluation (社会评议) survey."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from cms import limits
from cms.views import rate_limited

from .forms import SurveyForm, trap_token
from .models import Survey


def survey_rate():
    return getattr(settings, "ACCOUNTABILITY_SURVEY_RATE", "5/10m")


@never_cache
@csrf_protect
def survey(request, slug):
    survey_obj = get_object_or_404(Survey, slug=slug)
    if not survey_obj.active:
        return render(request, "accountability/survey_closed.html", {"survey": survey_obj}, status=410)
    form = SurveyForm(request.POST or None, initial={"started": trap_token()})
    if request.method == "POST":
        if limits.hit(request, "accountability.survey", survey_rate()):
            return rate_limited(request)
        if form.is_valid():
            reason = form.suspicion()
            if not reason:
                response = form.save(commit=False)
                response.survey = survey_obj
                response.save()
                return redirect("accountability:survey_thanks", slug=survey_obj.slug)
            # Never a thank-you for nothing: refused in words, every answer kept.
            form.refuse(reason)
            return render(request, "accountability/survey.html", {"survey": survey_obj, "form": form}, status=400)
    return render(request, "accountability/survey.html", {"survey": survey_obj, "form": form})


def survey_list(request):
    surveys = Survey.objects.filter(active=True).select_related("department").order_by("title")
    return render(request, "accountability/survey_list.html", {"surveys": surveys})


def survey_thanks(request, slug):
    survey_obj = get_object_or_404(Survey, slug=slug)
    return render(request, "accountability/survey_thanks.html", {"survey": survey_obj})
