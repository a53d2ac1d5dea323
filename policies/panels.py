"""An admin panel showing, on the edit page, what the publication rules need,
so that an editor or a reviewer approving a workflow sees it beforehand."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.admin.panels import HelpPanel


class ReleaseStatusPanel(HelpPanel):
    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.content = self.status_html()

        def status_html(self):
            from .release import ready_interpretations, release_problems

            page = self.instance
            if not page.pk:
                return format_html("<p>{}</p>", _("The index number is assigned when the document is first published."))
            lines = []
            if page.index_number:
                lines.append(_("Index number: %(number)s (fixed).") % {"number": page.index_number})
            else:
                lines.append(_("The index number is assigned when the document is first published."))
            if page.is_major:
                ready = ready_interpretations(page)
                if ready:
                    lines.append(
                        _("Released together with: %(titles)s.") % {"titles": "、".join(f"“{p.title}”" for p in ready)}
                    )
            problems = release_problems(page)
            items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
            if problems:
                missing = format_html_join("", "<li><strong>{}</strong></li>", ((problem,) for problem in problems))
                return format_html('<ul class="release-status">{}{}</ul>', items, missing)
            return format_html('<ul class="release-status">{}</ul>', items)
