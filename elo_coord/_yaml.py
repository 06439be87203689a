"""Reading YAML into records, with errors that name the file, the line and the place.

Parsing uses libyaml's C loader when PyYAML has it. The node tree with line numbers is only built
when something is wrong, so loading a good file costs one parse.

Every file is untrusted input: whatever it holds, reading it ends in a record or in one
:class:`~elo_coord.MatrixFileError` line, never a traceback, a hang or a crash. Limits that keep
the work bounded are checked before the expensive step they protect:

=======================  =========================  ==========================================
limit                    value                      checked
=======================  =========================  ==========================================
kind of file             regular files only         :func:`read`, before opening (and again on
                                                    the open file, which is opened non-blocking)
file size                ``MAX_FILE_BYTES``         :func:`read`, before reading; :func:`parse`
control characters       none but tab and breaks    :func:`parse`, one regex over the text
nesting depth            ``MAX_DEPTH``              :func:`parse`, counted on libyaml's event
                                                    stream before any tree is built (libyaml's
                                                    parser keeps its own stack, so a deep file
                                                    cannot overflow the C or Python stack)
nodes                    ``MAX_NODES``              :func:`parse`, the same event scan
scalar length            ``MAX_SCALAR_CHARS``       :func:`parse`, the same event scan
anchors and aliases      refused                    :func:`parse`, the same event scan
number length            ``MAX_NUMBER_CHARS``       when an int or a float is constructed
=======================  =========================  ==========================================

Any other exception PyYAML raises while building values (an impossible date, ``!!int`` on a
word, ``!!map`` on a scalar) becomes a :class:`~elo_coord.MatrixFileError` on the node's line.
"""

from __future__ import annotations

import os
import re
import stat
import types
import typing
from collections.abc import Hashable, Iterable, Sequence, Sized
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from elo_coord._errors import MatrixFileError

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_NUMBER_CHARS",
    "MAX_SCALAR_CHARS",
    "Source",
    "parse",
    "read",
    "suggest",
    "validate",
    "where",
]

RecordT = TypeVar("RecordT", bound=BaseModel)

_MORE_SHOWN = 9
"""Further validation problems of one file described beside the first."""

MAX_FILE_BYTES = 5_000_000
"""Largest file read, in bytes (the largest shipped file is 17 kB)."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists (a matrix nests 7 levels)."""
MAX_NODES = 50_000
"""Most values (scalars, mappings and lists) in one file (the largest shipped file has 1,013)."""
MAX_SCALAR_CHARS = 100_000
"""Longest single value or key, in characters."""
MAX_NUMBER_CHARS = 100
"""Longest text read as a number: Python refuses ints over 4,300 digits, and base-60 ints
(``1:2:3``) take time quadratic in their length."""

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What YAML 1.1 allows in a stream (PyYAML's and libyaml's readers use the same set).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# What libyaml counts as a line break, so that our line numbers agree with its marks.
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "escape",
    0x7F: "DEL",
}
_SYNTAX_HINT = "check indentation, colons and quotes on that line"
_VALUE_HINT = "write plain values; matrix files need no tags (!!name), merge keys (<<) or ? keys"
_NODE_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_NODE_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_TAG_WORDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:binary": "base64 data",
}


class _Refused(yaml.MarkedYAMLError):
    """A value or a shape the loader will not take, with what to do about it."""

    def __init__(self, problem: str, mark: Any, hint: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.hint = hint


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that refuses duplicate keys and turns every failure into a marked error."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception as error:  # PyYAML's constructors raise anything on junk values
            raise _value_error(node, error) from None

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Hashable, Any]:
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(
                        "a merge key (<<) would copy values in without a word",
                        key_node.start_mark,
                        "write the keys out in full",
                    )
        if not isinstance(node, yaml.MappingNode):
            raise _Refused(
                f"a {_kind(node)} tagged !!{_short_tag(node)} cannot be read as a mapping",
                node.start_mark,
                "remove the tag",
            )
        # Equal keys have equal scalar values (the text after quotes and escapes), so a mapping
        # whose key values all differ needs no closer look. Only keys of other types (1 and 1.0,
        # true and True) can be equal with different texts, and no record has such keys.
        texts = [key_node.value for key_node, _ in node.value]
        if all(isinstance(text, str) for text in texts) and len(set(texts)) == len(texts):
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]
        seen: dict[Hashable, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {_shown(key)} (first on line {seen[key]}); "
                    "remove one, or the later one would silently win",
                    key_node.start_mark,
                )
            if isinstance(key, Hashable):
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_yaml_int(self, node: yaml.Node) -> int:
        _check_number(node)
        return super().construct_yaml_int(node)  # type: ignore[no-any-return]

    def construct_yaml_float(self, node: yaml.Node) -> float:
        _check_number(node)
        return super().construct_yaml_float(node)  # type: ignore[no-any-return]


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return "list" if isinstance(node, yaml.SequenceNode) else "scalar"


def _short_tag(node: yaml.Node) -> str:
    return str(node.tag).removeprefix("tag:yaml.org,2002:")[:40]


def _check_number(node: yaml.Node) -> None:
    if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_NUMBER_CHARS:
        raise _Refused(
            f"a number of {len(node.value):,} characters; "
            f"numbers over {MAX_NUMBER_CHARS} characters are refused",
            node.start_mark,
            "quote it if it is text",
        )


def _value_error(node: yaml.Node, error: Exception) -> _Refused:
    """Describe a value PyYAML could not build (``!!int x``, ``2022-02-30``) at its node."""
    tag = str(node.tag)
    if tag == "tag:yaml.org,2002:timestamp":
        what, hint = "a date", "write a real date as YYYY-MM-DD, or quote it if it is text"
    else:
        what = _TAG_WORDS.get(tag, f"a !!{_short_tag(node)} value")
        hint = f"fix the value, or remove the !!{_short_tag(node)} tag"
    value = _shown(node.value) if isinstance(node.value, str) else f"this {_kind(node)}"
    # Python's own words help for dates ("day is out of range for month") when they are short.
    reason = _one_line(str(error)) if isinstance(error, ValueError) and what == "a date" else ""
    if len(reason) > 60:
        reason = ""
    return _Refused(
        f"{value} is not {what}" + (f" ({reason})" if reason else ""), node.start_mark, hint
    )


class Source:
    """The text of one file, kept so that errors can point at lines in it."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def error(self, loc: Sequence[str | int], message: str, hint: str = "") -> MatrixFileError:
        """Return the one-line error for the place ``loc`` in this file."""
        return MatrixFileError(
            self.path, self.line(loc), where(loc), _one_line(message)[:500], _one_line(hint)[:500]
        )

    def line(self, loc: Sequence[str | int]) -> int | None:
        """Return the 1-based line of the deepest node on the path ``loc``."""
        node = _tree(self.text)
        if node is None:
            return None
        for depth, step in enumerate(loc, start=1):
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(step):
                        # A key's own line for the last step, so errors land on "key: value".
                        child = key_node if depth == len(loc) else value_node
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                child = node.value[step] if 0 <= step < len(node.value) else None
            if child is None:
                break
            node = child
        return int(node.start_mark.line) + 1


@lru_cache(maxsize=4)
def _tree(text: str) -> yaml.Node | None:
    """Return the node tree of ``text``, or ``None`` when it cannot be built safely.

    Cached by text: the CLI asks for the lines of many findings in one file, each time through a
    fresh :class:`Source`.
    """
    try:
        _check_text(text, Path())
        _check_events(text)
        return yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, MatrixFileError):
        return None


def read(path: str | Path) -> Source:
    """Read a UTF-8 regular file into a :class:`Source`.

    Only regular files are read (not a FIFO, which would block, nor a device such as
    ``/dev/zero``, which never ends), and none over :data:`MAX_FILE_BYTES`.
    """
    path = Path(path)
    try:
        _refuse_irregular(path, path.stat())
        # Non-blocking, so that a file swapped for a FIFO after the check cannot hang the open.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _O_BINARY)
        with os.fdopen(handle, "rb") as file:
            _refuse_irregular(path, os.fstat(file.fileno()))
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise MatrixFileError(path, None, "", f"cannot read the file: {reason}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(path, len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise MatrixFileError(
            path, line, "", "the file is not UTF-8", "save it as UTF-8 in your editor"
        ) from None
    return Source(path, text)


_O_BINARY: int = getattr(os, "O_BINARY", 0)


def _refuse_irregular(path: Path, status: os.stat_result) -> None:
    mode = status.st_mode
    if stat.S_ISREG(mode):
        if status.st_size > MAX_FILE_BYTES:
            raise _too_big(path, status.st_size)
        return
    kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else None
    if kind is None:
        kind = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
    raise MatrixFileError(
        path,
        None,
        "",
        f"the path is {kind}; only regular files are read",
        "give the path of a .yaml file",
    )


def _too_big(path: Path, size: int) -> MatrixFileError:
    shown = f"{size / 1_000_000:,.1f} MB"
    return MatrixFileError(
        path,
        None,
        "",
        f"the file is {shown}; files over {MAX_FILE_BYTES // 1_000_000} MB are refused",
        "split it into smaller files",
    )


def parse(source: Source) -> object:
    """Parse YAML text; whatever is wrong becomes a one-line :class:`MatrixFileError`.

    The text's size, characters and shape (depth, nodes, value lengths, no aliases) are checked
    before the loader builds anything.
    """
    _check_text(source.text, source.path)
    try:
        _check_events(source.text)
        return yaml.load(source.text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = _one_line(error.problem or "not valid YAML")
        if isinstance(error, _Refused):
            raise MatrixFileError(source.path, line, "", problem, error.hint) from None
        duplicate = "duplicate" in problem
        constructing = isinstance(error, yaml.constructor.ConstructorError)
        hint = _VALUE_HINT if constructing else _SYNTAX_HINT
        context = _one_line(error.context or "") if not duplicate else ""
        if problem.startswith("but found") and context:
            text = f"{context}, {problem}"  # "expected a single document …, but found another"
        else:
            text = f"{problem} {context}" if context else problem
        raise MatrixFileError(
            source.path,
            line,
            "",
            f"YAML syntax: {text}",
            "" if duplicate else hint,
        ) from None
    except yaml.YAMLError as error:
        position = getattr(error, "position", None)
        line = _line_at(source.text, position) if isinstance(position, int) else None
        raise MatrixFileError(
            source.path, line, "", f"YAML syntax: {_one_line(str(error))[:200]}"
        ) from None
    except (RecursionError, MemoryError):
        # The limits above should make these unreachable; a crash is still not an answer.
        raise MatrixFileError(
            source.path, None, "", "the file is too complex to read", "simplify it"
        ) from None


def _check_text(text: str, path: Path) -> None:
    """Refuse text over the size limit or with characters YAML does not allow."""
    if len(text) > MAX_FILE_BYTES:
        raise _too_big(path, len(text.encode("utf-8", "surrogatepass")))
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        code = ord(bad.group())
        control = code < 0x20 or 0x7F <= code <= 0x9F
        name = _CONTROL_NAMES.get(code)
        what = f"{name} (U+{code:04X})" if name else f"the character U+{code:04X}"
        if name is None and control:
            what = f"the control character U+{code:04X}"
        raise MatrixFileError(
            path,
            _line_at(text, bad.start()),
            "",
            f"the file contains {what}, which YAML does not allow",
            "delete it; only tabs and line breaks may be invisible",
        )


def _check_events(text: str) -> None:
    """Refuse deep nesting, too many nodes, huge values and aliases, reading libyaml's events.

    libyaml's parser keeps its own stack, so walking the events never recurses however deep the
    file; the walk stops at the first limit crossed.
    """
    depth = 0
    nodes = 0
    events: Iterable[Any] = yaml.parse(text, Loader=_BaseLoader)
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            nodes += 1
            if len(event.value) > MAX_SCALAR_CHARS:
                raise _Refused(
                    f"a value of {len(event.value):,} characters; "
                    f"values over {MAX_SCALAR_CHARS:,} characters are refused",
                    event.start_mark,
                    "shorten it, or keep long texts in a separate document and link to it",
                )
        elif kind in _NODE_START:
            nodes += 1
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(
                    f"the data nests more than {MAX_DEPTH} levels deep",
                    event.start_mark,
                    "a matrix nests 7 levels; check the brackets and indentation",
                )
        elif kind in _NODE_END:
            depth -= 1
            continue
        elif kind is yaml.AliasEvent:
            raise _Refused(
                "YAML aliases (*name) are not allowed in these files",
                event.start_mark,
                "write the value out in full",
            )
        else:
            continue
        if event.anchor is not None:
            raise _Refused(
                "YAML anchors (&name) are not allowed in these files",
                event.start_mark,
                "remove the anchor and write values out in full",
            )
        if nodes > MAX_NODES:
            raise _Refused(
                f"the file holds more than {MAX_NODES:,} values; larger files are refused",
                event.start_mark,
                "split it into smaller files",
            )


def _line_at(text: str, position: int) -> int:
    """Return the 1-based line of ``position`` in ``text``, counting breaks as libyaml does."""
    return len(_BREAK.findall(text, 0, position)) + 1


def _one_line(text: str) -> str:
    """Return ``text`` with its line breaks (which would split an error line) made spaces."""
    if text.isprintable():
        return text
    return " ".join(text.split())


def validate(model: type[RecordT], data: object, source: Source) -> RecordT:
    """Validate ``data`` as ``model``; a problem becomes a one-line error.

    The error is the first problem; the next ones (up to nine, and how many there are in all)
    ride along in its ``more`` and ``more_count``, for ``elo-coord validate`` to list.
    """
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}, not a mapping of keys"
        raise source.error((), f"the file is {kind}", f"it should hold a {model.__name__} record")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = error.errors(include_url=False)
        first = _explain(model, problems[0], source)
        first.more = tuple(_explain(model, p, source) for p in problems[1 : _MORE_SHOWN + 1])
        first.more_count = len(problems) - 1
        raise first from None


def where(loc: Sequence[str | int]) -> str:
    """Format a path in a document: ``rows[3].regional.bodies[0]``.

    Keys that are not plain words (a line break, a space, a very long key) are shown quoted, so
    the path stays on one short line.
    """
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        elif not _PLAIN_KEY.fullmatch(step):
            out += f"[{_shown(step)}]"
        else:
            out += f".{step}" if out else step
    return out


_PLAIN_KEY = re.compile(r"[\w.\-]{1,60}")


def suggest(word: str, choices: Sequence[str]) -> str:
    """Return ``did you mean 'x'?`` for the closest choice, or an empty string."""
    from rapidfuzz import fuzz, process, utils

    match = process.extractOne(
        word, choices, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=60
    )
    return f"did you mean {match[0]!r}?" if match is not None else ""


def _explain(model: type[BaseModel], first: Any, source: Source) -> MatrixFileError:
    loc: list[str | int] = [step for step in first["loc"] if isinstance(step, str | int)]
    kind = first["type"]
    given = first.get("input")
    if kind == "missing" and loc:
        return source.error(loc[:-1], f"missing key {_shown(loc[-1])}", "add it")
    if kind == "extra_forbidden" and loc:
        allowed = _fields_at(model, loc[:-1])
        hint = suggest(str(loc[-1])[:100], allowed) if allowed else ""
        if not hint and allowed:
            hint = "allowed keys: " + ", ".join(allowed)
        return source.error(loc, f"unknown key {_shown(loc[-1])}", hint)
    if kind == "string_pattern_mismatch":
        return source.error(
            loc,
            f"{_shown(given)} is not a valid id",
            "use letters, digits, '.', '_' and '-', starting with a letter or digit",
        )
    if kind.startswith(("date", "datetime")):
        return source.error(loc, f"{_shown(given)} is not a date", "write dates as YYYY-MM-DD")
    # Pydantic's words for a wrong shape speak Python; say what the file should hold instead.
    if kind in _SHAPES:
        what, hint = _SHAPES[kind]
        return source.error(loc, f"expected {what}, got {_described(given)}", hint)
    message = str(first["msg"])[:300]
    message = message[:1].lower() + message[1:]
    message = message.removeprefix("value error, ")
    got = f", got {_shown(given)}" if not isinstance(given, dict | list) else ""
    return source.error(loc, f"{message}{got}")


_SHAPES = {
    "dict_type": ("keys and values here", "write key: value lines (or {key: value})"),
    "model_type": ("keys and values here", "write key: value lines (or {key: value})"),
    "model_attributes_type": ("keys and values here", "write key: value lines (or {key: value})"),
    "tuple_type": ("a list here", "write one '- item' per line (or [a, b])"),
    "list_type": ("a list here", "write one '- item' per line (or [a, b])"),
    "bool_type": ("true or false", "write true or false"),
    "bool_parsing": ("true or false", "write true or false"),
    "string_type": ("a text here", "quote it if it should be text"),
    "int_type": ("a whole number", "write digits only"),
    "int_parsing": ("a whole number", "write digits only"),
}
"""Pydantic error types for a wrong shape: what the file should hold there, and how to write it."""


def _described(value: object) -> str:
    """Name what a file holds, in its own words: a list, keys and values, or the value itself."""
    if isinstance(value, dict):
        return "keys and values"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} items"
    return _shown(value)


def _shown(value: object, width: int = 60) -> str:
    """Return a repr of a value from a file that is short and cheap, however big the value.

    A whole ``repr`` of a big list (or of one that holds itself) could take minutes or never end,
    and Python refuses to write ints over 4,300 digits.
    """
    if isinstance(value, str | bytes):
        text = repr(value[: width + 1])
    elif isinstance(value, int) and value.bit_length() > 3 * width:
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    elif isinstance(value, date):  # a datetime too: as written, not as Python's repr
        text = repr(value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat())
    elif value is None or isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, Sized):
        return f"a {type(value).__name__} of {len(value):,} items"
    else:
        return f"a {type(value).__name__}"
    return text if len(text) <= width else text[: width - 3] + "..."


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Return the field names of the record found by following ``loc`` from ``model``."""
    current: object = model
    for step in loc:
        if isinstance(step, int):
            continue
        record = _record_in(current)
        if record is None or step not in record.model_fields:
            return []
        current = record.model_fields[step].annotation
    record = _record_in(current)
    return list(record.model_fields) if record is not None else []


def _record_in(annotation: object) -> type[BaseModel] | None:
    """Find the record class inside an annotation such as ``tuple[Annotated[Row, ...], ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _record_in(typing.get_args(annotation)[0])
    if origin in {tuple, list, dict, typing.Union, types.UnionType}:
        for arg in typing.get_args(annotation):
            found = _record_in(arg)
            if found is not None:
                return found
    return None
