"""The personal-data sweep (issue 20, defect 2, acceptance).

Citizens type personal data in every spelling of the regression corpus
(tests/security/personal_data_corpus.json) into the real public forms:
consultation comments (body, display name, region, contact fields), online
interview questions, a letter and a disclosure request (body, subject,
contact name, phone, e-mail and postal address). Moderators approve through
the real moderation view, handlers answer and publish through the real case
screens, writing personal data into the reply too. Then every public surface
is fetched in both languages and none of the planted strings may be
readable there in any spelling (`personal_data_corpus.leaked` folds both
sides: NFKC, digits of every script, no separators, case):

pages (every grouping and page of comments, the interview, the letter
answers list and pages), the API (detail and listing), feeds (the
consultation's comment feed and the section feeds), the sitemap, search
results and suggestions (each secret searched for, and ordinary words that
find the planted rows), exports (CSV and JSON), open-data downloads (the
catalogue, case statistics), and error pages (a report link of a comment not
published, a letter answer not published, a failed CSRF check of a form
carrying personal data)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from briefings.models import BriefingIndexPage, BriefingPage
from cms import roles
from cms.demo import ensure_page, ensure_translation
from interactions.cases.models import Case, Category
from interactions.models import Comment
from tests.interactions.conftest import make_consultation
from tests.interactions.html_forms import form_fields

from .personal_data_corpus import PERSONAL, fold, leaks

pytestmark = pytest.mark.django_db

CONTACT = {
    "name": "张三丰",
    "phone": "13511112222",
    "email": "zhangsanfeng.contact@example.test",
    "address": "示例市幸福区长江路88号5栋2单元301室",
}
DISPLAY_NAMES = ["13711112222", "lisi＠example.com", "微信：wangxiaoer_88", ""]
REGIONS = ["示例市幸福区人民路9号", "示例市", "", "阳光小区7栋1单元"]
# What must never be public, besides every corpus secret: the contact fields,
# the street part of the addresses, the citizen's full name.
SECRETS = [entry["secret"] for entry in PERSONAL] + [
    CONTACT["name"],
    CONTACT["phone"],
    CONTACT["email"],
    "长江路88号",
    "5栋2单元301室",
    "13711112222",
    "lisi＠example.com",
    "wangxiaoer_88",
    "人民路9号",
    "阳光小区7栋",
]
LETTER_BODY = "；".join(entry["text"] for entry in PERSONAL[::2])
DISCLOSURE_BODY = "；".join(entry["text"] for entry in PERSONAL[1::2])
COMMENT_FORM = "form[action$='comment/']"
REPLY = (
    f"{CONTACT['name']}您好：您反映的长江路88号5栋门前积水问题已转交区排水公司，"
    f"经办人电话 0755-8300 1234（请勿拨打您留下的 {CONTACT['phone']}）。"
)


@pytest.fixture(autouse=True)
def _open_limits(settings):
    settings.INTERACTIONS_MIN_FILL_SECONDS = 0
    settings.CASES_MIN_FILL_SECONDS = 0
    settings.INTERACTIONS_COMMENT_RATE = "10000/m"
    settings.BRIEFINGS_QUESTION_RATE = "10000/m"
    settings.CASES_SUBMIT_RATE = "10000/m"


def _post_form(client, url, fill, selector="form"):
    """GET the page, read the form as a browser would, fill it, POST it."""
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    data = form_fields(html, selector)
    data.update(fill)
    action = BeautifulSoup(html, "html.parser").select_one(selector).get("action") or url
    return client.post(action, data)


def _act(client, case, action, **data):
    response = client.post(reverse("cases_admin:action", args=[case.pk, action]), data)
    assert response.status_code == 302, (action, response.status_code)
    return client.get(response.url)


def _publish_case(staff, second, case, department):
    """Answer and publish a case through the case screens, as two people."""
    from interactions.cases import admin_views

    _act(staff, case, "assign", department=department.pk)
    outcome = {"outcome": "disclosed"} if case.channel == "disclosure" else {}
    _act(staff, case, "draft", reply=REPLY, **outcome)
    page = _act(second, case, "approve")
    if "publish" in admin_views.ACTIONS:  # a second person approves the masked public copy
        digest = BeautifulSoup(page.content.decode(), "html.parser").select_one("input[name=digest]")
        case.refresh_from_db()
        assert digest is not None, (
            "no publication preview",
            case.channel,
            case.status,
            case.consent_publish,
            case.replied_at,
        )
        _act(second, case, "publish", digest=digest["value"])
    case.refresh_from_db()


@pytest.fixture
def planted(client, home, home_en, locales, department, make_user):
    """Everything planted and approved; returns the public objects."""
    consultation = make_consultation(home, slug="sweep", title="《养犬管理条例（征求意见稿）》征求意见")
    ensure_translation(consultation.get_parent().specific, locales["en"], title="Consultations")
    consultation_en = ensure_translation(consultation, locales["en"], title="Draft dog regulations: consultation")[0]
    briefings = ensure_page(home, BriefingIndexPage, "briefings", title="新闻发布会")[0]
    interview = ensure_page(
        briefings,
        BriefingPage,
        "sweep-interview",
        title="在线访谈：养犬管理",
        kind=BriefingPage.KIND_INTERVIEW,
        starts_at=timezone.now() + timezone.timedelta(days=1),
    )[0]
    ensure_translation(briefings, locales["en"], title="Press briefings")
    interview_en = ensure_translation(interview, locales["en"], title="Online interview: dogs")[0]

    # Comments through the real form: every corpus spelling, in every section.
    sections = [anchor for anchor, _label in consultation.draft_sections()]
    for index, entry in enumerate(PERSONAL):
        citizen = Client()
        response = _post_form(
            citizen,
            consultation.url,
            {
                "body": f"建议{index}：{entry['text']}",
                "display_name": DISPLAY_NAMES[index % len(DISPLAY_NAMES)],
                "region": REGIONS[index % len(REGIONS)],
                "section": sections[index % len(sections)],
                "contact_email": CONTACT["email"],
                "contact_phone": CONTACT["phone"],
                "consent_publish": "on",
            },
            selector=COMMENT_FORM,
        )
        assert response.status_code == 302, response.content.decode()[:500]
    # Interview questions through the real form.
    for entry in PERSONAL[::5]:
        response = _post_form(
            Client(),
            interview.url,
            {"body": f"请问：{entry['text']}", "display_name": DISPLAY_NAMES[0], "consent_publish": "on"},
            selector="#questions form",
        )
        assert response.status_code == 200
    # One comment stays pending: its report link is an error page.
    pending = Client()
    _post_form(
        pending,
        consultation.url,
        {"body": "待审：" + PERSONAL[0]["text"], "consent_publish": "on"},
        selector=COMMENT_FORM,
    )

    moderator = make_user("sweep-moderator", roles.COMMENT_MODERATORS)
    staff = Client()
    staff.force_login(moderator)
    to_approve = Comment.objects.exclude(body__startswith="待审").values_list("pk", flat=True)
    response = staff.post(
        reverse("interactions_admin:detail", args=[to_approve[0]]), {"ids": list(to_approve), "action": "approve"}
    )
    assert response.status_code == 302
    assert Comment.objects.filter(status=Comment.PUBLISHED).count() == len(to_approve)

    # A letter and a disclosure request through the real forms.
    category = Category.objects.create(name="城乡建设", name_en="Urban development", term_days=15)
    contact = {
        "contact_name": CONTACT["name"],
        "contact_phone": CONTACT["phone"],
        "contact_email": CONTACT["email"],
        "contact_address": CONTACT["address"],
        "consent_publish": "on",
    }
    response = _post_form(
        Client(),
        reverse("cases:letter"),
        {"category": str(category.pk), "subject": "门前积水 " + PERSONAL[10]["text"], "body": LETTER_BODY, **contact},
        selector="form:has([name=body])",
    )
    assert response.status_code == 302, response.content.decode()[:800]
    response = _post_form(
        Client(),
        reverse("cases:disclosure"),
        {
            "requester_type": "natural",
            "department": str(department.pk),
            "subject": "排水公司维修记录",
            "body": DISCLOSURE_BODY,
            **contact,
        },
        selector="form:has([name=body])",
    )
    assert response.status_code == 302, response.content.decode()[:800]
    supervisor = Client()
    supervisor.force_login(make_user("sweep-supervisor", roles.CASE_SUPERVISORS))
    second = Client()
    second.force_login(make_user("sweep-publisher", roles.CASE_SUPERVISORS))
    cases = list(Case.objects.order_by("pk"))
    assert len(cases) == 2
    for case in cases:
        _publish_case(supervisor, second, case, department)
    answers = Client().get(reverse("cases:answers")).content.decode()
    assert "门前积水" in answers and "排水公司维修记录" in answers  # published, so the sweep reads them
    return {
        "consultation": consultation,
        "consultation_en": consultation_en,
        "interview": interview,
        "interview_en": interview_en,
        "cases": cases,
        "pending": Comment.objects.get(body__startswith="待审"),
    }


def _readable(response):
    """Everything a reader or a program gets from a response, as text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _results_only(response):
    """A search page without the echo of the visitor's own query."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(str(node) for node in soup.select("ol.results, .results, table tbody"))


def _surfaces(planted):
    consultation, consultation_en = planted["consultation"], planted["consultation_en"]
    interview, interview_en = planted["interview"], planted["interview_en"]
    urls = []
    for page in (consultation, consultation_en):
        for query in ("", "?page=2", "?page=3", "?group=section", "?group=section&page=2", "?group=section&page=3"):
            urls.append(page.url + query)
        urls += [page.url + "feed/", page.url + "export/csv/", page.url + "export/json/"]
        urls += [f"/api/v2/pages/{page.pk}/", f"/api/v2/pages/{page.pk}/?fields=*"]
    for page in (interview, interview_en):
        urls += [page.url, f"/api/v2/pages/{page.pk}/?fields=*"]
    for prefix in ("", "/en"):
        urls += [
            f"/api/v2/pages/?type=interactions.ConsultationPage&fields=*&locale={'en' if prefix else 'zh-hans'}",
            f"/api/v2/pages/?type=briefings.BriefingPage&fields=*&locale={'en' if prefix else 'zh-hans'}",
            f"{prefix}/feeds/consultations/",
            f"{prefix}/feeds/briefings/",
            f"{prefix}/cases/answers/",
            f"{prefix}/cases/statistics/",
            f"{prefix}/cases/statistics.csv",
            f"{prefix}/catalogue/",
            f"{prefix}/catalogue.csv",
            f"{prefix}/catalogue.json",
        ]
        urls += [f"{prefix}/cases/answers/{case.pk}/" for case in planted["cases"]]
    urls.append("/sitemap.xml")
    return urls


def test_no_planted_personal_data_on_any_public_surface(planted):
    visitor = Client()
    found = {}

    def check(label, text):
        leaked = leaks(text, SECRETS)
        if leaked:
            found[label] = leaked

    # Pages, API, feeds, sitemap, exports and open data, in both languages.
    for url in _surfaces(planted):
        response = visitor.get(url)
        assert response.status_code == 200, (url, response.status_code)
        check(url, _readable(response))

    # What was planted is really there, masked (the sweep reads real rows).
    first = visitor.get(planted["consultation"].url).content.decode()
    assert "建议" in first and "****" in first
    answer = visitor.get(reverse("cases:answer", args=[planted["cases"][0].pk])).content.decode()
    assert "张**" in answer and "积水" in answer

    # Search results and suggestions: each secret searched for, and words that find the planted rows.
    for prefix in ("", "/en"):
        for query in ["建议", "积水", "排水公司", "门前积水", "来信", *SECRETS]:
            results = visitor.get(f"{prefix}/search/", {"q": query})
            check(f"{prefix}/search/?q={query}", _results_only(results))
            suggestions = visitor.get(f"{prefix}/search/suggest/", {"q": query})
            check(f"{prefix}/search/suggest/?q={query}", _readable(suggestions))
            answers = visitor.get(f"{prefix}/cases/answers/", {"q": query})
            check(f"{prefix}/cases/answers/?q={query}", _results_only(answers))

    # Error pages: a pending comment's report link, an answer not published, a failed CSRF check.
    pending = planted["pending"]
    for url in (
        planted["consultation"].url + f"report/{pending.pk}/",
        planted["consultation_en"].url + f"report/{pending.pk}/",
        "/cases/answers/999999/",
        "/en/cases/answers/999999/",
    ):
        response = visitor.get(url)
        assert response.status_code == 404, url
        check(url, _readable(response))
    strict = Client(enforce_csrf_checks=True)
    for url in (planted["consultation"].url + "comment/", reverse("cases:letter")):
        response = strict.post(url, {"body": PERSONAL[0]["text"], "contact_phone": CONTACT["phone"]})
        assert response.status_code == 403, url
        check(f"POST {url} without CSRF", _readable(response))

    assert found == {}, "\n".join(f"{label}: {secrets}" for label, secrets in found.items())


def test_the_leak_check_reads_every_spelling():
    """The sweep's check itself: a secret is found however the page spells it."""
    assert leaks("电话 138 0013 8000", ["１３８００１３８０００"]) == ["１３８００１３８０００"]
    assert leaks("ID 11010519491231002x", ["110105 19491231 002X"])
    assert leaks("&#26085;wang＠example.com", ["wang@example.com"])
    assert leaks("&#24352;三丰", [CONTACT["name"]])  # 张 as an HTML character reference
    assert not leaks("张**", [CONTACT["name"]])
    assert fold("长江路 88 号") == fold("长江路88号")
