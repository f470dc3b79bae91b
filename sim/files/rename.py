"""A rename that never replaces: how an output takes its name (:mod:`sim.files.outputs`).

``os.rename`` and ``os.replace`` silently replace a file or an empty folder that is
already there, including one made a moment ago by someone else. :func:`rename_new`
fails instead, atomically where the kernel can do it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

_NOREPLACE = 1  # RENAME_NOREPLACE of <linux/fs.h>


def _renameat2() -> Callable | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):  # not Linux, or a libc older than glibc 2.28
        return None
    func.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    return func


_RENAMEAT2 = _renameat2()
_AT_FDCWD = -100


def rename_new(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst`` only if ``dst`` does not exist: a ``FileExistsError`` if it does.

    On Linux the kernel checks and renames in one step (``renameat2`` with
    ``RENAME_NOREPLACE``). Where that is missing (another system, a file system that
    does not support it), the check and the rename happen under a lock on the parent
    folder, which every pactsim process takes, so two pactsim commands never take each
    other's name; a folder made by hand in between that instant is the remaining window.
    """
    if _RENAMEAT2 is not None:
        if _RENAMEAT2(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), _NOREPLACE) == 0:
            return
        err = ctypes.get_errno()
        if err not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # these: no renameat2 here, use the lock
            raise OSError(err, os.strerror(err), str(dst))  # EEXIST gives a FileExistsError
    with _folder_lock(Path(dst).absolute().parent):
        if os.path.lexists(dst):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(dst))
        os.rename(src, dst)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: os.rename never replaces there
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
