"""The demo site's skeleton: languages, site identity, departments, topics,
users for every role and the two home pages. Sections add their content in
their own `demo.py`, registered with cms.sections.register_demo_loader()."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Site

from cms import roles, sections
from cms.demo import ensure_locale, ensure_snippet_translation, ensure_translation, ensure_user, publish, root_page
from cms.models import Department, SiteIdentity, SiteSettings, Topic

from .models import HomePage

DEMO_PASSWORD = "gongkai-demo-2026"

DEMO_USERS = [
    # username, role group, full name, what they do
    ("admin", None, "系统管理员 Site Admin", "everything (superuser)"),
    ("editor", roles.EDITORS, "王编辑 Wang Bian", "composes pages and submits them for review"),
    ("reviewer", roles.DEPARTMENT_REVIEWERS, "李审核 Li Shen", "department review (业务审核)"),
    ("secrecy", roles.CONFIDENTIALITY_REVIEWERS, "赵保密 Zhao Bao", "confidentiality review (保密审查)"),
    ("leader", roles.LEADERS, "陈主任 Chen Zhuren", "leadership sign-off (领导签发)"),
    ("moderator", roles.COMMENT_MODERATORS, "刘审稿 Liu Shengao", "moderates citizen comments"),
    ("handler", roles.CASE_HANDLERS, "周办理 Zhou Banli", "handles letters and disclosure requests"),
    ("siteadmin", roles.SITE_ADMINISTRATORS, "孙运维 Sun Yunwei", "site settings, snippets, users of the portal"),
]

DEPARTMENTS = [
    # code, zh name, zh short, en name, en short, phone
    (
        "SZF-BGS",
        "示例市人民政府办公室",
        "市政府办",
        "General Office of the Shili Municipal People's Government",
        "General Office",
        "0755-12345001",
    ),
    (
        "SFGW",
        "示例市发展和改革委员会",
        "市发展改革委",
        "Shili Development and Reform Commission",
        "Development and Reform",
        "0755-12345002",
    ),
    ("SJYJ", "示例市教育局", "市教育局", "Shili Education Bureau", "Education Bureau", "0755-12345003"),
    ("SWJW", "示例市卫生健康委员会", "市卫生健康委", "Shili Health Commission", "Health Commission", "0755-12345004"),
    (
        "SZJJ",
        "示例市住房和城乡建设局",
        "市住房建设局",
        "Shili Housing and Urban-Rural Development Bureau",
        "Housing Bureau",
        "0755-12345005",
    ),
]

TOPICS = [
    ("government-affairs", "政务公开", "Open government"),
    ("education", "教育", "Education"),
    ("health", "医疗卫生", "Health"),
    ("housing", "住房保障", "Housing"),
    ("economy", "经济发展", "Economy"),
    ("public-safety", "公共安全", "Public safety"),
]


def load_skeleton(out):
    zh = ensure_locale("zh-hans")
    en = ensure_locale("en")

    identity, _created = SiteIdentity.objects.get_or_create(
        locale=zh,
        defaults={
            "site_name": "示例市人民政府信息公开",
            "tagline": "公开透明 · 依法行政 · 服务人民",
            "organiser": "示例市人民政府办公室",
            "address": "示例市中心区人民大道1号",
            "footer_text": "<p>本网站为 Gongkai 开源政务公开平台演示站点，所有内容均为虚构示例。</p>",
        },
    )
    ensure_snippet_translation(
        identity,
        en,
        site_name="Shili City Government Information Disclosure",
        tagline="Open · Lawful · Serving the people",
        organiser="General Office of the Shili Municipal People's Government",
        address="1 Renmin Avenue, Central District, Shili",
        footer_text="<p>This is a demonstration of Gongkai, the open-source disclosure portal. All content is fictional.</p>",
    )

    departments = {}
    for code, name, short, name_en, short_en, phone in DEPARTMENTS:
        dept, _created = Department.objects.get_or_create(
            code=code,
            locale=zh,
            defaults={
                "name": name,
                "short_name": short,
                "phone": phone,
                "office_hours": "工作日 9:00-12:00，14:00-17:30",
            },
        )
        dept_en, _created = ensure_snippet_translation(
            dept, en, name=name_en, short_name=short_en, office_hours="Working days 9:00-12:00, 14:00-17:30"
        )
        departments[code] = dept
    topics = {}
    for slug, name, name_en in TOPICS:
        topic, _created = Topic.objects.get_or_create(slug=slug, locale=zh, defaults={"name": name})
        ensure_snippet_translation(topic, en, name=name_en)
        topics[slug] = topic

    home = _ensure_home(zh)
    home_en, _created = ensure_translation(
        home,
        en,
        title="Shili City Government Information Disclosure",
        summary="Policies and their interpretations, press briefings, public consultations and letters to the mayor, published under the Regulations on Open Government Information.",
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Gongkai"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    settings_row = SiteSettings.for_site(site)
    if not settings_row.hotline:
        settings_row.hotline = "12345"
        settings_row.contact_email = "gongkai@shili.gov.example"
        settings_row.icp_record = "示ICP备00000000号"
        settings_row.site_identifier = "0000000000"
        settings_row.save()

    users = _ensure_users(home, out)
    return {
        "zh": zh,
        "en": en,
        "home": home,
        "home_en": home_en,
        "departments": departments,
        "topics": topics,
        "users": users,
        "site": site,
    }


def _ensure_home(zh):
    root = root_page()
    home = HomePage.objects.filter(locale=zh, depth=2).first()
    if home:
        return home
    # Wagtail's starter "Welcome" page (slug "home") makes way for ours.
    starters = list(root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore"))
    for page in starters:
        page.slug = f"wagtail-starter-{page.pk}"
        page.save(update_fields=["slug", "url_path"])
    home = HomePage(
        title="示例市人民政府信息公开",
        slug="home",
        locale=zh,
        summary="依据《中华人民共和国政府信息公开条例》，集中发布政策文件及其解读、新闻发布会、意见征集和市长信箱答复。",
    )
    root.add_child(instance=home)
    publish(home)
    for page in starters:
        Site.objects.filter(root_page=page).update(root_page=home)
        page.delete()
    return HomePage.objects.get(pk=home.pk)


def _ensure_users(home, out):
    users = {}
    for username, group, full_name, _does in DEMO_USERS:
        first, _sep, last = full_name.partition(" ")
        user, _created = ensure_user(
            username,
            DEMO_PASSWORD,
            groups=[group] if group else [],
            superuser=group is None,
            first_name=first,
            last_name=last,
            email=f"{username}@gongkai.example",
        )
        users[username] = user
    # Page permissions on the whole demo tree; a real deployment scopes
    # them to each department's section.
    for group_name, codenames in roles.ROLE_PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=home.get_parent(), permission=permission)
    return users


def print_logins(out):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    out.write("")
    out.write("Demo site ready.")
    out.write(f"  Public site (中文):  {base}/")
    out.write(f"  Public site (English): {base}/en/")
    out.write(f"  Admin:               {base}/admin/")
    out.write(f"  Every demo login uses the password: {DEMO_PASSWORD}")
    for username, group, _name, does in DEMO_USERS:
        out.write(f"    {username:<10} {group or 'superuser':<26} {does}")


# --- Topic pages (专题) ---------------------------------------------------------

TOPIC_FIGURES_ZH = [
    {"value": "326", "unit": "所", "label": "开展课后服务的中小学", "note": "截至2026年9月"},
    {"value": "98.5", "unit": "%", "label": "学生参与率", "note": ""},
    {"value": "1.2", "unit": "亿元", "label": "市级财政补助", "note": "2026年预算"},
]
TOPIC_FIGURES_EN = [
    {"value": "326", "unit": "", "label": "Schools offering after-school care", "note": "As of September 2026"},
    {"value": "98.5", "unit": "%", "label": "Pupils taking part", "note": ""},
    {"value": "120", "unit": "million yuan", "label": "City subsidy", "note": "2026 budget"},
]
TOPIC_CHART_ROWS = [("2022", 182), ("2023", 231), ("2024", 268), ("2025", 301), ("2026", 326)]


def _topic_body(figures, chart_title, label_heading, unit, source, intro_heading, intro_text):
    return [
        {"type": "heading", "value": {"text": intro_heading, "level": "h2", "anchor": ""}},
        {"type": "paragraph", "value": intro_text},
        {"type": "figures", "value": figures},
        {
            "type": "chart",
            "value": {
                "title": chart_title,
                "kind": "bar",
                "unit": unit,
                "label_heading": label_heading,
                "rows": [{"label": label, "value": value} for label, value in TOPIC_CHART_ROWS],
                "source": source,
            },
        },
    ]


def load(ctx, out):
    """The topic index (专题) and one topic page curating the demo's policies and briefings."""

    from cms.demo import ensure_page

    from .models import TopicIndexPage, TopicPage, TopicPageLink

    zh_home, en = ctx["home"], ctx["en"]
    index, _created = ensure_page(
        zh_home,
        TopicIndexPage,
        "topics",
        title="专题专栏",
        show_in_menus=True,
        summary="围绕重点工作的政策、数据和发布会汇编。",
    )
    ensure_translation(
        index, en, title="Topics", summary="Policies, figures and briefings on the city's priorities, brought together."
    )
    topic_page = TopicPage.objects.child_of(index).filter(slug="after-school-care").first()
    if topic_page is None:
        topic_page = TopicPage(
            slug="after-school-care",
            title="中小学课后服务专题",
            summary="课后服务政策文件、解读、关键数据和新闻发布会一览。",
            body=_topic_body(
                TOPIC_FIGURES_ZH,
                "开展课后服务的学校数量",
                "年份",
                "所",
                "示例市教育局",
                "专题概述",
                "<p>本专题汇集示例市中小学课后服务的政策、数据和发布会，方便家长和学校查阅。</p>",
            ),
        )
        index.add_child(instance=topic_page)
        if ctx["topics"].get("education"):
            topic_page.topics.add(ctx["topics"]["education"])
        curated = []
        for section in sections.curated():
            curated.extend(section.model.objects.live().filter(locale=ctx["zh"]).order_by("first_published_at")[:2])
        for order, target in enumerate(curated):
            topic_page.curated_items.add(TopicPageLink(target=target, sort_order=order))
        topic_page.save()
        publish(topic_page)
    ensure_translation(
        topic_page,
        en,
        title="After-school care in primary and secondary schools",
        summary="Policies, interpretations, key figures and briefings on after-school care.",
        body=_topic_body(
            TOPIC_FIGURES_EN,
            "Schools offering after-school care",
            "Year",
            "schools",
            "Shili Education Bureau",
            "Overview",
            "<p>This topic brings together the city's policies, figures and briefings on after-school care for parents and schools.</p>",
        ),
    )
