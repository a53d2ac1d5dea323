"""Policies benchmark: importing documents and rendering the filtered index.

With scale 1.0:
* import 300 generated plain-text documents (clean, flattened with runs of
  full-width spaces, and wrapped in a notice of issue) through the same code
  as `manage.py import_policy --publish`: parse, create the page, publish it
  (index number, citations). Reports documents/second.
* fill the index to 10,000 live policies (the extra rows are bulk-inserted,
  so the benchmark measures rendering, not page creation), then render the
  policy index filtered by department (and by department + year, and page 5)
  through Django's test client: p50/p95 in milliseconds.

Runs on a throwaway SQLite database under var/bench (config.settings.bench),
with django-q2 tasks queued rather than run inline, as in production."""

import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import BENCH_DIR, PYTHON, bench_env, manage, summarise_ms  # noqa: E402

IMPORTS = 300
LISTING = 10_000
RENDERS = 200
DEPARTMENTS = [
    ("SZF-BGS", "示例市人民政府办公室"),
    ("SFGW", "示例市发展和改革委员会"),
    ("SJYJ", "示例市教育局"),
    ("SWJW", "示例市卫生健康委员会"),
    ("SZJJ", "示例市住房和城乡建设局"),
    ("SCZJ", "示例市财政局"),
    ("SGAJ", "示例市公安局"),
    ("SMZJ", "示例市民政局"),
]
WORDS = "政府 信息 公开 教育 医疗 住房 交通 养老 就业 财政 预算 环境 安全 生产 应急 管理 服务 改革 发展 规划 社区 乡村 振兴".split()


def sentence(rng, n=20):
    return "".join(rng.choice(WORDS) for _ in range(n // 2)) + "。"


def document(i, rng):
    code, name = DEPARTMENTS[i % len(DEPARTMENTS)]
    year = 2020 + i % 7
    title = "示例市" + "".join(rng.choice(WORDS) for _ in range(3)) + rng.choice(["管理办法", "实施意见", "工作方案"])
    number = f"示{code[-2:]}〔{year}〕{i + 1}号"
    body = [
        "一、总体要求",
        sentence(rng, 60) + f"根据示{code[-2:]}〔{year}〕{max(1, i - 3)}号文件，" + sentence(rng),
        "二、主要任务",
        "（一）" + "".join(rng.choice(WORDS) for _ in range(3)) + "。" + sentence(rng, 40),
        "（二）" + "".join(rng.choice(WORDS) for _ in range(3)) + "。" + sentence(rng, 40),
        "三、保障措施",
        sentence(rng, 80),
    ]
    signature = [name, f"{year}年{1 + i % 12}月{1 + i % 28}日"]
    style = i % 3
    if style == 0:  # clean, one item a line
        lines = [title, number, "各区人民政府，市政府各部门：", *body, *signature]
    elif style == 1:  # flattened with full-width spaces
        lines = [title, number, "　　".join(["各区人民政府，市政府各部门：", *body, *signature])]
    else:  # notice of issue wrapped round the document
        notice = f"{name}关于印发{title}的通知"
        lines = [
            notice,
            number,
            "各区人民政府：　　现将《" + title + "》印发给你们，请认真贯彻执行。　　" + "　　".join(signature),
            title,
            "  ".join(body),
        ]
    return "\n".join(lines).encode()


def worker(imports, listing):
    """Runs inside a fresh Django process (config.settings.bench)."""
    import django

    django.setup()
    from django.db import transaction
    from django.test import Client
    from wagtail.models import Locale, Page, Site

    from bench.fill import analyze, bulk_policies
    from cms.models import Department
    from home.models import HomePage
    from policies.importer import create_policy, parse_document
    from policies.models import InterpretationIndexPage, PolicyIndexPage, PolicyPage

    rng = random.Random(3)
    locale = Locale.objects.get_or_create(language_code="zh-hans")[0]
    root = Page.get_first_root_node()
    home = HomePage(title="Bench", slug=f"bench-{int(time.time())}", locale=locale)
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    site.root_page = home
    site.hostname = "testserver"
    site.port = 80
    site.save()
    index = PolicyIndexPage(title="政策文件", slug="policies", locale=locale)
    home.add_child(instance=index)
    index.save_revision().publish()
    departments = [
        Department.objects.get_or_create(code=code, locale=locale, defaults={"name": name})[0]
        for code, name in DEPARTMENTS
    ]

    # 1. Import.
    texts = [document(i, rng) for i in range(imports)]
    started = time.perf_counter()
    for raw in texts:
        doc = parse_document(raw)
        with transaction.atomic():
            create_policy(doc, index, publish=True)
    import_seconds = time.perf_counter() - started
    parse_started = time.perf_counter()
    for raw in texts:
        parse_document(raw)
    parse_seconds = time.perf_counter() - parse_started
    imported = PolicyPage.objects.live().count()
    assert imported == imports, imported

    # 2. Fill to `listing` live policies (each with an interpretation) with bulk inserts.
    interpretations = InterpretationIndexPage(title="政策解读", slug="interpretations", locale=locale)
    home.add_child(instance=interpretations)
    interpretations.save_revision().publish()
    bulk_policies(index, listing - imported, departments, interpretation_index=interpretations)
    analyze()
    index = PolicyIndexPage.objects.get(pk=index.pk)
    total = PolicyPage.objects.live().filter(path__startswith=index.path).count()

    # 3. Render.
    client = Client()
    url = index.url
    assert client.get(url).status_code == 200
    timings = {"department": [], "department_year": [], "department_page5": []}
    for i in range(RENDERS):
        code = DEPARTMENTS[i % len(DEPARTMENTS)][0]
        for label, query in [
            ("department", f"?department={code}"),
            ("department_year", f"?department={code}&year={2020 + i % 7}"),
            ("department_page5", f"?department={code}&page=5"),
        ]:
            t = time.perf_counter()
            response = client.get(url + query)
            timings[label].append(time.perf_counter() - t)
            assert response.status_code == 200
    return {
        "imported": imported,
        "import_seconds": round(import_seconds, 1),
        "import_docs_per_second": round(imported / import_seconds, 1),
        "parse_only_docs_per_second": round(imported / parse_seconds, 1),
        "policies_in_index": total,
        "render_filtered_by_department": summarise_ms(timings["department"]),
        "render_department_and_year": summarise_ms(timings["department_year"]),
        "render_department_page_5": summarise_ms(timings["department_page5"]),
    }


def run(scale=1.0):
    imports = max(50, int(IMPORTS * scale))
    listing = max(imports, int(LISTING * scale))
    # Tasks are queued, not run inline: in production the search index and the
    # reference index are updated by the django-q2 workers, not by the importer.
    # The page cache off: this measures rendering (fragments on, as in production).
    env = bench_env(
        db_name="bench_policies.sqlite3", SEARCH_ENGINE="database", BENCH_Q_SYNC="0", PAGE_CACHE_SECONDS="0"
    )
    sqlite_file = BENCH_DIR / "bench_policies.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(sqlite_file) + suffix).unlink(missing_ok=True)
    manage("migrate", "--noinput", "-v0", env=env)
    out = subprocess.run(
        [PYTHON, str(Path(__file__)), "worker", str(imports), str(listing)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return {"database": "sqlite", **json.loads(out.stdout.strip().splitlines()[-1])}


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        print(json.dumps(worker(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0), ensure_ascii=False, indent=2))
