"""Fenced code blocks in Markdown: the one parser of the site adapter and of the site's tests.

A fence opens with three or more backticks or tildes (indented or not) and an info string, and closes
with a line of at least as many of the same character.  Only top-level fences count: a fence inside
another is part of its body, so a page can show the syntax itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)[^`]*$")


@dataclass(frozen=True)
class Fence:
    info: str
    """The first word after the marker (``derivation``, ``pycon``, …; empty for none)."""
    start: int
    """The index of the opening line."""
    end: int
    """The index of the closing line; the number of lines when the fence is never closed."""
    indent: str
    marker: str
    """The opening backticks or tildes."""
    body: tuple[str, ...]
    closed: bool

    @property
    def text(self) -> str:
        """The body's words joined by single spaces: what a one-line block names."""
        return " ".join(" ".join(self.body).split())


def closes(line: str, marker: str) -> bool:
    """Whether ``line`` closes a fence opened with ``marker`` (at least as many of the same character)."""
    stripped = line.strip()
    return stripped.startswith(marker) and set(stripped) == {marker[0]}


def fences(markdown: str) -> list[Fence]:
    """The top-level fences of ``markdown``, in order."""
    lines, found, i = markdown.split("\n"), [], 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if closes(lines[j], match["marker"])), len(lines))
        body = tuple(lines[i + 1 : end])
        found.append(
            Fence(match["info"], i, end, match["indent"], match["marker"], body, closed=end < len(lines))
        )
        i = end + 1
    return found


def prose(markdown: str):
    """(line number from 1, line) of every line outside the fences (their markers included)."""
    inside = {n for fence in fences(markdown) for n in range(fence.start, fence.end + 1)}
    return [(n + 1, line) for n, line in enumerate(markdown.split("\n")) if n not in inside]
