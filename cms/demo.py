"""Helpers for the idempotent demo-site loader: find-or-create pages, their
English translations, snippets and users, keyed on stable slugs/usernames."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page


def ensure_locale(code):
    locale, _created = Locale.objects.get_or_create(language_code=code)
    return locale


def publish(page, user=None):
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


def ensure_page(parent, model, slug, *, live=True, **fields):
    """Return the child of `parent` with `slug`, creating it if missing.
    An existing page is left as the editors left it."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = model(slug=slug, live=live, **fields)
    parent.add_child(instance=page)
    if live:
        publish(page)
    else:
        page.save_revision()
    return model.objects.get(pk=page.pk), True


def ensure_translation(page, locale, *, live=True, **fields):
    """The page's translation into `locale`, created as a copy with the given
    translated fields. Relations to translatable snippets are localised."""
    try:
        return page.get_translation(locale).specific, False
    except page.__class__.DoesNotExist:
        pass
    translation = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    if live:
        publish(translation)
    return translation, True


def ensure_snippet_translation(instance, locale, **fields):
    try:
        return instance.get_translation(locale), False
    except instance.__class__.DoesNotExist:
        pass
    translation = instance.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation, True


def ensure_user(username, password, *, groups=(), superuser=False, **fields):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, **fields)
        user.set_password(password)
        user.is_staff = superuser
        user.is_superuser = superuser
        user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user, created


def root_page():
    return Page.get_first_root_node()
