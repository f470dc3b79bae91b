"""YAML files read with the line of every key, and errors located by key path.

A scenario file is read with PyYAML's safe loader into plain data plus a *line map*:
key path (``("params", "japan.w_oil")``) to the file and line where it stands. An
error found later, during validation, is raised through :class:`Where`, which turns a
key path back into ``file:line: key.path: message``. Duplicate keys, which PyYAML would
silently collapse, are rejected here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import yaml

from ..errors import PactsimError


class ScenarioError(PactsimError):
    """A scenario is unreadable or invalid; the message says where, what and what was expected."""


def dotted(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


class Where:
    """Raises errors located by key path, via a line map ``path -> (file, line, path as written)``."""

    def __init__(self, label: str, lines: dict[tuple, tuple[str, int, tuple]]) -> None:
        self.label, self.lines = label, lines

    def fail(self, path: tuple, message: str) -> NoReturn:
        # The nearest enclosing key with a line (a missing key has none), shown as written
        # in its file: a child's interventions are renumbered after its parent's.
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                label, line, written = self.lines[path[:n]]
                where, path = f"{label}:{line}", written + path[n:]
                break
        else:
            where = self.label
        raise ScenarioError(f"{where}: {dotted(path)}: {message}" if path else f"{where}: {message}")


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as text, so that a bad date is reported as ours."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _lines(loader: _Loader, node: yaml.Node, path: tuple, label: str, out: dict, seen=frozenset()) -> None:
    """Record the line of every key path under ``node``; reject duplicate keys."""
    out.setdefault(path, (label, node.start_mark.line + 1, path))
    if id(node) in seen:  # a recursive alias
        return
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(loader, item, path + (i,), label, out, seen | {id(node)})
    elif isinstance(node, yaml.MappingNode):
        first: dict = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode) or knode.tag == "tag:yaml.org,2002:merge":
                continue  # not a name: construction rejects or merges it
            key, line = loader.construct_object(knode), knode.start_mark.line + 1
            if key in first:  # PyYAML would silently keep the last
                raise ScenarioError(f"{label}:{line}: {dotted(path + (key,))}: duplicate key (first at line "
                                    f"{first[key]}); expected each key once in a mapping")
            first[key] = line
            out[path + (key,)] = (label, line, path + (key,))
            _lines(loader, vnode, path + (key,), label, out, seen | {id(node)})


def read(path: Path, label: str) -> tuple[Any, dict]:
    """A scenario file's data and its line map."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        if "\0" in text:
            raise UnicodeError
    except FileNotFoundError:
        raise ScenarioError(f"{label}: no such file; expected the path of a scenario YAML file") from None
    except OSError as e:
        raise ScenarioError(f"{label}: cannot be read ({e.strerror}); expected a readable YAML file") from None
    except UnicodeError:
        raise ScenarioError(f"{label}: binary or not UTF-8 text; expected a UTF-8 YAML text file") from None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError(f"{label}: the file is empty; expected a YAML mapping with at least name and title")
        lines: dict = {}
        _lines(loader, node, (), label, lines)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as e:
        where = f" ({e.context} on line {e.context_mark.line + 1})" if e.context and e.context_mark else ""
        kind = "YAML error" if isinstance(e, yaml.constructor.ConstructorError) else "YAML syntax error"
        raise ScenarioError(f"{label}:{(e.problem_mark or e.context_mark).line + 1}: {kind}: "
                            f"{e.problem}{where}; expected plain, valid YAML") from None
    except yaml.reader.ReaderError as e:
        raise ScenarioError(f"{label}:{text[:e.position].count(chr(10)) + 1}: unprintable character "
                            f"{e.character:#06x}; expected printable UTF-8 text") from None
