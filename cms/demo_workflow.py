"""Demo: the publication workflow on the demo sections, and one draft
waiting at each review stage so a newcomer sees the workflow at once, in the
section registered with `demo_drafts=True` (cms/sections.py).
Called by `load_demo` after the sections' own demo content. Idempotent."""

from django.apps import apps as django_apps
from wagtail.models import Page

from cms import sections
from cms.demo import ensure_page
from cms.roles import withdraw_page_permissions
from cms.workflow.checklist import CHECKLIST_KEYS
from cms.workflow.models import ConfidentialityReviewTask
from cms.workflow.seeding import assign_publication_workflow

# slug, title, how many stages already approved
WAITING = [
    ("draft-waiting-department-review", "关于优化营商环境若干措施的通知（送审稿）", 0),
    ("draft-waiting-confidentiality-review", "示例市2026年重点民生项目清单（送审稿）", 1),
    ("draft-waiting-leadership-sign-off", "关于做好2026年防汛工作的通知（送审稿）", 2),
]


def load(ctx, out):
    withdraw_page_permissions(django_apps)
    assigned = assign_publication_workflow()
    if assigned:
        out.write(f"  Publication workflow assigned to {len(assigned)} section(s).")
    section = sections.demo_drafts()
    index = section.index.objects.filter(locale=ctx["zh"]).first() if section else None
    if index is None:
        return
    users = ctx["users"]
    for slug, title, approved in WAITING:
        page, created = ensure_page(
            index, section.model, slug, live=False, title=title, summary="演示：等待审核的稿件。", owner=users["editor"]
        )
        if page.workflow_states.exists():
            continue  # already in (or through) review: leave it as the reviewers left it
        page.save_revision(user=users["editor"])
        page = Page.objects.get(pk=page.pk).specific
        page.get_workflow().start(page, users["editor"])
        reviewers = [users["reviewer"], users["secrecy"]]
        for reviewer in reviewers[:approved]:
            page = Page.objects.get(pk=page.pk).specific
            task = page.current_workflow_task
            extra = {key: True for key in CHECKLIST_KEYS} if isinstance(task, ConfidentialityReviewTask) else {}
            task.on_action(page.current_workflow_task_state, reviewer, "approve", comment="演示：同意。", **extra)
        out.write(f"  Waiting for review: {title} → {Page.objects.get(pk=page.pk).specific.current_workflow_task.name}")
