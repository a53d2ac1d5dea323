"""Public-opinion monitoring (舆情监测), run by the django-q2 queue.

1. `analyse(start, end)` reads every registered source (accountability.sources),
   extracts each new item's keywords with jieba's TF-IDF and matches topic
   names, and stores them (AnalysedItem, ItemTerm).
2. The per-day counts (DailyTermCount) of the touched days are rebuilt.
3. `detect(day)` flags a keyword whose count on `day` is at least
   `min_count` and at least `spike_factor` × its baseline, the average
   daily count over the `baseline_days` days before (days without mentions
   count as zero; a baseline under 1 is taken as 1, so a word never seen
   before needs `spike_factor` mentions as well as `min_count`).
4. A new alert (one per keyword and day) keeps the items behind it and is
   e-mailed to the configured group."""

import datetime
import logging
import threading
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AnalysedItem, DailyTermCount, ItemTerm, MonitoringSettings, OpinionAlert
from .sources import SOURCES
from .tasks import MONITOR_GROUP

logger = logging.getLogger(__name__)


# Words too common in letters and comments to say anything about a topic.
STOP_WORDS = {
    "您好",
    "你好",
    "请问",
    "谢谢",
    "感谢",
    "希望",
    "建议",
    "问题",
    "我们",
    "你们",
    "他们",
    "现在",
    "这个",
    "那个",
    "没有",
    "可以",
    "什么",
    "怎么",
    "已经",
    "需要",
    "相关",
    "情况",
    "市民",
    "政府",
    "部门",
    "领导",
    "能否",
    "是否",
    "尽快",
    "一下",
    "目前",
    "如何",
    "有关",
    "进行",
    "工作",
    "反映",
    "要求",
    "时间",
    "今年",
    "去年",
    "一个",
    "就是",
    "但是",
    "因为",
    "所以",
    "还是",
    "如果",
}

_lock = threading.Lock()
_extractor = None


def extractor():
    """jieba's TF-IDF keyword extractor on a tokenizer whose cache file lives
    in settings.JIEBA_CACHE_DIR (jieba's default, /tmp, is shared)."""
    global _extractor
    if _extractor is None:
        with _lock:
            if _extractor is None:
                import jieba
                import jieba.analyse

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                cache_dir = getattr(settings, "JIEBA_CACHE_DIR", None)
                if cache_dir:
                    Path(cache_dir).mkdir(parents=True, exist_ok=True)
                    tokenizer.tmp_dir = str(cache_dir)
                tokenizer.initialize()
                # A copy of jieba's default extractor (its IDF table is loaded
                # once, at import) that cuts with our tokenizer.
                tfidf = jieba.analyse.TFIDF.__new__(jieba.analyse.TFIDF)
                tfidf.__dict__.update(jieba.analyse.default_tfidf.__dict__)
                tfidf.tokenizer = tokenizer
                _extractor = tfidf
    return _extractor


def _is_word(word):
    if len(word) < 2 or word.isdigit():
        return False
    has_cjk = any("\u4e00" <= ch <= "\u9fff" for ch in word)
    return has_cjk or (len(word) >= 3 and word.isalpha())


def keywords(text, top=5, ignored=frozenset()):
    """The item's `top` keywords by TF-IDF, most distinctive first."""
    words = extractor().extract_tags(text or "", topK=top * 3)
    chosen = []
    for word in words:
        word = word.strip()
        if _is_word(word) and word not in STOP_WORDS and word not in ignored and word not in chosen:
            chosen.append(word[:80])
        if len(chosen) == top:
            break
    return chosen


def topics_in(text, topics):
    """Slugs of the topics (cms.Topic) whose name appears in the text."""
    return sorted({slug for slug, name in topics if name and name in text})


def day_bounds(day):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def analyse(start, end, config=None):
    """Analyse the items created in [start, end) not analysed yet; rebuild the
    daily counts of the days they fall on. Returns those days."""
    from cms.models import Topic

    config = config or MonitoringSettings.load()
    ignored = config.ignored()
    topics = list(Topic.objects.values_list("slug", "name").distinct())
    touched = set()
    for source in SOURCES.values():
        done = set(
            AnalysedItem.objects.filter(source=source.name, created_at__gte=start, created_at__lt=end).values_list(
                "object_id", flat=True
            )
        )
        items, terms = [], []
        for pk, created_at, text in source.items(start, end):
            if str(pk) in done:
                continue
            day = timezone.localdate(created_at)
            words = keywords(text, config.keywords_per_item, ignored)
            item = AnalysedItem(
                source=source.name,
                object_id=str(pk),
                created_at=created_at,
                day=day,
                excerpt=" ".join((text or "").split())[:200],
                keywords=words,
            )
            items.append(item)
            terms.append(
                [(ItemTerm.KEYWORD, w) for w in words] + [(ItemTerm.TOPIC, t) for t in topics_in(text or "", topics)]
            )
            touched.add(day)
        try:
            with transaction.atomic():
                AnalysedItem.objects.bulk_create(items, batch_size=500)
                rows = [
                    ItemTerm(item=item, kind=kind, term=term, day=item.day)
                    for item, item_terms in zip(items, terms, strict=True)
                    for kind, term in item_terms
                ]
                ItemTerm.objects.bulk_create(rows, batch_size=1000)
        except IntegrityError:
            # Another run analysed the same items meanwhile: theirs stand.
            logger.info("monitoring: %s items already analysed by a concurrent run", source.name)
    rebuild_counts(touched)
    return touched


def rebuild_counts(days):
    days = sorted(days)
    if not days:
        return
    with transaction.atomic():
        DailyTermCount.objects.filter(day__in=days).delete()
        rows = (
            ItemTerm.objects.filter(day__in=days).values("day", "kind", "term").annotate(n=Count("item", distinct=True))
        )
        DailyTermCount.objects.bulk_create(
            [DailyTermCount(day=r["day"], kind=r["kind"], term=r["term"], count=r["n"]) for r in rows], batch_size=1000
        )


def is_spike(count, baseline, factor, min_count):
    """The rule, on its own: see the module docstring."""
    return count >= min_count and count >= float(factor) * max(baseline, 1.0)


def baseline_for(term, day, days):
    start = day - datetime.timedelta(days=days)
    total = (
        DailyTermCount.objects.filter(kind=ItemTerm.KEYWORD, term=term, day__gte=start, day__lt=day).aggregate(
            n=Sum("count")
        )["n"]
        or 0
    )
    return total / days


def detect(day, config=None):
    """[(keyword, count, baseline)] of the spikes on `day`."""
    config = config or MonitoringSettings.load()
    spikes = []
    candidates = DailyTermCount.objects.filter(day=day, kind=ItemTerm.KEYWORD, count__gte=config.min_count).order_by(
        "-count", "term"
    )
    for row in candidates:
        baseline = baseline_for(row.term, day, config.baseline_days)
        if is_spike(row.count, baseline, config.spike_factor, config.min_count):
            spikes.append((row.term, row.count, round(baseline, 2)))
    return spikes


def raise_alerts(day, config=None):
    """Create (or update the count of) the alerts of `day`; returns the new ones."""
    config = config or MonitoringSettings.load()
    new = []
    for term, count, baseline in detect(day, config):
        alert, created = OpinionAlert.objects.get_or_create(
            keyword=term, day=day, defaults={"count": count, "baseline": baseline}
        )
        if not created and alert.count != count:
            OpinionAlert.objects.filter(pk=alert.pk).update(count=count)
        item_ids = ItemTerm.objects.filter(kind=ItemTerm.KEYWORD, term=term, day=day).values_list("item_id", flat=True)
        alert.items.add(*item_ids)
        if created:
            new.append(alert)
    return new


def recipients(config):
    User = get_user_model()
    users = User.objects.filter(is_active=True).exclude(email="")
    if config.alert_group_id:
        users = users.filter(groups=config.alert_group_id)
    else:
        users = users.filter(groups__name=MONITOR_GROUP)
    return sorted(set(users.values_list("email", flat=True)))


def notify(alerts, config=None):
    config = config or MonitoringSettings.load()
    emails = recipients(config)
    if not alerts or not emails:
        return 0
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "alerts": [
            {
                "alert": alert,
                "url": base + reverse("accountability_admin:alert", args=[alert.pk]),
                "items": [
                    {"item": item, "url": base + item.admin_url() if item.admin_url() else ""}
                    for item in alert.items.order_by("created_at")[:50]
                ],
            }
            for alert in alerts
        ]
    }
    subject = _("Public-opinion alert: %(words)s") % {"words": "、".join(a.keyword for a in alerts)}
    body = render_to_string("accountability/email/alert.txt", context)
    send_mail(subject, body, None, emails)
    OpinionAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(notified_at=timezone.now())
    return len(emails)


def run(now=None, lookback_days=2):
    """The scheduled job: analyse the last `lookback_days` days up to `now`,
    raise and send the alerts of every day touched (and of today)."""
    # One run at a time (across processes when the cache is shared, i.e. Redis).
    if not cache.add(LOCK_KEY, "1", timeout=LOCK_SECONDS):
        return {"days": 0, "alerts": [], "skipped": True}
    try:
        return _run(now, lookback_days)
    finally:
        cache.delete(LOCK_KEY)


LOCK_KEY = "accountability:monitor:lock"
LOCK_SECONDS = 600


def _run(now, lookback_days):
    config = MonitoringSettings.load()
    now = now or timezone.now()
    today = timezone.localdate(now)
    start, _end = day_bounds(today - datetime.timedelta(days=lookback_days))
    touched = analyse(start, now, config)
    new = []
    for day in sorted(touched | {today}):
        if day <= today:
            new.extend(raise_alerts(day, config))
    notify(new, config)
    return {"days": len(touched), "alerts": [a.pk for a in new]}


def backfill(start_day, end_day):
    """Analyse a whole period (the demo, or a first installation) and raise
    the alerts day by day, without e-mail."""
    config = MonitoringSettings.load()
    start, _x = day_bounds(start_day)
    _y, end = day_bounds(end_day)
    analyse(start, end, config)
    new = []
    busy_days = (
        DailyTermCount.objects.filter(
            kind=ItemTerm.KEYWORD, day__gte=start_day, day__lte=end_day, count__gte=config.min_count
        )
        .values_list("day", flat=True)
        .distinct()
    )
    for day in sorted(set(busy_days)):
        new.extend(raise_alerts(day, config))
    return new


def daily_series(kind, terms, start_day, end_day):
    """{term: [(day, count)…]} with zeros filled in, for the charts."""
    counts = defaultdict(dict)
    rows = DailyTermCount.objects.filter(kind=kind, term__in=terms, day__gte=start_day, day__lte=end_day)
    for row in rows:
        counts[row.term][row.day] = row.count
    days = [start_day + datetime.timedelta(days=i) for i in range((end_day - start_day).days + 1)]
    return {term: [(day, counts[term].get(day, 0)) for day in days] for term in terms}


def top_terms(kind, start_day, end_day, limit=10):
    return list(
        DailyTermCount.objects.filter(kind=kind, day__gte=start_day, day__lte=end_day)
        .values("term")
        .annotate(total=Sum("count"))
        .order_by("-total", "term")[:limit]
    )
