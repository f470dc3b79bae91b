"""Regenerate the README's generated blocks (``make readme``).

Each block between ``<!-- NAME -->`` and ``<!-- /NAME -->`` is the output of a command, and
a test keeps the two equal; after a change to the model, run this to write them again:

- ``outcomes``: ``pactsim outcomes --markdown``;
- ``calibration``: ``pactsim calibrate --worlds 2000 --seeds 1,2,3 --random-seeds 0 --markdown``;
- ``whatifs``: ``pactsim whatifs --markdown`` (2,000 worlds, seed 0);
- ``given``: the README's own ``pactsim record --whatif ...`` line;
- ``decides``: the report's sentence on what decides the Stalingrad what-if, from the README's
  own first ``pactsim sensitivity`` line (about 6 minutes on 2 cores). The study's table of
  indices and its labels are kept in ``docs/data/why-stalingrad/``, and a test checks that the
  sentence is the one :func:`sim.analysis.decides.what_decides` makes of them.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
STUDY = ROOT / "docs" / "data" / "why-stalingrad"
"""The README's Stalingrad study, as kept: ``indices.csv`` and ``labels.json``."""
sys.path.insert(0, str(ROOT))  # the checkout's sim, run as a script or loaded by a test


def output(argv: list[str]) -> str:
    """What ``pactsim ARGV`` prints, without its last newline."""
    from sim.interface.cli import main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(argv)
    if code != 0:
        raise SystemExit(f"pactsim {shlex.join(argv)} failed with exit code {code}")
    return buffer.getvalue().rstrip("\n")


def decides_block(study: Path = STUDY) -> str:
    """The README's quote of the report's first sentence on the study kept in ``study``."""
    import pandas as pd

    from sim.analysis.decides import what_decides

    labels = json.loads((study / "labels.json").read_text(encoding="utf-8"))
    table = pd.read_csv(study / "indices.csv", keep_default_na=False, na_values=[""])
    (first,) = what_decides(table, top=1)
    return (f"> {first}\n\n({len(table)} parameters over their plausible ranges, {labels['points']:,} points of "
            f"{labels['worlds_per_point']:,} paired worlds, seed {labels['seed']}.)")


def study(command: str) -> None:
    """Run the README's sensitivity ``command`` and keep its table of indices in :data:`STUDY`."""
    with tempfile.TemporaryDirectory() as tmp:
        argv = shlex.split(command)[1:]
        argv[argv.index("-o") + 1] = str(Path(tmp) / "study")
        output([*argv, "--workers", "2"])
        made = Path(tmp) / "study"
        STUDY.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made / "indices.csv", STUDY / "indices.csv")
        labels = json.loads((made / "manifest.json").read_text(encoding="utf-8"))["labels"]
        (STUDY / "labels.json").write_text(json.dumps(labels, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    text = README.read_text(encoding="utf-8")
    (given,) = [line for line in text.splitlines() if line.startswith("pactsim record --whatif")]
    commands = {
        "outcomes": ["outcomes", "--markdown"],
        "calibration": ["calibrate", "--worlds", "2000", "--seeds", "1,2,3", "--random-seeds", "0", "--markdown"],
        "whatifs": ["whatifs", "--markdown"],
        "given": shlex.split(given)[1:],
        "decides": None,
    }
    wanted = sys.argv[1:] or list(commands)
    for name in wanted:
        if name == "decides":
            study(next(line for line in text.splitlines() if line.startswith("pactsim sensitivity")))
            block = decides_block()
        else:
            block = output(commands[name])
        pattern = re.compile(rf"(<!-- {name} -->\n).*?(\n<!-- /{name} -->)", re.S)
        text, found = pattern.subn(lambda m: m.group(1) + block + m.group(2), text)
        if found != 1:
            raise SystemExit(f"README.md has {found} blocks named {name!r}; expected one")
        print(f"README.md: {name} written")
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
