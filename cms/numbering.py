"""Number the headings of a StreamField body so sections can be cited.

Numbers follow the heading levels: h2 → "1", "2"; h3 → "2.1"; h4 → "2.1.1".
The anchor is the editor's own when given, else "sec-2-1". Anchors stay the
same as long as the heading order does, so citations keep working."""

from dataclasses import dataclass

from django.utils.text import slugify

LEVELS = {"h2": 0, "h3": 1, "h4": 2}


@dataclass(frozen=True)
class NumberedHeading:
    number: str
    anchor: str
    title: str
    level: str


def number_sections(body, prefix=""):
    """Return [(block, NumberedHeading or None)] for every block in `body`.

    `prefix` keeps anchors unique when one page shows two numbered bodies."""
    counters = [0, 0, 0]
    numbered = []
    for block in body or []:
        if block.block_type != "heading":
            numbered.append((block, None))
            continue
        depth = LEVELS.get(block.value.get("level"), 0)
        counters[depth] += 1
        for deeper in range(depth + 1, len(counters)):
            counters[deeper] = 0
        number = ".".join(str(n) for n in counters[: depth + 1] if n) or "1"
        anchor = slugify(block.value.get("anchor") or "") or prefix + "sec-" + number.replace(".", "-")
        numbered.append(
            (block, NumberedHeading(number, anchor, block.value.get("text", ""), block.value.get("level", "h2")))
        )
    return numbered


def table_of_contents(body):
    return [section for _block, section in number_sections(body) if section]
