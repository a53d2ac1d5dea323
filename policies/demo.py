"""Demo policies and interpretations, in Chinese with English translations."""

import datetime

from cms.demo import ensure_page, ensure_snippet_translation, ensure_translation, publish

from .models import Expert, InterpretationIndexPage, InterpretationPage, Interpreter, PolicyIndexPage, PolicyPage


def h(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level, "anchor": ""}}


def p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


POLICIES = [
    {
        "slug": "open-government-notice-2026",
        "dept": "SZF-BGS",
        "topics": ["government-affairs"],
        "written_on": datetime.date(2026, 3, 17),
        "meta": {
            "published_on": datetime.date(2026, 3, 20),
            "effective_on": datetime.date(2026, 3, 20),
            "kind": "notice",
            "is_major": True,
        },
        "zh": {
            "title": "示例市人民政府关于进一步做好政府信息公开工作的通知",
            "document_number": "示府〔2026〕12号",
            "summary": "明确2026年全市政府信息公开重点任务，推进政策文件与解读同步发布，完善依申请公开办理机制。",
            "body": [
                p("各区人民政府，市政府各委、办、局："),
                p(
                    "为深入贯彻《中华人民共和国政府信息公开条例》和《国务院办公厅关于全面推进政务公开工作的意见》（国办发〔2016〕8号），进一步提升政务公开质量，现就有关事项通知如下。"
                ),
                h("一、坚持以公开为常态"),
                p(
                    "各单位要严格落实“谁发布谁审查、谁审查谁负责”的要求，对拟公开的政府信息依法进行保密审查，做到应公开尽公开。"
                ),
                h("二、推进政策解读同步发布"),
                h("（一）同步起草、同步审签", "h3"),
                p("重大政策文件与解读材料应同步组织、同步审签、同步部署，原则上在文件公开后3个工作日内完成解读发布。"),
                h("（二）丰富解读形式", "h3"),
                p("综合运用图解、音视频、问答等形式，提高政策解读的可读性和传播力。"),
                h("三、规范依申请公开办理"),
                p(
                    "依申请公开应在收到申请之日起20个工作日内答复；需要延长答复期限的，经负责人同意并告知申请人，延长期限最长不超过20个工作日。"
                ),
                p("示例市人民政府<br/>2026年3月17日"),
            ],
        },
        "en": {
            "title": "Notice of the Shili Municipal People's Government on Further Improving Open Government Information",
            "summary": "Sets the city's 2026 priorities for open government information: publishing policies together with their interpretations, and handling requests for information.",
            "body": [
                p("To the district governments and all municipal departments:"),
                p(
                    "To implement the Regulations on Open Government Information and improve the quality of disclosure, the following is notified."
                ),
                h("1. Openness as the norm"),
                p(
                    "Whoever publishes reviews, and whoever reviews answers for it: every item is checked for confidentiality before it is published."
                ),
                h("2. Publishing interpretations together with policies"),
                h("2.1 Drafted and signed off together", "h3"),
                p(
                    "Major policies and their interpretations are prepared, approved and released together, normally within three working days."
                ),
                h("2.2 Richer formats", "h3"),
                p("Use graphics, audio, video and questions and answers to make policies easier to understand."),
                h("3. Handling requests for information"),
                p(
                    "Requests are answered within 20 working days; an extension of at most 20 working days needs approval and notice to the applicant."
                ),
            ],
        },
        "interpretation": {
            "slug": "open-government-notice-2026-qa",
            "kind": "graphic",
            "experts": [],
            "zh": {
                "title": "一图读懂《关于进一步做好政府信息公开工作的通知》",
                "summary": "用问答的方式解读通知提出的三项重点任务。",
                "body": [
                    h("一、为什么要出台这份通知？"),
                    p("为落实政务公开要求，回应群众对政策“看得到、读得懂”的期待。"),
                    h("二、依申请公开多久能得到答复？"),
                    p("一般在20个工作日内答复，特殊情况可延长，但最长不超过20个工作日。"),
                ],
            },
            "en": {
                "title": "The Notice on Open Government Information at a glance",
                "summary": "Questions and answers on the three priorities of the notice.",
                "body": [
                    h("1. Why this notice?"),
                    p("To make policies easy to find and easy to understand."),
                    h("2. How long does an answer to a request take?"),
                    p("Normally 20 working days, extendable once by at most 20 working days."),
                ],
            },
        },
    },
    {
        "slug": "after-school-services-measures",
        "dept": "SJYJ",
        "topics": ["education"],
        "written_on": datetime.date(2026, 8, 20),
        "meta": {
            "published_on": datetime.date(2026, 8, 25),
            "effective_on": datetime.date(2026, 9, 1),
            "expires_on": datetime.date(2031, 8, 31),
            "kind": "measures",
            "is_major": True,
        },
        "zh": {
            "title": "示例市中小学课后服务实施办法",
            "document_number": "示教规〔2026〕3号",
            "summary": "规范全市义务教育阶段学校课后服务的时间、内容、收费和安全管理。",
            "body": [
                h("第一章 总则"),
                p("为减轻学生过重课业负担，满足家长按时接送需求，根据国家和省有关规定，制定本办法。"),
                h("第二章 服务内容"),
                p(
                    "课后服务以学生自主作业、阅读、体育、艺术、科普活动为主，不得讲授新课。服务信息按照示府[2026]12号文件要求主动公开。"
                ),
                h("第三章 保障措施"),
                p("课后服务经费实行财政补助与服务性收费相结合，家庭经济困难学生免缴费用。"),
            ],
        },
        "en": {
            "title": "Shili Measures for After-School Services in Primary and Secondary Schools",
            "summary": "Rules on the hours, content, fees and safety of after-school services in compulsory education.",
            "body": [
                h("Chapter 1 General provisions"),
                p("These measures reduce excessive homework and help parents collect their children on time."),
                h("Chapter 2 Services"),
                p(
                    "After-school time is for homework, reading, sport, art and science activities; no new lessons are taught."
                ),
                h("Chapter 3 Support"),
                p(
                    "Services are funded by subsidies and a service fee; pupils from families in difficulty pay nothing."
                ),
            ],
        },
        "interpretation": {
            "slug": "after-school-services-measures-interpretation",
            "kind": "official",
            "experts": [1],
            "zh": {
                "title": "《示例市中小学课后服务实施办法》政策解读",
                "summary": "市教育局就课后服务时间、收费标准和安全保障答记者问。",
                "body": [
                    h("一、课后服务到几点结束？"),
                    p("原则上不早于当地正常下班时间，一般为18:00。"),
                    h("二、是否收费？"),
                    p("按照成本补偿、非营利原则收取服务性费用，困难家庭学生免费。"),
                ],
            },
            "en": {
                "title": "Interpretation of the Shili Measures for After-School Services",
                "summary": "The Education Bureau answers questions on hours, fees and safety.",
                "body": [
                    h("1. When do services end?"),
                    p("Not before normal working hours end, usually at 18:00."),
                    h("2. Is there a fee?"),
                    p("A non-profit fee covers costs; pupils from families in difficulty pay nothing."),
                ],
            },
        },
    },
    {
        "slug": "old-neighbourhood-renewal-plan",
        "dept": "SZJJ",
        "issuers": ["SZJJ", "SFGW"],
        "topics": ["housing"],
        "written_on": datetime.date(2026, 5, 8),
        "meta": {"published_on": datetime.date(2026, 5, 12), "effective_on": datetime.date(2026, 6, 1), "kind": "plan"},
        "zh": {
            "title": "示例市老旧小区改造三年行动方案（2026—2028年）",
            "document_number": "示府办〔2026〕21号",
            "summary": "三年内完成2000年底前建成的老旧小区改造，加装电梯、改造管网、完善无障碍设施。",
            "body": [
                h("一、工作目标"),
                p("到2028年底，基本完成2000年底前建成、需改造的城镇老旧小区改造任务。"),
                h("二、改造内容"),
                p("重点改造供水、排水、供电、燃气等管网，支持有条件的楼栋加装电梯，完善无障碍和适老化设施。"),
                h("三、组织实施"),
                p(
                    "按照“居民自愿、政府支持”的原则，由各区人民政府组织实施。《示例市老旧小区改造工作方案》（示府办〔2023〕9号）同时废止。"
                ),
            ],
        },
        "en": {
            "title": "Shili Three-Year Action Plan for Renewing Old Residential Neighbourhoods (2026-2028)",
            "summary": "Renews neighbourhoods built before 2000 within three years: lifts, utility networks and barrier-free facilities.",
            "body": [
                h("1. Goals"),
                p("By the end of 2028, renew the old neighbourhoods built before the end of 2000 that need it."),
                h("2. Scope"),
                p(
                    "Water, drainage, power and gas networks; lifts where buildings allow; barrier-free and elder-friendly facilities."
                ),
                h("3. Implementation"),
                p("Residents decide, the government supports; district governments carry the work out."),
            ],
        },
    },
    {
        "slug": "old-neighbourhood-renewal-2023",
        "dept": "SZF-BGS",
        "topics": ["housing"],
        "written_on": datetime.date(2023, 4, 2),
        "meta": {
            "published_on": datetime.date(2023, 4, 6),
            "effective_on": datetime.date(2023, 5, 1),
            "kind": "plan",
            "validity": "repealed",
        },
        "superseded_by": "old-neighbourhood-renewal-plan",
        "zh": {
            "title": "示例市老旧小区改造工作方案",
            "document_number": "示府办〔2023〕9号",
            "summary": "2023年启动的老旧小区改造工作方案，已被三年行动方案取代。",
            "body": [
                h("一、改造范围"),
                p("2000年底前建成的城镇老旧小区。"),
                h("二、资金筹措"),
                p("市、区两级财政按比例分担。"),
            ],
        },
        "en": {
            "title": "Shili Work Plan for Renewing Old Residential Neighbourhoods (2023)",
            "summary": "The 2023 renewal plan, replaced by the three-year action plan.",
            "body": [
                h("1. Scope"),
                p("Neighbourhoods built before the end of 2000."),
                h("2. Funding"),
                p("Shared between the city and the districts."),
            ],
        },
    },
    {
        "slug": "winter-heating-subsidy-2025",
        "dept": "SFGW",
        "topics": ["economy"],
        "written_on": datetime.date(2025, 10, 8),
        "meta": {
            "published_on": datetime.date(2025, 10, 10),
            "effective_on": datetime.date(2025, 11, 1),
            "expires_on": datetime.date(2026, 3, 31),
            "kind": "notice",
            "validity": "expired",
        },
        "change_note": "更正第二条补贴标准的笔误（每户每月120元）。",
        "zh": {
            "title": "示例市关于2025—2026年采暖季困难家庭取暖补贴的通知",
            "document_number": "示发改〔2025〕47号",
            "summary": "向低保、特困家庭发放采暖季取暖补贴，执行期至2026年3月31日。",
            "body": [
                h("一、补贴对象"),
                p("本市城乡低保家庭和特困供养人员。"),
                h("二、补贴标准"),
                p("每户每月120元，按月发放。"),
            ],
        },
        "en": {
            "title": "Notice on Heating Subsidies for Families in Difficulty, Winter 2025-2026",
            "summary": "Monthly heating subsidies for low-income families, until 31 March 2026.",
            "body": [
                h("1. Who receives it"),
                p("Families on minimum living allowance and people in extreme poverty."),
                h("2. Amount"),
                p("120 yuan per household per month."),
            ],
        },
    },
]

EXPERTS = [
    # name, title, organisation (zh), then English
    (
        "张明",
        "教授",
        "示例大学公共管理学院",
        "Zhang Ming",
        "Professor",
        "School of Public Administration, Shili University",
    ),
    ("林晓", "副局长", "示例市教育局", "Lin Xiao", "Deputy Director", "Shili Education Bureau"),
]


def load(ctx, out):
    zh_home, en = ctx["home"], ctx["en"]
    policy_index, _created = ensure_page(
        zh_home,
        PolicyIndexPage,
        "policies",
        title="政策文件",
        show_in_menus=True,
        summary="本市政府及部门发布的规章、规范性文件和其他政策文件。",
    )
    ensure_translation(
        policy_index,
        en,
        title="Policy documents",
        summary="Rules, normative documents and other policies of the city government and its departments.",
    )
    interp_index, _created = ensure_page(
        zh_home,
        InterpretationIndexPage,
        "interpretations",
        title="政策解读",
        show_in_menus=True,
        summary="对本市政策文件的官方解读、专家解读、图解和问答。",
    )
    ensure_translation(
        interp_index,
        en,
        title="Policy interpretations",
        summary="Official and expert interpretations, graphics and Q&A on the city's policies.",
    )

    experts = []
    for name, title, org, name_en, title_en, org_en in EXPERTS:
        expert, _created = Expert.objects.get_or_create(
            name=name, locale=ctx["zh"], defaults={"title": title, "organisation": org}
        )
        ensure_snippet_translation(expert, en, name=name_en, title=title_en, organisation=org_en)
        experts.append(expert)

    pages = {}
    for item in POLICIES:
        pages[item["slug"]] = _load_policy(ctx, item, policy_index, interp_index, experts)
    # Successor links, once every document exists.
    for item in POLICIES:
        successor = item.get("superseded_by")
        if not successor:
            continue
        for policy, target in zip(pages[item["slug"]], pages[successor], strict=True):
            if policy.superseded_by_id != target.pk:
                policy.superseded_by = target
                policy.save()
                publish(policy)


def _load_policy(ctx, item, policy_index, interp_index, experts):
    """Create the policy and its interpretation in Chinese and English. A major
    policy is released together with its interpretation: the interpretation is
    approved first (held), then the policy's publication releases both."""
    en = ctx["en"]
    meta = item.get("meta", {})
    policy, created = ensure_page(
        policy_index, PolicyPage, item["slug"], live=False, written_on=item["written_on"], **meta, **item["zh"]
    )
    if created:
        policy.issuers.set([ctx["departments"][code] for code in item.get("issuers", [item["dept"]])])
        policy.topics.set([ctx["topics"][slug] for slug in item["topics"]])
        policy.save()
    interp = item.get("interpretation")
    interpretation = None
    if interp:
        interpretation, interp_created = ensure_page(
            interp_index,
            InterpretationPage,
            interp["slug"],
            live=False,
            policy=policy,
            kind=interp["kind"],
            **interp["zh"],
        )
        if interp_created:
            for position in interp["experts"]:
                interpretation.interpreters.add(Interpreter(expert=experts[position]))
            interpretation.save()
            publish(interpretation)  # approved: held until the policy goes live
    if created:
        publish(policy)
        if item.get("change_note"):
            policy.change_note = item["change_note"]
            publish(policy)

    policy_en, en_created = ensure_translation(policy, en, live=False, **item["en"])
    if interp:
        interpretation_en, interp_en_created = ensure_translation(
            interpretation, en, live=False, policy=policy_en, **interp["en"]
        )
        if interp_en_created:
            publish(interpretation_en)
    if en_created:
        publish(policy_en)
    return PolicyPage.objects.get(pk=policy.pk), PolicyPage.objects.get(pk=policy_en.pk)
