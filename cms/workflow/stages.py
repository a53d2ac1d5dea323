"""Names of the review workflow and its stages in the reader's language.

Wagtail stores one name per Task and Workflow and prints it as it is. The
seeded ones are stored in Chinese, the admin's language (业务审核), and read
in English through these labels (Department review). A name an
administrator typed is shown as typed; one written the old seeded way,
"中文 English", shows the part in the reader's language."""

import re

from django.utils.translation import get_language, pgettext_lazy

WORKFLOW = "发布审核"
DEPARTMENT_REVIEW = "业务审核"
CONFIDENTIALITY_REVIEW = "保密审查"
LEADERSHIP_SIGN_OFF = "领导签发"

LABELS = {
    WORKFLOW: pgettext_lazy("review workflow", "Publication review"),
    DEPARTMENT_REVIEW: pgettext_lazy("review stage", "Department review"),
    CONFIDENTIALITY_REVIEW: pgettext_lazy("review stage", "Confidentiality review"),
    LEADERSHIP_SIGN_OFF: pgettext_lazy("review stage", "Leadership sign-off"),
}

# The names seeded before they were stored in one language (migration cms.0009).
BILINGUAL = {
    "发布审核 Publication review": WORKFLOW,
    "业务审核 Department review": DEPARTMENT_REVIEW,
    "保密审查 Confidentiality review": CONFIDENTIALITY_REVIEW,
    "领导签发 Leadership sign-off": LEADERSHIP_SIGN_OFF,
}

_CHINESE_THEN_ENGLISH = re.compile(
    r"^(?P<zh>[^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*?)\s+(?P<en>[A-Za-z][^\u3400-\u9fff]*)$"
)


def stage_label(task_or_name):
    """The name of a Task or Workflow (or a name) for the active language."""
    name = getattr(task_or_name, "name", task_or_name) or ""
    name = BILINGUAL.get(name, name)
    if name in LABELS:
        return str(LABELS[name])
    both = _CHINESE_THEN_ENGLISH.match(name)
    if both:
        return both["zh"].strip() if (get_language() or "").startswith("zh") else both["en"].strip()
    return name
