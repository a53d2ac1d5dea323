"""Publish-to-channels: when a page is published, a django-q2 task sends it
to each configured channel as a signed JSON POST.

* Channels are rows of `Channel` (edited as snippets) plus any listed in
  settings.GONGKAI_CHANNELS (dicts with name, url, secret, adapter).
* The body is signed with HMAC-SHA256 over the raw bytes using the channel's
  secret, sent as `X-Gongkai-Signature: sha256=<hex>`.
* A failed attempt is retried with exponential backoff through a one-off
  django-q2 Schedule; every attempt is a `ChannelDelivery` row.
* Publishing never waits for nor fails because of a channel: the signal only
  enqueues (after commit) and swallows every error.

Weibo/WeChat integrations subclass `ChannelAdapter` (or `WebhookAdapter`),
override `build_payload`/`send`, and register with `@register_adapter`."""

import hashlib
import hmac
import json
import logging
import uuid
from datetime import timedelta

import requests
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.signals import page_published

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Gongkai-Signature"
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = [60, 300, 1800, 7200]  # after attempt 1, 2, 3, 4
TIMEOUT_SECONDS = 10

ADAPTERS = {}


def register_adapter(key):
    def decorator(cls):
        cls.key = key
        ADAPTERS[key] = cls
        return cls

    return decorator


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, header: str) -> bool:
    return hmac.compare_digest(sign(body, secret), header or "")


class DeliveryFailed(Exception):
    pass


class ChannelAdapter:
    """Turns a published page into whatever a channel accepts and sends it.
    Raise DeliveryFailed (or any exception) for a failed attempt."""

    key = "base"

    def build_payload(self, page, event="page.published"):
        page = page.specific
        return {
            "event": event,
            "id": page.pk,
            "translation_key": str(page.translation_key),
            "language": page.locale.language_code,
            "type": page.specific_class._meta.label_lower if page.specific_class else "",
            "title": page.title,
            "summary": getattr(page, "summary", "") or "",
            "url": page.get_full_url(),
            "first_published_at": page.first_published_at.isoformat() if page.first_published_at else None,
            "last_published_at": page.last_published_at.isoformat() if page.last_published_at else None,
        }

    def send(self, target, payload, delivery_id):  # pragma: no cover - interface
        raise NotImplementedError


@register_adapter("webhook")
class WebhookAdapter(ChannelAdapter):
    """A generic JSON webhook signed with HMAC-SHA256."""

    def headers(self, target, body, delivery_id):
        return {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Gongkai-Channels/1",
            "X-Gongkai-Delivery": delivery_id,
            "X-Gongkai-Event": "page.published",
            SIGNATURE_HEADER: sign(body, target.secret),
        }

    def send(self, target, payload, delivery_id):
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        response = requests.post(
            target.url,
            data=body,
            headers=self.headers(target, body, delivery_id),
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        if not 200 <= response.status_code < 300:
            raise DeliveryFailed(f"HTTP {response.status_code}", response.status_code)
        return response.status_code


class Channel(models.Model):
    name = models.CharField(pgettext_lazy("object", "name"), max_length=80, unique=True)
    adapter = models.CharField(
        _("adapter"), max_length=40, default="webhook", help_text=_("webhook, or an installed integration")
    )
    url = models.URLField(_("endpoint URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"), max_length=200, help_text=_("Shared secret for the HMAC-SHA256 signature.")
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    page_types = models.CharField(
        _("page types"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated, e.g. policies.policypage, briefings.briefingpage. Empty: every page type."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("adapter"),
        FieldPanel("url"),
        FieldPanel("secret"),
        FieldPanel("enabled"),
        FieldPanel("page_types"),
    ]

    class Meta:
        app_label = "cms"
        verbose_name = _("publication channel")
        verbose_name_plural = _("publication channels")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def accepts(self, page):
        wanted = [label.strip().lower() for label in self.page_types.split(",") if label.strip()]
        return not wanted or page.specific_class._meta.label_lower in wanted


class ChannelDelivery(models.Model):
    """One attempt to deliver one publication to one channel."""

    SUCCESS, FAILED = "success", "failed"
    delivery_id = models.CharField(max_length=36, db_index=True)
    channel_name = models.CharField(_("channel"), max_length=80, db_index=True)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=[(SUCCESS, _("Delivered")), (FAILED, _("Failed"))])
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "cms"
        verbose_name = _("channel delivery")
        verbose_name_plural = _("channel deliveries")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.channel_name} #{self.page_id} attempt {self.attempt}: {self.status}"


class _Target:
    def __init__(self, name, url, secret, adapter="webhook", page_types=""):
        self.name, self.url, self.secret, self.adapter, self.page_types = name, url, secret, adapter, page_types

    accepts = Channel.accepts


def configured_channels():
    targets = [_Target(c.name, c.url, c.secret, c.adapter, c.page_types) for c in Channel.objects.filter(enabled=True)]
    for entry in getattr(settings, "GONGKAI_CHANNELS", []):
        targets.append(
            _Target(
                entry["name"],
                entry["url"],
                entry["secret"],
                entry.get("adapter", "webhook"),
                entry.get("page_types", ""),
            )
        )
    return targets


def _find_target(name):
    return next((t for t in configured_channels() if t.name == name), None)


def backoff(attempt):
    return timedelta(seconds=BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS)) - 1])


def deliver(channel_name, page_id, revision_id=None, attempt=1, delivery_id=None):
    """The django-q2 task: one attempt. Logs it and schedules the next on failure."""
    from wagtail.models import Page

    delivery_id = delivery_id or str(uuid.uuid4())
    target = _find_target(channel_name)
    page = Page.objects.filter(pk=page_id).first()
    if target is None or page is None:
        return None
    log = ChannelDelivery(
        delivery_id=delivery_id, channel_name=channel_name, page=page, revision_id=revision_id, attempt=attempt
    )
    try:
        adapter = ADAPTERS[target.adapter]()
        log.http_status = adapter.send(target, adapter.build_payload(page), delivery_id)
        log.status = ChannelDelivery.SUCCESS
    except Exception as error:
        log.status = ChannelDelivery.FAILED
        log.error = str(error)[:500]
        if isinstance(error, DeliveryFailed) and len(error.args) > 1:
            log.http_status = error.args[1]
        if attempt < MAX_ATTEMPTS:
            log.next_attempt_at = timezone.now() + backoff(attempt)
        logger.warning("Channel %s: delivery of page %s failed (attempt %s): %s", channel_name, page_id, attempt, error)
    log.save()
    if log.next_attempt_at:
        schedule_retry(channel_name, page_id, revision_id, attempt + 1, delivery_id, log.next_attempt_at)
    return log.status


def schedule_retry(channel_name, page_id, revision_id, attempt, delivery_id, when):
    from django_q.models import Schedule

    Schedule.objects.create(
        name=f"channel-retry-{delivery_id}-{attempt}",
        func="cms.channels.deliver",
        args=repr((channel_name, page_id, revision_id, attempt, delivery_id)),
        schedule_type=Schedule.ONCE,
        repeats=-1,
        next_run=when,
    )


def enqueue_deliveries(page, revision_id=None):
    from django_q.tasks import async_task

    for target in configured_channels():
        if not target.accepts(page):
            continue
        try:
            async_task(
                "cms.channels.deliver", target.name, page.pk, revision_id, 1, str(uuid.uuid4()), group="channels"
            )
        except Exception:
            logger.exception("Could not enqueue delivery of page %s to %s", page.pk, target.name)


def on_page_published(sender, instance, revision=None, **kwargs):
    try:
        if not instance.get_view_restrictions().exists() and instance.live:
            page, revision_id = instance, getattr(revision, "pk", None)
            transaction.on_commit(lambda: enqueue_deliveries(page, revision_id))
    except Exception:
        logger.exception("Channel hook failed for page %s", getattr(instance, "pk", None))


page_published.connect(on_page_published, dispatch_uid="gongkai-channels")
