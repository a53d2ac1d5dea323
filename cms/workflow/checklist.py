"""The confidentiality attestation (《政府信息公开条例》第十四、十五条)."""

from django.utils.translation import gettext_lazy as _

# (key, label) in the order the reviewer answers them. Keys are stored in the
# signed review record: never rename one, add a new key instead.
CHECKLIST = [
    ("no_state_secrets", _("Contains no state secrets (不涉及国家秘密)")),
    ("no_personal_privacy", _("Discloses no personal privacy (不涉及个人隐私)")),
    ("no_commercial_secrets", _("Discloses no commercial secrets (不涉及商业秘密)")),
    ("no_sensitive_words", _("Contains no sensitive words (无敏感词)")),
    ("names_checked", _("Names, places and titles have been checked (人名、地名、职务已核对)")),
]
CHECKLIST_KEYS = [key for key, _label in CHECKLIST]


def is_complete(answers):
    """True when every item of the checklist is answered yes."""
    return all(answers.get(key) is True for key in CHECKLIST_KEYS)
