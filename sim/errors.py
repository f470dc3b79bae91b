"""The one base of every error a user can cause or mend.

A :class:`PactsimError` is a bad input (a scenario file, a results folder, a command-line
value) or a fault of the environment (a full disk, a missing permission, an unreachable
cluster). The command line prints its message, which says what is wrong and what to do,
and exits with code 2, never with a traceback. Any other exception is a bug.
"""

from __future__ import annotations


class PactsimError(Exception):
    """A user or environment error; the message names the thing and what was expected."""


class RequestError(PactsimError, ValueError):
    """A run's argument is invalid or more than the machine can hold; the message names it."""


class RunFailed(PactsimError):
    """A run could not finish; finished chunks are kept and the message says how to resume."""


class RunInterrupted(Exception):
    """A run was stopped with Ctrl-C or SIGTERM; the message says what was kept and how
    to resume. ``exit_code`` is the shell's code for the signal (130, 143)."""

    def __init__(self, message: str, exit_code: int = 130) -> None:
        super().__init__(message)
        self.exit_code = exit_code
