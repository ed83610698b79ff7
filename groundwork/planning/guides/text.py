"""Guide text: plain text with paragraphs and lists, turned into escaped HTML.

The format is deliberately small so facilitators can write it in a text box:

- a blank line separates paragraphs;
- a line starting with "- " is a bullet item, a line starting with "1. " a numbered step;
- other lines continue the paragraph above them (and an indented line continues a list item).

Nothing is interpreted as markup: every character is escaped.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

BULLET = re.compile(r"^-\s+")
NUMBER = re.compile(r"^(\d{1,3})[.)]\s+")


@dataclass
class Block:
    kind: str  # "p", "ul" or "ol"
    items: list[str] = field(default_factory=list)
    start: int = 1


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        bullet = BULLET.match(line)
        number = NUMBER.match(line)
        if bullet or number:
            kind = "ul" if bullet else "ol"
            item = line[(bullet or number).end() :].strip()  # type: ignore[union-attr]
            if current is None or current.kind != kind:
                current = Block(kind, start=int(number.group(1)) if number else 1)
                blocks.append(current)
            current.items.append(item)
        elif current is not None and (current.kind == "p" or raw[:1].isspace()):
            current.items[-1] += " " + line
        else:
            current = Block("p", [line])
            blocks.append(current)
    return blocks


def normalize(text: str) -> str:
    """The same text with soft line breaks joined: one paragraph or list item per line."""
    out = []
    for block in parse(text):
        if block.kind == "p":
            out.append(block.items[0])
        elif block.kind == "ul":
            out.append("\n".join(f"- {item}" for item in block.items))
        else:
            out.append(
                "\n".join(f"{block.start + i}. {item}" for i, item in enumerate(block.items))
            )
    return "\n\n".join(out)


def to_html(text: str) -> SafeString:
    """Escaped HTML paragraphs and lists (USWDS classes) for a guide's plain text."""
    parts = []
    for block in parse(text):
        if block.kind == "p":
            parts.append(format_html("<p>{}</p>", block.items[0]))
            continue
        items = format_html_join("", "<li>{}</li>", ((item,) for item in block.items))
        if block.kind == "ul":
            parts.append(format_html('<ul class="usa-list">{}</ul>', items))
        elif block.start != 1:
            parts.append(format_html('<ol class="usa-list" start="{}">{}</ol>', block.start, items))
        else:
            parts.append(format_html('<ol class="usa-list">{}</ol>', items))
    return mark_safe("\n".join(parts))  # noqa: S308 - every part was built by format_html
