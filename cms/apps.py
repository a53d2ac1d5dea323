from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Gongkai CMS"

    def ready(self):
        from django.core import checks

        from cms.workflow import notifications

        from . import limits, publication, signals, sitecache  # noqa: F401 - page cache purging, site table
        from .checks import check_sections

        # Every registered section names real models and field paths (cms/checks.py).
        checks.register(check_sections)

        # `migrate` creates the database cache table of the rate limits (cms/limits.py).
        post_migrate.connect(limits.create_cache_table, sender=self)

        # Every publication path runs the page rules (cms/publication.py).
        publication.install()

        # Our review notifications replace Wagtail's moderation e-mails.
        notifications.disable_wagtail_moderation_emails()
        notifications.connect_receivers()

        # Sign-ins, permission changes, exports, backups: the security log (cms/security_audit.py).
        from . import security_audit

        security_audit.connect()

        # Only reviewed material is public (cms/assets/rules.py).
        from cms.assets import signals as asset_signals

        asset_signals.connect()
