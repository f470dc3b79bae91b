"""A gate for the signal tests: runs whose chunks wait until the test lets them go.

A test that interrupts a run must know the run is still going when the signal lands. On a
loaded machine a small run can finish between "a chunk is on disk" and the signal, so
instead of racing the clock, every chunk but the first waits at a gate (a file) that the
test opens when it chooses. The gate is put into every Python process the run starts (the
run, the fork server, the workers) by a ``sitecustomize`` module on ``PYTHONPATH``, which
wraps ``sim.world.model.simulate`` before anything imports it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SITECUSTOMIZE = '''
import os
import sys
import time

import sim.world.model as model

_simulate = model.simulate


def simulate(scenario, seed, worlds, *args, **kwargs):
    if len(worlds) and worlds[0] > 0:  # every chunk but the first waits at the gate
        open({waiting!r}, "a").close()  # and says so: the command is inside its job
        while not os.path.exists({gate!r}):
            time.sleep(0.01)
    return _simulate(scenario, seed, worlds, *args, **kwargs)


# every module that took the model's simulate already (importing sim imports the engine)
for module in [m for name, m in sys.modules.items() if name.split(".")[0] == "sim"]:
    if getattr(module, "simulate", None) is _simulate:
        module.simulate = simulate
'''


class Gate:
    """``env`` runs pactsim with gated chunks; :meth:`open` lets them go."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "open"
        self.waiting = folder / "waiting"
        """Made when a chunk first waits at the gate."""
        (folder / "sitecustomize.py").write_text(SITECUSTOMIZE.format(gate=str(self.path), waiting=str(self.waiting)))
        path = [str(folder), str(ROOT), os.environ.get("PYTHONPATH")]
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, path))}

    def open(self) -> None:
        self.path.touch()


def wait_for_line(stream, text: str, timeout: float = 120) -> list[str]:
    """Read ``stream`` line by line until a line contains ``text``; the lines read. A hang
    guard, not a speed target: after ``timeout`` seconds without that line the test fails."""
    lines: list[str] = []
    done = threading.Event()

    def read() -> None:
        while True:
            line = stream.readline()
            lines.append(line)
            if not line or text in line:
                done.set()
                return

    threading.Thread(target=read, daemon=True).start()
    assert done.wait(timeout), f"no line saying {text!r} within {timeout:g} s: {''.join(lines)}"
    assert lines[-1], f"the process ended without saying {text!r}: {''.join(lines)}"
    return lines
