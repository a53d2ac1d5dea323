"""Keep the asset rule's inputs current (connected from cms.apps).

Wagtail updates its reference index in a queued job after the transaction
commits (wagtail.tasks.update_reference_index_task, run by django-q2 through
cms.taskqueue). A file used by a page being published must be public as soon
as the page is, worker or no worker, so publishing updates the index of that
page in its own transaction too; the queued job then finds nothing to do.

Whatever changes what is public moves the content generation once the change
is committed, so no process keeps an old answer (cms/assets/rules.py), and
files that stopped being public are purged from a CDN in front.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms import fragments
from cms.assets import rules

logger = logging.getLogger(__name__)


def _bump_after_commit():
    transaction.on_commit(fragments.bump_generation, robust=True)


def index_now(instance):
    """Bring the reference index up to date for `instance` now."""
    if ReferenceIndex.is_indexed(type(instance)):
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(instance)


def page_went_live(sender, instance, **kwargs):
    index_now(instance)
    _bump_after_commit()


def page_went_away(sender, instance, **kwargs):
    assets = assets_used_by(instance)
    _bump_after_commit()
    if assets:
        transaction.on_commit(lambda: purge_withdrawn(assets), robust=True)


def something_changed(sender, **kwargs):
    _bump_after_commit()


def live_alias_saved(sender, instance, raw=False, **kwargs):
    """An alias goes live without page_published (Wagtail's create-alias and
    alias-sync actions just save it): it publishes what its original shows."""
    if not raw and instance.alias_of_id and instance.live:
        page_went_live(sender, instance)


def holder_saved(sender, instance, raw=False, **kwargs):
    """A snippet or media item that can carry an image (a spokesperson's
    photo, a video's poster): index it when committed, then renew answers."""
    if raw:
        return

    def reindex():
        index_now(instance)
        fragments.bump_generation()

    transaction.on_commit(reindex, robust=True)


# --- What a page uses, and purging what it no longer publishes ---------------------------


def assets_used_by(page):
    """(model, pk) of the assets the page's indexed content uses."""
    references = ReferenceIndex.objects.filter(
        base_content_type=ReferenceIndex._get_base_content_type(Page), object_id=str(page.pk)
    )
    found = []
    for model in rules.asset_models():
        ids = references.filter(to_content_type=ReferenceIndex._get_base_content_type(model)).values_list(
            "to_object_id", flat=True
        )
        found.extend((model, int(pk)) for pk in ids if pk.isdigit())
    return found


def purge_withdrawn(assets):
    """Ask a CDN in front to drop the addresses of files that are no longer public."""
    from django.conf import settings

    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from cms.pagecache import purge_frontend_cache

    urls = []
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for model, pk in assets:
        asset = model._default_manager.filter(pk=pk).first()
        if asset is None or rules.is_public(asset):
            continue
        urls.extend(base + url for url in asset_urls(asset))
    purge_frontend_cache(urls=urls)


def asset_urls(asset):
    from django.db.models import FileField

    if hasattr(asset, "renditions"):
        urls = [asset.file.url] + [rendition.url for rendition in asset.renditions.all()]
        return urls
    if asset._meta.label_lower == rules.get_document_model()._meta.label_lower:
        return [asset.url]
    return [
        getattr(asset, field.name).url
        for field in asset._meta.get_fields()
        if isinstance(field, FileField) and getattr(asset, field.name)
    ]


# --- Wiring ----------------------------------------------------------------------------


def holder_models():
    """Models other than pages whose rows can make an asset public and
    that can be indexed: furniture, the media model (its poster) and
    snippets with a foreign key to an asset."""
    from django.apps import apps

    asset_models = rules.asset_models()
    found = set(rules.furniture_models()) | {rules.get_media_model()}
    for model in apps.get_models():
        if issubclass(model, Page) or model in asset_models:
            continue
        for field in model._meta.get_fields():
            if (
                field.many_to_one
                and field.concrete
                and any(issubclass(field.related_model, asset) for asset in asset_models)
            ):
                found.add(model)
    return found


def connect():
    for model in holder_models():
        # wagtailmedia does not index its media items; their poster must count.
        ReferenceIndex.register_model(model)
        if ReferenceIndex.is_indexed(model):
            post_save.connect(holder_saved, sender=model, dispatch_uid=f"assets-holder-{model._meta.label_lower}")
    page_published.connect(page_went_live, dispatch_uid="assets-page-published")
    page_unpublished.connect(page_went_away, dispatch_uid="assets-page-unpublished")
    post_page_move.connect(something_changed, dispatch_uid="assets-page-moved")
    for model in get_page_models():  # pages only, not every save of every model
        post_save.connect(live_alias_saved, sender=model, dispatch_uid=f"assets-alias-{model._meta.label_lower}")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="assets-page-deleted")
    from cms.assets.models import PublicCollection

    for model in (PublicCollection, CollectionViewRestriction):
        post_save.connect(something_changed, sender=model, dispatch_uid=f"assets-{model._meta.label_lower}-saved")
        post_delete.connect(something_changed, sender=model, dispatch_uid=f"assets-{model._meta.label_lower}-deleted")


def page_deleted(sender, instance, **kwargs):
    _bump_after_commit()
