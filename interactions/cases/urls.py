"""Public pages, mounted at /cases/ (and /en/cases/) in config/urls.py."""

from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("letter/", views.letter, name="letter"),
    path("disclosure/", views.disclosure, name="disclosure"),
    path("receipt/", views.receipt, name="receipt"),
    path("lookup/", views.lookup, name="lookup"),
    path("lookup/case/", views.case_view, name="case"),
    path("lookup/rate/", views.rate, name="rate"),
    path("lookup/correct/", views.correct, name="correct"),
    path("lookup/leave/", views.leave, name="leave"),
    path("answers/", views.answers, name="answers"),
    path("answers/<int:pk>/", views.answer, name="answer"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.csv", views.statistics_csv, name="statistics_csv"),
]
