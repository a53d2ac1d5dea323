"""When is a new revision really new?

The edit page saves a revision whenever its form is posted: the Save button,
autosave (which fires when the workflow modal fills the form's hidden
inputs), a reviewer's "approve with comment" from the editor, an unchanged
InlinePanel formset. Each such revision by a reviewer restarted the review
or left a draft behind a page just published. Here content is compared,
not revision ids: page state (tree position, live flags, timestamps, locks,
the number the site assigns) is left out, dates are compared as instants
and many-to-many choices as sets."""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.dateparse import parse_datetime
from modelcluster.fields import ParentalManyToManyField
from wagtail.fields import StreamField

# Page fields that describe the page's state, not what the public reads.
PAGE_STATE_FIELDS = frozenset(
    {
        "pk",
        "path",
        "depth",
        "numchild",
        "url_path",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "owner",
        "expired",
        "content_type",
        "index_entries",
        "postgres_index_entries",
    }
)
COMMENTS = "wagtail_admin_comments"


def _instant(value):
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in "T ":
        parsed = parse_datetime(value)
        if parsed is not None and parsed.tzinfo is not None:
            return parsed.astimezone(datetime.UTC).isoformat()
    return value


def _normalise(value):
    if isinstance(value, dict):
        if "type" in value and "value" in value:
            # A StreamField block: its id is bookkeeping, not content.
            return {key: _normalise(item) for key, item in value.items() if key != "id"}
        return {key: _normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    return _instant(value)


def fingerprint(page_class, content):
    """Comparable content of a revision of `page_class` (reviewers' comments,
    which Wagtail keeps with the page rather than the revision, left out)."""
    ignored = PAGE_STATE_FIELDS | {COMMENTS} | frozenset(getattr(page_class, "revision_state_fields", ()))
    # As stored: serializable_data() holds Python values, a revision their JSON.
    content = json.loads(json.dumps(content, cls=DjangoJSONEncoder))
    fields = page_class._meta.get_fields()
    many = {field.name for field in fields if isinstance(field, ParentalManyToManyField)}
    streams = {field.name for field in fields if isinstance(field, StreamField)}
    result = {}
    for key, value in content.items():
        if key in ignored:
            continue
        if key in many and isinstance(value, list):
            value = sorted(value, key=str)
        elif key in streams and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                pass
        result[key] = _normalise(value)
    return result


def same_content(page_class, first, second):
    return fingerprint(page_class, first) == fingerprint(page_class, second)


def keep_comments(page, revision):
    """Save the comments posted with an unchanged page, as save_revision()
    would have, attached to the revision they were made on."""
    relation = getattr(page, COMMENTS, None)
    if relation is None:
        return
    for comment in relation.filter(pk__isnull=True):
        comment.revision_created = revision
        comment.save()
    page.save(update_fields=[COMMENTS], clean=False)


def revision_is_settled(revision):
    """A revision others have acted on: reviewed, signed, live or scheduled.
    Autosave must never overwrite it in place (its content would change
    behind the approvals); it gets a new revision instead."""
    from wagtail.models import Page, TaskState

    from cms.workflow.models import ConfidentialityReviewRecord

    return (
        revision.approved_go_live_at is not None
        or TaskState.objects.filter(revision_id=revision.pk).exists()
        or ConfidentialityReviewRecord.objects.filter(revision_id=revision.pk).exists()
        or Page.objects.filter(live_revision_id=revision.pk).exists()
    )
