from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Gongkai CMS"

    def ready(self):
        from . import signals  # noqa: F401 - page cache purging
        from cms.workflow import notifications

        # Our review notifications replace Wagtail's moderation e-mails.
        notifications.disable_wagtail_moderation_emails()
        notifications.connect_receivers()
