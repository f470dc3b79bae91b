"""Files and folders that appear whole: every command that writes goes through here.

A run's folder (:mod:`sim.files.runfolder`) and every other output (compare, report,
plot, export, sensitivity: :func:`output_folder` and :func:`write_file_atomic`) appear
whole or not at all: each file by ``os.replace`` of a fsynced temporary file in the same
folder. An output is marked complete, is never written over without ``force``, and an
error of the file system (a full disk, a missing permission, a read-only or missing
parent) is a :class:`StoreError` that says what to do. Nothing is ever deleted that
pactsim did not write: an output is replaced only if it bears the mark of a finished
output of the same command (:mod:`sim.files.kinds`), and only temporary files of pactsim's own naming
(``.tmp-NAME-PID-RANDOM``, :func:`is_temporary`) are cleaned up.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import PactsimError
from ..text import inert
from .kinds import COMPLETE, MANIFEST, kind_of, refusal
from .rename import rename_new

_TMP = ".tmp-"
_OURS = re.compile(r"\.tmp-(?P<name>.+)-(?P<pid>\d+)-[0-9a-f]{8}")  # the name _temp gives: only these are cleaned up


def is_temporary(name: str) -> bool:
    """Whether ``name`` is one of pactsim's own temporary files (the name :func:`temp_path` gives)."""
    return _OURS.fullmatch(name) is not None


class StoreError(PactsimError):
    """A results folder cannot be written or read; the message says which and what to do."""


# --- Errors of the file system -----------------------------------------------------------

_HINTS = {
    errno.ENOSPC: "the disk is full; free some space or write somewhere else",
    errno.EDQUOT: "the disk quota is used up; free some space or write somewhere else",
    errno.EACCES: "permission denied; choose a folder you may write to",
    errno.EPERM: "operation not permitted; choose a folder you may write to",
    errno.EROFS: "the file system is read-only; choose a writable folder",
    errno.ENOENT: "a folder on the way does not exist; create it or choose another path",
    errno.ENOTDIR: "a part of the path is a file, not a folder; choose another path",
    errno.EISDIR: "it is a folder; give a file name",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter path",
    errno.ELOOP: "the path is a loop of symbolic links; choose another path",
    errno.EEXIST: "it already exists; choose another path",
}


def os_error(exc: OSError, doing: str, path: str | os.PathLike | None = None) -> StoreError:
    """``exc`` as a one-line :class:`StoreError`: "cannot ``doing`` ``path``: what is
    wrong and what to do" (``path`` defaults to the file the error names)."""
    errno_ = exc.errno
    if errno_ is None and "No space left on device" in str(exc):  # pyarrow's errors keep only the text
        errno_ = errno.ENOSPC
    where = path if path is not None else exc.filename
    hint = _HINTS.get(errno_, exc.strerror or str(exc))
    if errno_ == errno.ENOENT and where and Path(where).absolute().parent.is_dir():
        # every folder on the way is there: the file system refuses new names (/proc, /sys)
        hint = "this file system does not let anything be created there; choose another path"
    return StoreError(f"cannot {doing}{f' {where}' if where else ''}: {hint}")


@contextlib.contextmanager
def os_errors(doing: str, path: str | os.PathLike | None = None) -> Iterator[None]:
    """Turn an :class:`OSError` in the block into :func:`os_error`'s :class:`StoreError`."""
    try:
        yield
    except OSError as exc:
        raise os_error(exc, doing, path) from None


# --- Atomic files ---------------------------------------------------------------------

def temp_path(path: Path) -> Path:
    """A fresh temporary name beside ``path``: ``.tmp-NAME-PID-RANDOM``."""
    return path.with_name(f"{_TMP}{path.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the temporary siblings of ``path`` (:func:`temp_path`) whose process is gone
    (killed with ``-9``, or the machine stopped), saying so on stderr; return them.

    A process that is alive, or a PID now used by another process, keeps its files: only
    what no running process can still be writing is removed."""
    parent = path.absolute().parent
    with contextlib.suppress(OSError):
        entries = list(parent.iterdir()) if parent.is_dir() else []
    removed = []
    for entry in entries:
        found = _OURS.fullmatch(entry.name)
        if found and found["name"] == path.name and not _alive(int(found["pid"])):
            remove_file(entry)
            removed.append(entry)
            print(inert(f"pactsim: removed {entry}, left by a pactsim process that is gone"), file=sys.stderr)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:  # e.g. another user's process: alive
        return True
    return True


def remove_file(path: Path) -> None:
    """Remove a temporary file or folder of ours (one :func:`temp_path` named), if it is there."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def commit(tmp: Path, path: Path) -> None:
    """Make the fully written ``tmp`` appear as ``path`` (durably, as one step)."""
    _sync_file(tmp)
    os.replace(tmp, path)
    _sync_folder(path.parent)


def _sync_file(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:  # the rename itself is only durable once the folder is synced
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Have ``write`` fill a temporary file beside ``path``, then make it appear as
    ``path`` in one step: readers see the old file or the whole new one, never a part.
    If anything fails, the temporary file is removed and the error raised."""
    tmp = temp_path(Path(path))
    try:
        write(tmp)
        commit(tmp, Path(path))
    except BaseException:
        remove_file(tmp)
        raise


def write_file_atomic(path: str | os.PathLike, write: Callable[[Path], object], force: bool = False,
                      what: str = "the file") -> Path:
    """Write one output file (a report, an export) safely; return its path.

    ``write(tmp)`` fills a temporary file beside ``path``, which then appears whole as
    ``path`` in one step. An existing ``path`` is a :class:`StoreError` unless ``force``
    and it is a file the same command wrote (:func:`~sim.files.kinds.kind_of` is
    ``what``): it is then replaced, never left half-written. Missing parent
    folders are created; file-system errors become a :class:`StoreError` with a hint.
    Example (the ``export`` command)::

        write_file_atomic(out, lambda tmp: table.to_csv(tmp, index=False), force=force)
    """
    path = check_file(path, force, what)
    remove_leftovers(path)
    existed = path.exists() or path.is_symlink()
    tmp = temp_path(path)
    try:
        with os_errors(f"write {what} to", path):
            path.parent.mkdir(parents=True, exist_ok=True)
            write(tmp)
            _sync_file(tmp)
            _take_place(tmp, path, existed, what, keep=False)
    finally:
        remove_file(tmp)
    return path


def check_file(path: str | os.PathLike, force: bool = False, what: str = "the file") -> Path:
    """``path`` as a Path, if :func:`write_file_atomic` may write it; else a :class:`StoreError`.
    Call it before long work, so that a bad ``--out`` fails at once."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give the name of a file to write {what} to")
    if path.exists() or path.is_symlink():
        if not force:
            raise StoreError(f"{path} exists; choose another name, or add --force to replace it")
        _refuse_other(path, what)
    _writable(path)
    return path


def is_complete(path: str | os.PathLike) -> bool:
    """Whether folder ``path`` is a finished pactsim output (a run, or an :func:`output_folder`)."""
    path = Path(path)
    return (path / COMPLETE).is_file() or (path / MANIFEST).is_file()


@contextlib.contextmanager
def output_folder(path: str | os.PathLike, force: bool = False, what: str = "the results") -> Iterator[Path]:
    """Build an output folder safely: ``with output_folder(out, force) as tmp: ...write into tmp...``.

    The body writes into ``tmp``, a new temporary folder beside ``path``. When the body
    ends without an error, a completion mark (:data:`COMPLETE`) is written into it and
    it is renamed to ``path`` in one step: a reader never sees a half-made folder, and
    a killed command leaves only a ``.tmp-*`` folder beside it. On an error the
    temporary folder is removed and a file-system error becomes a :class:`StoreError`.

    An existing ``path`` is refused, unless it is an empty folder, or ``force`` is given
    and ``path`` is a finished output of the same command (:func:`~sim.files.kinds.kind_of`
    is ``what``), which is then replaced. A folder pactsim did not make, or another
    command's output, is never replaced, even with ``force``.
    For the commands that write (compare, plot; export and sensitivity may reuse it)::

        with output_folder(out, force=force, what="the export") as tmp:
            table.to_parquet(tmp / "table.parquet")
    """
    path = check_output(path, force, what)
    remove_leftovers(path)
    existed = path.exists() or path.is_symlink()
    tmp = temp_path(path.absolute())
    try:
        with os_errors(f"write {what} to", path):
            path.absolute().parent.mkdir(parents=True, exist_ok=True)
            tmp.mkdir()
        yield tmp
        with os_errors(f"write {what} to", path):
            write_json(tmp / COMPLETE, {"format": 1, "what": what})
            _take_place(tmp, path, existed, what)
    except OSError as exc:
        raise os_error(exc, f"write {what} to", path) from None
    finally:
        remove_file(tmp)


def _refuse_other(path: Path, what: str) -> None:
    """Refuse to replace ``path`` unless it is a finished output of the command writing ``what``."""
    with os_errors("read", path):
        reason = refusal(path, kind_of(path), what)
    if reason is not None:
        raise StoreError(reason)


def _take_place(tmp: Path, path: Path, existed: bool, what: str, keep: bool = True) -> None:
    """Rename the finished ``tmp`` to ``path`` without ever replacing what pactsim did not make.

    :func:`check_output` or :func:`check_file` saw ``path`` absent, an empty folder, or
    a finished output of the same kind to replace (``existed``); anything may have
    happened since. An empty folder goes by ``rmdir``, which fails if it is no longer
    empty; an output is first set aside and its kind checked again (:func:`kind_of`),
    so that what is removed is exactly what was checked; the new output then appears by
    a rename that fails if anything took the name meanwhile. In each case the refusal
    leaves the other untouched and keeps the new output if ``keep`` (:func:`_appeared`).
    """
    old = None
    if existed:
        try:
            path.rmdir()  # an empty folder at the start: still empty, or refused
        except FileNotFoundError:
            pass
        except OSError:
            old = temp_path(path.absolute())
            rename_new(path, old)
            if kind_of(old) != what:  # changed by someone while we ran: put it back
                rename_new(old, path)
                raise _appeared(path, what, _keep(tmp, path) if keep else None) from None
    try:
        rename_new(tmp, path)
    except FileExistsError:
        raise _appeared(path, what, _keep(tmp, path) if keep else None) from None
    finally:
        if old is not None:
            remove_file(old)  # a finished output of ours that --force replaces
    _sync_folder(path.absolute().parent)


def _keep(tmp: Path, path: Path) -> Path | None:
    """Give the finished ``tmp`` a name of its own beside ``path`` (never a temporary's name,
    which a later run would clean up); None if even that fails (it is then removed)."""
    kept = path.with_name(f"{path.name}.pactsim-{os.getpid()}")
    try:
        rename_new(tmp, kept)
    except OSError:
        return None
    return kept


def _appeared(path: Path, what: str, kept: Path | None) -> StoreError:
    where = (f"the new {what.removeprefix('the ')} is in {kept}" if kept is not None
             else "nothing was written")
    return StoreError(f"{path} appeared while this command ran (made by you or another command) and was "
                      f"left untouched; {where}; choose another path")


def check_output(path: str | os.PathLike, force: bool = False, what: str = "the results") -> Path:
    """``path`` as a Path, if :func:`output_folder` may write it; else a :class:`StoreError`.
    Call it before long work, so that a bad ``--out`` fails at once."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            raise StoreError(f"{path} is a file; choose a folder to save {what} in")
        with os_errors("read", path):
            empty = not any(path.iterdir())
        if not empty and not force:
            raise StoreError(f"{path} exists; choose another folder, or add --force to replace it")
        if not empty:
            _refuse_other(path, what)
    _writable(path)
    return path


def _writable(path: Path) -> None:
    """Refuse at once a path whose folder (where its temporary sibling goes) cannot be written."""
    parent = path.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise StoreError(f"cannot write to {path}: {parent} is a file, not a folder; choose another path")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write to {path}: {parent} is read-only or not yours; choose a folder you may write to")


def check_complete(path: str | os.PathLike, what: str, finish: str) -> Path:
    """``path`` if it is a finished output folder; else a :class:`StoreError` that says
    how to finish it (``finish``, e.g. "run `pactsim compare ...` again")."""
    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"{path} is not {what}: no such folder")
    if not is_complete(path):
        raise StoreError(f"{path} is not a finished {what} (no {COMPLETE}); {finish}")
    return path


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as indented JSON to ``path`` atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8"))


def check_empty(path: str | os.PathLike, what: str = "the results") -> Path:
    """``path`` as a folder that does not exist yet or is empty; a :class:`StoreError`
    if it holds anything, since results are never silently overwritten."""
    return check_output(path, False, what)


def read_json(path: Path) -> dict:
    """The JSON object in file ``path``; a :class:`StoreError` if it is unreadable or not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path} is unreadable: {exc}") from None
    if not isinstance(data, dict):
        raise StoreError(f"{path} is unreadable: not a JSON object")
    return data




def file_digest(path: Path) -> str:
    """The sha256 of the bytes of file ``path`` (a run's manifest records its tables')."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def digest(data: dict) -> str:
    """A stable hash of JSON-able ``data`` (used for the resolved scenario)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
