"""Search benchmark: index build throughput and query latency on the
Chinese-aware database backend, on SQLite and PostgreSQL.

With scale 1.0: 100,000 generated documents on PostgreSQL (10,000 on SQLite) (a Chinese title of 10–30
characters and a ~200-character body mixing Chinese, English and numbers),
indexed through search.backends.database (jieba segmentation), then 50 fixed
queries (2-character words, longer words, mixed, English, document numbers,
misses) each run 3 times; p50/p95 of what the public search asks of the
engine: the best 1,000 ids (search.service._engine_ids; facets are counted
within them), then the first page of 10 results. PostgreSQL is skipped when it is not reachable
(BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/gk_bench_search).

Documents are base `Page` rows created with bulk_create under one parent and
indexed through a proxy model that adds the body as a search field, so the
benchmark measures the search index, not Wagtail's page-creation code."""

import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import BENCH_DIR, bench_env, recreate_postgres, run_worker, summarise_ms  # noqa: E402

FULL_SIZE = 100_000
BATCH = 1000
WORDS = (
    "政府 信息 公开 工作 通知 意见 办法 规定 实施 方案 医疗 保险 医保 教育 住房 保障 交通 环境 监测 舆情 回应 财政 预算 "
    "决算 改革 发展 规划 年度 报告 城市 农村 社区 养老 服务 就业 创业 补贴 税收 优惠 企业 营商 环境 优化 数据 开放 "
    "安全 生产 应急 管理 食品 药品 监督 市场 价格 公共 资源 交易 招标 采购 建设 项目 审批 许可 行政 处罚 执法 标准 "
    "科技 创新 人才 引进 文化 旅游 体育 卫生 健康 疾病 预防 水利 防汛 抗旱 森林 防火 生态 保护 垃圾 分类 乡村 振兴 "
    "扶贫 民生 工程 老旧 小区 改造 停车 地铁 公交 道路 维修 学校 招生 义务 教育 课后 托管 幼儿园 普惠 户籍 居住证"
).split()
ENGLISH = "open data government policy report budget health education housing transport".split()
QUERIES = [
    "政府",
    "公开",
    "舆情",
    "医保",
    "教育",
    "住房",
    "交通",
    "环境",
    "养老",
    "就业",
    "信息公开",
    "政府信息公开",
    "医疗保险",
    "营商环境",
    "数据开放",
    "安全生产",
    "乡村振兴",
    "垃圾分类",
    "老旧小区改造",
    "义务教育",
    "年度报告",
    "财政预算",
    "行政处罚",
    "招标采购",
    "公共资源交易",
    "疾病预防",
    "森林防火",
    "课后托管",
    "普惠幼儿园",
    "居住证",
    "open data",
    "budget",
    "health",
    "government policy",
    "transport report",
    "2024 年度报告",
    "open 数据",
    "医保 2023",
    "教育 policy",
    "交通 2025 规划",
    "国办发〔2021〕12号",
    "示政发[2024]3号",
    "示政办(2023)45号",
    "不存在的词语",
    "量子纠缠",
    "政府 教育 住房",
    "应急 管理 办法",
    "民生 工程",
    "创新 人才 引进",
    "食品药品监督",
]
assert len(QUERIES) == 50


def documents(count, seed=8):
    rng = random.Random(seed)
    for i in range(count):
        title = (
            "关于"
            + "".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8)))
            + rng.choice(["的通知", "的意见", "的实施办法"])
        )
        parts = []
        while sum(len(p) for p in parts) < 200:
            parts.append("".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))))
            if rng.random() < 0.2:
                parts.append(rng.choice(ENGLISH))
            if rng.random() < 0.15:
                parts.append(f"{rng.randint(2015, 2026)}年")
            if rng.random() < 0.05:
                parts.append(f"示政发〔{rng.randint(2015, 2026)}〕{rng.randint(1, 99)}号")
        yield i, title, "，".join(parts) + "。"


def _base36(n, width=4):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out.rjust(width, "0")


def worker(count):
    """Runs inside a fresh Django process (config.settings.bench)."""
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from modelsearch.backends import get_search_backend
    from wagtail.models import Locale, Page
    from wagtail.search import index

    bodies = {}

    class BenchPage(Page):
        """Page rows indexed with a body (a proxy: no table of its own)."""

        search_fields = [index.SearchField("title"), index.SearchField("bench_body"), index.FilterField("live")]

        class Meta:
            proxy = True
            app_label = "search"

        def bench_body(self):
            return bodies.get(self.pk, "")

    backend = get_search_backend()
    assert type(backend).__module__.startswith("search."), type(backend)
    locale = Locale.get_default()
    parent = Page(title="bench", slug=f"bench-{int(time.time())}", locale=locale)
    Page.get_first_root_node().add_child(instance=parent)
    page_ct = ContentType.objects.get_for_model(Page)
    fields = [f.attname for f in Page._meta.concrete_fields]

    created, index_seconds, batch = 0, 0.0, []

    def flush():
        nonlocal created, index_seconds
        rows = Page.objects.bulk_create([page for page, _body in batch])
        objs = []
        for row, (_page, body) in zip(rows, batch, strict=True):
            bodies[row.pk] = body
            objs.append(BenchPage(**{name: getattr(row, name) for name in fields}))
        started = time.perf_counter()
        backend.add_bulk(BenchPage, objs)
        index_seconds += time.perf_counter() - started
        created += len(batch)
        bodies.clear()
        batch.clear()

    for i, title, body in documents(count):
        page = Page(
            title=title,
            draft_title=title,
            slug=f"d{i}",
            path=parent.path + _base36(i + 1),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}d{i}/",
            live=True,
            content_type=page_ct,
            locale=locale,
        )
        batch.append((page, body))
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    Page.objects.filter(pk=parent.pk).update(numchild=created)

    from bench.fill import analyze
    from search.service import MAX_HITS, _engine_ids

    analyze()

    latencies, hits = [], {}
    live = Page.objects.live()
    for _round in range(3):
        for q in QUERIES:
            # What the public search asks of the engine: the best MAX_HITS ids
            # (facets are counted within them), then the first page of results.
            started = time.perf_counter()
            ids = _engine_ids(live, q)
            found = list(Page.objects.filter(pk__in=ids[:10]))
            latencies.append(time.perf_counter() - started)
            hits[q] = (len(found), len(ids))
    return {
        "documents": created,
        "index_seconds": round(index_seconds, 1),
        "index_docs_per_second": round(created / index_seconds, 1) if index_seconds else None,
        "queries": len(QUERIES),
        "query_latency": summarise_ms(latencies),
        "zero_hit_queries": sorted(q for q, (n, _t) in hits.items() if n == 0),
        "max_hits": MAX_HITS,
        "sample_hits_capped": {
            q: hits[q][1] for q in ["政府", "舆情", "信息公开", "open data", "示政发[2024]3号", "量子纠缠"]
        },
    }


def _postgres_url():
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/gk_bench_search")


def _run_on(database_url, db_name, count):
    env = bench_env(database_url=database_url, db_name=db_name, SEARCH_ENGINE="database")
    if not database_url:
        sqlite_file = BENCH_DIR / db_name
        for suffix in ("", "-wal", "-shm"):
            Path(str(sqlite_file) + suffix).unlink(missing_ok=True)
    return run_worker(Path(__file__), count, env=env)


def run(scale=1.0):
    count = max(1000, int(FULL_SIZE * scale))
    # The target is PostgreSQL at full size; SQLite (the embedded default for
    # small sites) is measured at a tenth of it to keep `make bench` short.
    sqlite_count = max(1000, count // 10)
    results = {"documents_requested": count, "sqlite": _run_on(None, "bench_search.sqlite3", sqlite_count)}
    url = _postgres_url()
    if recreate_postgres(url):
        results["postgresql"] = _run_on(url, None, count)
    else:
        results["postgresql"] = {"skipped": f"PostgreSQL not reachable at {url}"}
    return results


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "worker":
        print(json.dumps(worker(int(sys.argv[2])), ensure_ascii=False))
    else:
        print(json.dumps(run(float(os.environ.get("BENCH_SCALE", "0.01"))), ensure_ascii=False, indent=2))
