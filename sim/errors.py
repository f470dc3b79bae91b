"""The one base of every error a user can cause or mend.

A :class:`PactsimError` is a bad input (a scenario file, a results folder, a command-line
value) or a fault of the environment (a full disk, a missing permission, an unreachable
cluster). The command line prints its message, which says what is wrong and what to do,
and exits with code 2, never with a traceback. Any other exception is a bug.
"""

from __future__ import annotations

import importlib


class PactsimError(Exception):
    """A user or environment error; the message names the thing and what was expected."""


class RequestError(PactsimError, ValueError):
    """A run's argument is invalid or more than the machine can hold; the message names it."""


class RunFailed(PactsimError):
    """A run could not finish; finished chunks are kept and the message says how to resume."""


class RunInterrupted(Exception):
    """A run was stopped with Ctrl-C or SIGTERM; the message says what was kept and how
    to resume. ``exit_code`` is the shell's code for the signal (130, 143); ``how`` says
    how it stopped, ``kept`` what was kept, and ``folder`` where (None: nothing), so that a
    command can say how to finish it in its own words."""

    def __init__(self, message: str, exit_code: int = 130, how: str = "interrupted", kept: str = "",
                 folder=None) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.how, self.kept, self.folder = how, kept, folder


class MissingExtra(PactsimError):
    """A command needs an optional extra that is not installed; the message says how to add it."""


def require_extra(extra: str, module: str, purpose: str):
    """Import ``module`` from the optional extra ``extra`` and return it.

    Raises :class:`MissingExtra` with one line, ``PURPOSE needs MODULE (the optional extra
    EXTRA): pip install -e '.[EXTRA]'``, the form the README installs extras in (an
    editable install in the checkout, which a plain ``pip install '.[EXTRA]'`` would
    replace with a copy).
    """
    top = module.split(".")[0]
    try:
        importlib.import_module(top)  # first the package: its submodules may be cached
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(f"{purpose} needs {top} (the optional extra '{extra}'); install it in the "
                           f"pactsim folder with: pip install -e '.[{extra}]'") from None
