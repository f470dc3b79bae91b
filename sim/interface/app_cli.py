"""``pactsim app``: serve the seminar page (:mod:`sim.interface.app`) with Solara.

Solara and its front-end files (``solara-assets``, so that the page works with no
internet) are the optional extra ``app``: ``pip install -e '.[app]'``. The server
binds the loopback address unless ``--host`` says otherwise.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
import warnings

import click

from ..errors import require_extra
from ..text import echo

WORLDS = 5000
"""Paired worlds per answer unless ``--worlds`` says otherwise: enough that the switch "only
the worlds that lived our history" keeps a few hundred pairs or more (about 40% of
worlds match the record up to November 1942, about 10% through 1945)."""

ANY = ("0.0.0.0", "::", "")
"""Hosts that bind every interface: a browser cannot open them, only this machine's addresses."""


def urls(host: str, port: int) -> list[str]:
    """The addresses a browser can open the page at: ``host`` itself, or for a page bound
    to every interface (``0.0.0.0``) this machine's IPv4 addresses, the network's first."""
    if host not in ANY:
        return [f"http://{'[' + host + ']' if ':' in host else host}:{port}/"]
    found = {"127.0.0.1"}
    with contextlib.suppress(OSError):
        found.update(info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET))
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # UDP: nothing is sent; the system names the interface it would use
        found.add(probe.getsockname()[0])
    return [f"http://{address}:{port}/" for address in sorted(found, key=lambda a: (a.startswith("127."), a))]


def serve(base, worlds: int = WORLDS, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve the page for the starting scenario ``base`` until interrupted."""
    os.environ["SOLARA_APP"] = "sim.interface.app"
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"  # no calls out of the classroom
    os.environ["SOLARA_THEME_TITLE"] = "pactsim"
    os.environ["SOLARA_THEME_SHOW_BANNER"] = "False"
    solara_settings = require_extra("app", "solara.server.settings", "the page")
    uvicorn = require_extra("app", "uvicorn", "the page")
    # Solara warns on every page load that a cookie without https falls back to SameSite=Lax:
    # right for a page on loopback or a classroom network, and noise in the lecturer's terminal.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    solara_settings.main.mode = "production"
    solara_settings.telemetry.mixpanel_enable = False
    solara_settings.theme.title = "pactsim"
    from . import answer, app

    app.configure(base, worlds)
    threading.Thread(target=answer.warm, args=(base, worlds), daemon=True).start()
    echo(f"Serving the seminar page for {base.name!r} ({worlds:,} paired worlds) at "
         f"{', '.join(urls(host, port))} (Ctrl-C to stop)")
    # Uvicorn stops gracefully on SIGTERM, then raises the signal again to the handler it
    # found: the default one killed the process before the drawing processes were ended
    # ("leaked semaphore objects"); this one unwinds through `finally` and exits with 143.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        uvicorn.run("solara.server.starlette:app", host=host, port=port, log_level="warning")
    finally:
        answer.stop_drawing()


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)


@click.command("app")
@click.argument("scenario", default="historical")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; 0.0.0.0 opens the page to the classroom network.")
@click.option("--worlds", "-n", type=click.IntRange(10, 100_000), default=WORLDS, show_default=True,
              help="Paired worlds per what-if.")
@click.option("--levers-markdown", is_flag=True, help="Print the page's levers as Markdown (docs/levers.md) and exit.")
def app_command(scenario, port, host, worlds, levers_markdown) -> None:
    """Serve the seminar page: levers on SCENARIO, what-ifs against it on paired worlds.

    SCENARIO (default: historical) is the baseline; the levers start at its values.
    """
    from ..files.scenario import load_scenario, locate

    base = load_scenario(locate(scenario))
    if levers_markdown:
        from .levers import levers_markdown as markdown

        echo(markdown(base))
        return
    serve(base, worlds=worlds, host=host, port=port)
