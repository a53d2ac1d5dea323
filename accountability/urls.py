"""Public pages, mounted at /evaluation/ (and /en/evaluation/) in config/urls.py."""

from django.urls import path

from . import views

app_name = "accountability"

urlpatterns = [
    path("", views.survey_list, name="surveys"),
    path("<slug:slug>/", views.survey, name="survey"),
    path("<slug:slug>/thanks/", views.survey_thanks, name="survey_thanks"),
]
