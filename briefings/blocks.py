"""The transcript of a briefing: a stream of speaker turns and, for online
interviews, question-and-answer pairs. A turn may carry a time offset into
the recording so readers can jump to it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

_OFFSET = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$|^(\d+)$")


def parse_offset(value):
    """'75', '1:15' or '0:01:15' → 75 seconds; '' → None; ValueError otherwise."""
    value = (value or "").strip()
    if not value:
        return None
    match = _OFFSET.match(value)
    if not match:
        raise ValueError(value)
    hours, minutes, seconds, plain = match.groups()
    if plain is not None:
        return int(plain)
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        raise ValueError(value)
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)


def format_offset(seconds):
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class TimedValue(blocks.StructValue):
    @property
    def seconds(self):
        try:
            return parse_offset(self.get("time"))
        except ValueError:
            return None

    @property
    def timestamp(self):
        seconds = self.seconds
        return None if seconds is None else format_offset(seconds)


class TimedStructBlock(blocks.StructBlock):
    def clean(self, value):
        value = super().clean(value)
        try:
            parse_offset(value.get("time"))
        except ValueError:
            raise StructBlockValidationError(
                {"time": ValidationError(_("Enter seconds, mm:ss or h:mm:ss, e.g. 12:05."))}
            ) from None
        return value


TIME_HELP = _("Optional position in the recording: seconds, mm:ss or h:mm:ss.")


class SpeakerTurnBlock(TimedStructBlock):
    speaker = blocks.CharBlock(label=_("Speaker"), max_length=120)
    text = blocks.TextBlock(label=_("What was said"))
    time = blocks.CharBlock(label=_("Time offset"), required=False, max_length=10, help_text=TIME_HELP)

    class Meta:
        icon = "user"
        label = _("Speaker turn")
        value_class = TimedValue


class QuestionAnswerBlock(TimedStructBlock):
    """A question (from the press or, in an online interview, from a citizen)
    and its answer."""

    def clean(self, value):
        value = super().clean(value)
        if not value.get("question") and not value.get("question_id"):
            raise StructBlockValidationError(
                {"question": ValidationError(_("Write the question, or give the number of a submitted question."))}
            )
        return value

    asked_by = blocks.CharBlock(
        label=_("Asked by"), required=False, max_length=120, help_text=_("e.g. a newspaper, or “Netizen”.")
    )
    question = blocks.TextBlock(
        label=_("Question"),
        required=False,
        help_text=_("Leave empty when answering a submitted question: its approved text is shown."),
    )
    question_id = blocks.IntegerBlock(
        label=_("Submitted question number"),
        required=False,
        min_value=1,
        help_text=_("Online interviews: the number (#) of the approved citizen question being answered."),
    )
    answered_by = blocks.CharBlock(label=_("Answered by"), max_length=120)
    answer = blocks.TextBlock(label=_("Answer"))
    time = blocks.CharBlock(label=_("Time offset"), required=False, max_length=10, help_text=TIME_HELP)

    class Meta:
        icon = "help"
        label = _("Question and answer")
        value_class = TimedValue


class TranscriptBlock(blocks.StreamBlock):
    turn = SpeakerTurnBlock()
    qa = QuestionAnswerBlock()

    class Meta:
        block_counts = {}
