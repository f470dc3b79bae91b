"""``pactsim app`` in a child process, for the scripts that drive the page in a browser:
the browser tests, the latency benchmark and the screenshot script.

:func:`served` starts the server on a free loopback port, waits until it answers, and
stops it however the caller's block ends.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import IO


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(scenario: str = "historical", worlds: int | None = None, *, wait: float = 300,
           log: IO | None = None) -> Iterator[str]:
    """``pactsim app SCENARIO`` on a free loopback port; yields its URL once it answers.

    ``worlds``: the page's paired worlds (default: the command's). ``wait``: the longest
    the server may take to answer (a crowded machine starts Solara slowly). ``log``: an
    open file for the server's output (default: discarded). A server that ends before it
    answers, or does not answer in time, raises :class:`RuntimeError`.
    """
    port = free_port()
    command = [sys.executable, "-m", "sim", "app", scenario, "--port", str(port)]
    if worlds is not None:
        command += ["--worlds", str(worlds)]
    out = subprocess.DEVNULL if log is None else log
    server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT if log is not None else out)
    url = f"http://127.0.0.1:{port}/"
    where = f"; see {log.name}" if log is not None and hasattr(log, "name") else ""
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"pactsim app ended with exit code {server.returncode} before "
                                       f"it answered{where}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"pactsim app did not answer at {url} within {wait:g} s{where}") from None
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
