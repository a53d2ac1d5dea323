"""Published answers are reviewed as published (issue 20, defect 3).

A letter with consent goes through the real public form; handlers reply
through the real case screens. The answer stays off every public surface
(answers list and page, site search and suggestions) until a second person
approves its masked public copy, previewed in the admin exactly as the
public page shows it; contact fields are never shown, the name is reduced
(张**), and the postal address is neither shown nor findable."""

import re

import pytest
from django.urls import reverse

from interactions.cases import services
from interactions.cases.models import Case
from tests.cases.test_public import submit_letter

ADDRESS = "和平区幸福路88号3单元501室"
PHONE = "13912345678"
EMAIL = "lisi@example.test"


@pytest.fixture
def letter(client, home, category, old_token):
    """A letter as a citizen sends it: their address in the address field and in the text."""
    response = submit_letter(
        client,
        {
            "category": category.pk,
            "subject": "楼下夜市油烟扰民",
            "body": f"我是李四海，住在{ADDRESS}，楼下夜市油烟很大，请处理。",
            "contact_name": "李四海",
            "contact_phone": PHONE,
            "contact_email": EMAIL,
            "contact_address": ADDRESS,
            "consent_publish": "on",
            "started": old_token,
            "website": "",
        },
    )
    assert response.status_code == 302
    return Case.objects.get()


@pytest.fixture
def publisher(make_user):
    from cms import roles

    return make_user("publisher", roles.CASE_SUPERVISORS)


def act(client, case, action, **data):
    response = client.post(reverse("cases_admin:action", args=[case.pk, action]), data)
    assert response.status_code == 302
    return client.get(response.url)


def text_of(html):
    """What a reader sees of an HTML fragment: the words, without tags or spacing."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def fragment(html, element_id):
    match = re.search(rf'<div id="{element_id}"[^>]*>(.*?)</div>\s*<details', html, re.S)
    assert match, element_id
    return match.group(1)


def public_answer_text(html):
    """The public answer page's main content: from the title to the link back."""
    match = re.search(r'(<h1 class="answer-title">.*?)<p><a href="[^"]*answers/', html, re.S)
    assert match
    return text_of(match.group(1).replace("<h1", "<h3").replace("</h1>", "</h3>"))


def public_surfaces(client, case):
    """Every public place a letter answer can appear, as one text."""
    pages = [
        client.get(reverse("cases:answers")),
        client.get(reverse("cases:answers"), {"q": "油烟"}),
        client.get(reverse("cases:answer", args=[case.pk])),
        client.get("/search/", {"q": "油烟"}),
        client.get("/search/", {"q": "幸福路"}),
        client.get("/search/suggest/", {"q": "油烟"}),
    ]
    return pages


def test_an_answer_is_public_only_after_a_second_person_approves_its_preview(
    client, letter, supervisor, publisher, department
):
    staff = client.__class__()
    second = publisher
    staff.force_login(supervisor)
    act(staff, letter, "assign", department=department.pk)
    act(staff, letter, "draft", reply="李四海您好：已责成城管部门查处夜市油烟问题。")
    staff.force_login(second)
    page = act(staff, letter, "approve").content.decode()
    letter.refresh_from_db()
    assert letter.replied_at and letter.status == "replied"

    # Replied and consented, but not reviewed: on no public surface.
    answer_url = reverse("cases:answer", args=[letter.pk])
    assert client.get(answer_url).status_code == 404
    assert "楼下夜市油烟扰民" not in client.get(reverse("cases:answers")).content.decode()
    for response in public_surfaces(client, letter):
        assert "夜市油烟" not in response.content.decode()
    # The handlers' list has it among the answers to publish.
    listing = staff.get(reverse("cases_admin:index"), {"filter": "publication"}).content.decode()
    assert "楼下夜市油烟扰民" in listing

    # The preview: the masked copy, no contact field, the name reduced.
    preview = fragment(page, "public-preview")
    for secret in (PHONE, EMAIL, ADDRESS, "幸福路88号", "李四海"):
        assert secret not in preview
    assert "李**" in preview and "夜市油烟" in preview
    # The reply's author cannot approve it (no button, and a POST is refused).
    staff.force_login(supervisor)
    own = staff.get(reverse("cases_admin:detail", args=[letter.pk])).content.decode()
    assert 'id="approve-publication"' not in own
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', page).group(1)
    act(staff, letter, "publish", digest=digest)
    assert client.get(answer_url).status_code == 404

    # A second person approves what they saw; it is public, exactly as previewed.
    staff.force_login(second)
    after = act(staff, letter, "publish", digest=digest).content.decode()
    assert "publication-state" in after and 'id="approve-publication"' not in after
    public = client.get(answer_url)
    assert public.status_code == 200
    assert public_answer_text(public.content.decode()) == text_of(preview)
    timeline = [e.kind for e in letter.events.all()]
    assert "published" in timeline

    # Contact fields never public; the address is not findable by search.
    for response in public_surfaces(client, letter):
        html = response.content.decode()
        for secret in (PHONE, EMAIL, ADDRESS, "幸福路88号", "李四海"):
            assert secret not in html, (response.request["PATH_INFO"], secret)
    assert "楼下夜市油烟扰民" in client.get(reverse("cases:answers"), {"q": "油烟"}).content.decode()
    assert client.get(reverse("cases:answers"), {"q": "幸福路88号"}).context["items"] == []


def test_a_public_copy_changed_after_the_preview_is_not_approved_unseen(
    client, letter, supervisor, publisher, department
):
    services.assign(letter, department, supervisor)
    services.draft_reply(letter, supervisor, "已处理。请到夜市管理处咨询。")
    services.approve_reply(letter, publisher)
    client.force_login(publisher)
    page = client.get(reverse("cases_admin:detail", args=[letter.pk])).content.decode()
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', page).group(1)
    # Someone masks more by hand after the preview was opened…
    act(client, letter, "mask", text="夜市管理处")
    letter.refresh_from_db()
    assert "夜市管理处" not in letter.public_reply
    # …so the approval of the old preview is refused, and the new one shows the mask.
    act(client, letter, "publish", digest=digest)
    assert client.get(reverse("cases:answer", args=[letter.pk])).status_code == 404
    page = client.get(reverse("cases_admin:detail", args=[letter.pk])).content.decode()
    assert "夜市管理处" not in fragment(page, "public-preview")
    act(client, letter, "publish", digest=re.search(r'name="digest" value="([0-9a-f]{64})"', page).group(1))
    html = client.get(reverse("cases:answer", args=[letter.pk])).content.decode()
    assert "夜市管理处" not in html and "已处理" in html


def test_withholding_a_published_answer_sends_it_back_to_review(client, letter, supervisor, publisher, department):
    services.assign(letter, department, supervisor)
    services.draft_reply(letter, supervisor, "已处理。")
    services.approve_reply(letter, publisher)
    services.publish_answer(letter, publisher, services.public_copy_digest(letter))
    url = reverse("cases:answer", args=[letter.pk])
    assert client.get(url).status_code == 200
    staff = client.__class__()
    staff.force_login(publisher)
    act(staff, letter, "withhold")
    assert client.get(url).status_code == 404
    act(staff, letter, "withhold")  # allowed again: not public until approved again
    assert client.get(url).status_code == 404
    letter.refresh_from_db()
    assert letter.published_at is None and not letter.withhold_publication
