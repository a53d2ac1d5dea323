"""Keep cached lookups in step with the rows they come from."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import SensitiveWord
from .screening import forget_sensitive_words


@receiver(post_save, sender=SensitiveWord)
@receiver(post_delete, sender=SensitiveWord)
def sensitive_words_changed(sender, **kwargs):
    forget_sensitive_words()
