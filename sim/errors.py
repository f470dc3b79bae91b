"""The one base of every error a user can cause or mend.

A :class:`PactsimError` is a bad input (a scenario file, a results folder, a command-line
value) or a fault of the environment (a full disk, a missing permission, an unreachable
cluster). The command line prints its message, which says what is wrong and what to do,
and exits with code 2, never with a traceback. Any other exception is a bug.
"""

from __future__ import annotations


class PactsimError(Exception):
    """A user or environment error; the message names the thing and what was expected."""
