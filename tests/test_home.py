from cms.demo import ensure_page
from policies.models import PolicyIndexPage, PolicyPage


def test_home_shows_empty_state_when_sections_are_empty(client, home):
    html = client.get("/").content.decode()
    assert html.count("尚未发布内容") >= 4


def test_home_lists_only_live_items_newest_first(client, home, department):
    index, _ = ensure_page(home, PolicyIndexPage, "policies", title="政策文件")
    ensure_page(index, PolicyPage, "older", title="较早的文件", issuers=[department])
    ensure_page(index, PolicyPage, "newer", title="较新的文件", issuers=[department])
    ensure_page(index, PolicyPage, "draft", title="未发布的草稿", issuers=[department], live=False)
    html = client.get("/").content.decode()
    assert html.index("较新的文件") < html.index("较早的文件")
    assert "未发布的草稿" not in html
