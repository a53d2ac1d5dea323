"""Editor tools: the synonym list and the query report in the Wagtail admin."""

import pytest

from search.models import Synonym

pytestmark = pytest.mark.django_db


def test_editors_manage_synonyms(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/snippets/search/synonym/").status_code == 200
    response = client.post("/admin/snippets/search/synonym/add/", {"terms": "医保", "note": ""})
    assert response.status_code == 200 and not Synonym.objects.exists()  # one term is not a group
    response = client.post("/admin/snippets/search/synonym/add/", {"terms": "医保，医疗保险", "note": "常用简称"})
    assert response.status_code == 302
    from search import synonyms

    assert synonyms.groups() == [["医保", "医疗保险"]]


def test_query_report_needs_admin_access(client, db):
    response = client.get("/admin/search-queries/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_synonym_parsing():
    from search.synonyms import parse_terms

    assert parse_terms("医保, 医疗保险、基本医疗保险；医保") == ["医保", "医疗保险", "基本医疗保险"]
    assert parse_terms("social security ⇄ 社保") == ["social security", "社保"]
