"""YAML files read with the line of every key, and errors located by key path.

A scenario file is read with PyYAML's safe loader into plain data plus a *line map*:
key path (``("params", "japan.w_oil")``) to the file and line where it stands. An
error found later, during validation, is raised through :class:`Where`, which turns a
key path back into ``file:line: key.path: message``. Duplicate keys, which PyYAML would
silently collapse, are rejected here.

Reading is bounded before any work is done, so that a small hostile file cannot hang
or exhaust the machine: only regular files (not a FIFO, a device or a folder) of at most
:data:`MAX_BYTES`, nested at most :data:`MAX_DEPTH` deep, and, counting every alias as
the copy it stands for, at most :data:`MAX_NODES` nodes. The expanded size is counted on
the composed node graph, where an alias is one shared node, so a "billion laughs" file
is refused in microseconds instead of being expanded; a recursive alias is refused.
"""

from __future__ import annotations

import os
import re
import stat
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


MAX_BYTES = 1_000_000
"""Largest scenario file read: the bundled ones are about 2 KB."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists; a scenario needs 5 (params, name, dist, values, value)."""

MAX_NODES = 100_000
"""Most nodes of a file once its aliases are expanded; a bundled scenario has about 200."""

MAX_DIGITS = 18
"""Longest integer literal; longer ones are refused before Python converts them."""


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as text, so that a bad date is reported as ours,
    and refuses nesting deeper than :data:`MAX_DEPTH` while it composes (PyYAML's
    composer is recursive: a file nested 900 deep would hit Python's recursion limit)."""

    def __init__(self, text: str, label: str) -> None:
        super().__init__(text)
        self.label, self.depth = label, 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                line = self.peek_event().start_mark.line + 1
                raise ScenarioError(f"{self.label}:{line}: nested more than {MAX_DEPTH} levels deep; "
                                    f"expected a scenario's plain structure")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node):
        if sum(c.isdigit() for c in node.value) > MAX_DIGITS:
            raise ScenarioError(f"{self.label}:{node.start_mark.line + 1}: an integer of "
                                f"{sum(c.isdigit() for c in node.value)} digits; expected at most {MAX_DIGITS}")
        return super().construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
# YAML 1.1 (PyYAML) reads 1e-3 as text, since its floats need a dot; YAML 1.2 and every
# reader of a scenario take it as the number it looks like. Ints are resolved first.
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$"),
                              list("-+0123456789"))


def _bound(node: yaml.Node, label: str) -> None:
    """Refuse a node graph that is recursive, or too deep or too large once its aliases
    are expanded. Sizes and heights are memoised per node, so this costs one visit per
    distinct node however many times aliases repeat it."""
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    open_: set[int] = set()

    def fail(n: yaml.Node, what: str) -> NoReturn:
        raise ScenarioError(f"{label}:{n.start_mark.line + 1}: {what}; expected a scenario's plain structure "
                            f"(aliases expand to at most {MAX_NODES:,} nodes, {MAX_DEPTH} levels)")

    def visit(n: yaml.Node, level: int) -> None:
        if id(n) in open_:
            fail(n, "a recursive alias (a node that contains itself)")
        if id(n) in size:
            if level + height[id(n)] > MAX_DEPTH:
                fail(n, f"aliases nest it more than {MAX_DEPTH} levels deep")
            return
        if level > MAX_DEPTH:
            fail(n, f"aliases nest it more than {MAX_DEPTH} levels deep")
        children = [] if isinstance(n, yaml.ScalarNode) else (
            [x for pair in n.value for x in pair] if isinstance(n, yaml.MappingNode) else n.value)
        open_.add(id(n))
        for child in children:
            visit(child, level + 1)
        open_.discard(id(n))
        size[id(n)] = min(MAX_NODES + 1, 1 + sum(size[id(c)] for c in children))
        height[id(n)] = 1 + max((height[id(c)] for c in children), default=0)
        if size[id(n)] > MAX_NODES:
            fail(n, f"aliases expand it to more than {MAX_NODES:,} nodes")

    visit(node, 1)


def _lines(loader: _Loader, node: yaml.Node, path: tuple, label: str, out: dict) -> None:
    """Record the line of every key path under ``node`` (bounded by :func:`_bound`);
    reject duplicate keys."""
    out.setdefault(path, (label, node.start_mark.line + 1, path))
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(loader, item, path + (i,), label, out)
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
            _lines(loader, vnode, path + (key,), label, out)


def _read_bytes(path: Path, label: str) -> bytes:
    """The bytes of regular file ``path``, refused before reading if it is anything else
    or larger than :data:`MAX_BYTES` (a FIFO would block, ``/dev/zero`` never ends)."""
    try:
        kind = os.stat(path).st_mode
        if stat.S_ISDIR(kind):
            raise ScenarioError(f"{label}: is a folder; expected the path of a scenario YAML file")
        if not stat.S_ISREG(kind):
            raise ScenarioError(f"{label}: is not a regular file (a pipe, socket or device); "
                                f"expected the path of a scenario YAML file")
        # O_NONBLOCK: should the path become a FIFO after the check, open() does not wait
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError(f"{label}: no such file; expected the path of a scenario YAML file") from None
    except OSError as e:
        raise ScenarioError(f"{label}: cannot be read ({e.strerror}); expected a readable YAML file") from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(f"{label}: larger than {MAX_BYTES:,} bytes; expected a scenario file "
                            f"(the bundled ones are a few KB)")
    return raw


def read(path: Path, label: str) -> tuple[Any, dict]:
    """A scenario file's data and its line map."""
    raw = _read_bytes(path, label)
    try:
        text = raw.decode("utf-8-sig")
        if "\0" in text:
            raise UnicodeError
    except UnicodeError:
        raise ScenarioError(f"{label}: binary or not UTF-8 text; expected a UTF-8 YAML text file") from None
    try:
        loader = _Loader(text, label)
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError(f"{label}: the file is empty; expected a YAML mapping with at least name and title")
        _bound(node, label)
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
