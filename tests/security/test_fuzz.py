"""Fuzzing every public form and read endpoint of the demo site with
hypothesis: thousands of hostile inputs in total, never a 500.

One test builds the demo site once (about 25 s) and runs a derandomised
hypothesis search per endpoint inside it, so CI sees the same inputs on
every run."""

import json
import os
import time

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import Page

from accountability.models import Survey
from interactions.cases.forms import trap_token
from interactions.cases.models import Case
from interactions.forms import new_form_token
from interactions.models import Comment, ConsultationPage

from .fuzz import fuzz_settings, params, text, value

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Nominal examples per endpoint (about 50 runs, ~4,500 inputs); CI runs a fifth
# of them (~900, about 2.5 minutes); GK_FUZZ_SCALE=1 or more for a deep run.
SCALE = float(os.environ.get("GK_FUZZ_SCALE", "0.2"))
N = 120


@pytest.fixture
def open_doors(settings):
    """No spam clock or rate limit in the way, so inputs reach the validators."""
    settings.RATELIMIT_ENABLE = False
    settings.INTERACTIONS_MIN_FILL_SECONDS = 0
    settings.CASES_MIN_FILL_SECONDS = 0
    settings.ACCOUNTABILITY_SURVEY_MIN_SECONDS = 0
    settings.INTERACTIONS_COMMENT_RATE = settings.CASES_SUBMIT_RATE = settings.CASES_LOOKUP_RATE = "100000/m"
    settings.ACCOUNTABILITY_SURVEY_RATE = "100000/m"
    cache.clear()
    yield
    cache.clear()


def check(response, what):
    assert response.status_code < 500, f"{response.status_code} from {what}"


def fuzz_get(client, url, keys, examples=N):
    started = time.monotonic()

    @fuzz_settings(examples, SCALE)
    @given(query=params(keys))
    def run(query):
        check(client.get(url, query), (url, query))

    run()
    print(f"GET {url}: {max(5, int(examples * SCALE))} in {time.monotonic() - started:.1f}s")


def fuzz_post(client, url, fields, fixed=None, examples=N):
    """Every known field maybe present with a hostile value, plus noise,
    sent as a form; now and then the same as JSON (a wrong content type)."""
    started = time.monotonic()

    @fuzz_settings(examples, SCALE)
    @given(
        data=st.fixed_dictionaries({}, optional={name: value for name in fields}),
        noise=params(["next", "csrfmiddlewaretoken"]),
        as_json=st.booleans(),
    )
    def run(data, noise, as_json):
        body = {**noise, **data, **(fixed() if fixed else {})}
        if as_json:
            response = client.post(url, json.dumps(body), content_type="application/json")
        else:
            response = client.post(url, body)
        check(response, (url, body))

    run()
    print(f"POST {url}: {max(5, int(examples * SCALE))} in {time.monotonic() - started:.1f}s")


def test_no_500_anywhere(client, demo_site, open_doors):
    consultation = ConsultationPage.objects.live().filter(locale__language_code="zh-hans").first()
    url = consultation.url
    comment = Comment.objects.filter(page=consultation).first()
    survey = Survey.objects.filter(active=True).first()
    answer = Case.objects.published().first()

    # --- citizen forms -----------------------------------------------------
    comment_fields = [
        "body",
        "section",
        "display_name",
        "region",
        "contact_email",
        "contact_phone",
        "consent_publish",
        "website",
        "token",
    ]
    fuzz_post(client, url + "comment/", comment_fields, fixed=None)
    fuzz_post(
        client, url + "comment/", [f for f in comment_fields if f != "token"], fixed=lambda: {"token": new_form_token()}
    )
    fuzz_post(client, url + "track/", ["code"])
    if comment:
        fuzz_post(client, f"{url}report/{comment.pk}/", ["reason"], examples=40)
    fuzz_get(client, url, ["group", "page"])
    fuzz_get(client, url + "receipt/", ["key"])
    fuzz_get(client, url + "feed/", ["page"], examples=40)
    fuzz_get(client, url + "export/csv/", ["page"], examples=20)

    case_fields = [
        "category",
        "subject",
        "body",
        "contact_name",
        "contact_phone",
        "contact_email",
        "contact_address",
        "consent_publish",
        "requester_type",
        "organisation",
        "department",
        "website",
        "started",
    ]
    fuzz_post(client, "/cases/letter/", case_fields)
    fuzz_post(client, "/cases/letter/", case_fields[:-1], fixed=lambda: {"started": trap_token(0)})
    fuzz_post(client, "/cases/disclosure/", case_fields[:-1], fixed=lambda: {"started": trap_token(0)})
    fuzz_post(client, "/cases/lookup/", ["code", "password"])
    fuzz_post(client, "/cases/lookup/rate/", ["rating", "comment"], examples=40)
    fuzz_post(client, "/cases/lookup/correct/", ["answer"], examples=40)
    fuzz_get(client, "/cases/answers/", ["q", "department", "channel", "page"])
    if answer:
        fuzz_get(client, f"/cases/answers/{answer.pk}/", ["page"], examples=20)
    fuzz_get(client, "/cases/statistics/", ["year"], examples=60)
    fuzz_get(client, "/cases/statistics.csv", ["year"], examples=30)

    if survey:
        survey_url = f"/evaluation/{survey.slug}/"
        survey_fields = ["overall", "timeliness", "clarity", "comment", "website"]
        fuzz_post(client, survey_url, survey_fields + ["started"])
        fuzz_post(client, survey_url, survey_fields, fixed=lambda: {"started": trap_token(0)})

    fuzz_post(client, "/elder-mode/", ["elder", "next"], examples=60)

    # --- search, API, feeds, catalogue, listings -------------------------------
    search_keys = ["q", "type", "department", "topic", "year", "validity", "sort", "page", "date_from", "date_to"]
    fuzz_get(client, "/search/", search_keys, examples=200)
    fuzz_get(client, "/en/search/", search_keys, examples=60)
    fuzz_get(client, "/search/suggest/", ["q", "limit"], examples=150)
    api_keys = [
        "type",
        "fields",
        "order",
        "limit",
        "offset",
        "search",
        "search_operator",
        "child_of",
        "descendant_of",
        "ancestor_of",
        "locale",
        "translation_of",
        "slug",
        "title",
        "show_in_menus",
        "has_children",
        "id",
        "format",
    ]
    fuzz_get(client, "/api/v2/pages/", api_keys, examples=250)
    fuzz_get(client, "/api/v2/pages/", api_keys, examples=60)
    fuzz_get(client, f"/api/v2/pages/{consultation.pk}/", ["fields", "type", "format"], examples=40)
    for endpoint in ("images", "documents", "departments", "topics"):
        fuzz_get(client, f"/api/v2/{endpoint}/", ["fields", "order", "limit", "offset", "search", "id"], examples=40)

    @fuzz_settings(60, SCALE)
    @given(tail=text.filter(lambda s: "\x00" not in s and len(s) < 200))
    def api_detail(tail):
        check(client.get("/api/v2/pages/" + tail), tail)

    api_detail()

    fuzz_get(client, "/feeds/policies/", ["page", "type"], examples=30)
    fuzz_get(client, "/en/feeds/briefings/", ["page"], examples=20)
    catalogue_keys = ["department", "topic", "year", "type", "kind", "page", "q", "validity"]
    fuzz_get(client, "/catalogue/", catalogue_keys, examples=120)
    fuzz_get(client, "/catalogue.csv", catalogue_keys, examples=30)
    fuzz_get(client, "/catalogue.json", catalogue_keys, examples=30)

    # Every kind of page, with the filters each index understands.
    seen = set()
    page_keys = ["page", "department", "topic", "year", "kind", "validity", "q", "sort", "type", "status", "elder"]
    for page in Page.objects.live().filter(depth__gt=1).specific():
        kind = type(page).__name__
        if kind in seen:
            continue
        seen.add(kind)
        fuzz_get(client, page.url, page_keys, examples=40)
