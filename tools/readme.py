"""Regenerate the README's generated blocks (``make readme``).

Each block between ``<!-- NAME -->`` and ``<!-- /NAME -->`` is the output of a command, and
a test keeps the two equal; after a change to the model, run this to write them again:

- ``outcomes``: ``pactsim outcomes --markdown``;
- ``calibration``: ``pactsim calibrate --worlds 2000 --seeds 1,2,3 --markdown``;
- ``whatifs``: ``pactsim whatifs --markdown`` (2,000 worlds, seed 0);
- ``given``: the README's own ``pactsim record --whatif ...`` line.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def output(argv: list[str]) -> str:
    """What ``pactsim ARGV`` prints, without its last newline."""
    sys.path.insert(0, str(ROOT))
    from sim.interface.cli import main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(argv)
    if code != 0:
        raise SystemExit(f"pactsim {shlex.join(argv)} failed with exit code {code}")
    return buffer.getvalue().rstrip("\n")


def main() -> None:
    text = README.read_text(encoding="utf-8")
    (given,) = [line for line in text.splitlines() if line.startswith("pactsim record --whatif")]
    commands = {
        "outcomes": ["outcomes", "--markdown"],
        "calibration": ["calibrate", "--worlds", "2000", "--seeds", "1,2,3", "--markdown"],
        "whatifs": ["whatifs", "--markdown"],
        "given": shlex.split(given)[1:],
    }
    wanted = sys.argv[1:] or list(commands)
    for name in wanted:
        block = output(commands[name])
        pattern = re.compile(rf"(<!-- {name} -->\n).*?(\n<!-- /{name} -->)", re.S)
        text, found = pattern.subn(lambda m: m.group(1) + block + m.group(2), text)
        if found != 1:
            raise SystemExit(f"README.md has {found} blocks named {name!r}; expected one")
        print(f"README.md: {name} written")
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
