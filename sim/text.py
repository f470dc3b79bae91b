"""Text that reaches a terminal stays inert: control characters are shown, not obeyed.

A title, a path or a message may carry what a user (or a results folder received from
someone) put there, including escape sequences that a terminal would obey: change the
window title (OSC, ``ESC ] 0 ; ... BEL``), move the cursor or clear the screen (CSI), or
reverse the reading order (Unicode bidi controls). Every line pactsim prints goes through
:func:`echo`, which writes such characters visibly as ``\\x1b``, ``\\x07``, ``\\u202e``.
Only a line break or a tab is kept, since pactsim's own output is made of lines.
"""

from __future__ import annotations

import re
from typing import IO, Any

import click

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_IN_TEXT = re.compile(f"[{_CONTROLS}]")
_IN_LINE = re.compile(f"[{_CONTROLS}\n\t]")


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str, lines: bool = True) -> str:
    """``text`` with every control character written visibly (ESC as ``\\x1b``); with
    ``lines=False`` a line break or tab too (for a value that must stay on its line)."""
    return (_IN_TEXT if lines else _IN_LINE).sub(_shown, text)


def echo(message: Any = None, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of ``message`` made :func:`inert`."""
    click.echo(inert(str(message)) if message is not None else None, err=err, nl=nl)


class InertStream:
    """A text stream that writes what it is given :func:`inert` (for click's own messages)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(inert(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
