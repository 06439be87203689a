"""Reading YAML into records, with errors that name the file, the line and the place.

Parsing uses libyaml's C loader when PyYAML has it. The node tree with line numbers is only built
when something is wrong, so loading a good file costs one parse.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from elo_coord._errors import MatrixFileError

__all__ = ["Source", "parse", "read", "suggest", "validate", "where"]

RecordT = TypeVar("RecordT", bound=BaseModel)

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that refuses duplicate keys instead of silently keeping the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
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
                    f"duplicate key {key!r} (first on line {seen[key]}); "
                    "remove one, or the later one would silently win",
                    key_node.start_mark,
                )
            if isinstance(key, Hashable):
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)


class Source:
    """The text of one file, kept so that errors can point at lines in it."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self._tree: yaml.Node | None = None

    def error(self, loc: Sequence[str | int], message: str, hint: str = "") -> MatrixFileError:
        """Return the one-line error for the place ``loc`` in this file."""
        return MatrixFileError(self.path, self.line(loc), where(loc), message, hint)

    def line(self, loc: Sequence[str | int]) -> int | None:
        """Return the 1-based line of the deepest node on the path ``loc``."""
        if self._tree is None:
            try:
                self._tree = yaml.compose(self.text, Loader=_BaseLoader)
            except yaml.YAMLError:
                return None
        node = self._tree
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


def read(path: str | Path) -> Source:
    """Read a UTF-8 file into a :class:`Source`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise MatrixFileError(path, None, "", f"cannot read the file: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise MatrixFileError(
            path, line, "", "the file is not UTF-8", "save it as UTF-8 in your editor"
        ) from None
    return Source(path, text)


def parse(source: Source) -> object:
    """Parse YAML text; a syntax error becomes a one-line :class:`MatrixFileError`."""
    try:
        return yaml.load(source.text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or "not valid YAML"
        context = f" {error.context}" if error.context and "duplicate" not in problem else ""
        raise MatrixFileError(
            source.path,
            line,
            "",
            f"YAML syntax: {problem}{context}",
            "" if "duplicate" in problem else "check indentation, colons and quotes on that line",
        ) from None
    except yaml.YAMLError as error:
        raise MatrixFileError(source.path, None, "", f"YAML syntax: {error}") from None


def validate(model: type[RecordT], data: object, source: Source) -> RecordT:
    """Validate ``data`` as ``model``; the first problem becomes a one-line error."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}, not a mapping of keys"
        raise source.error((), f"the file is {kind}", f"it should hold a {model.__name__} record")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise _explain(model, error, source) from None


def where(loc: Sequence[str | int]) -> str:
    """Format a path in a document: ``rows[3].regional.bodies[0]``."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def suggest(word: str, choices: Sequence[str]) -> str:
    """Return ``did you mean 'x'?`` for the closest choice, or an empty string."""
    from rapidfuzz import fuzz, process, utils

    match = process.extractOne(
        word, choices, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=60
    )
    return f"did you mean {match[0]!r}?" if match is not None else ""


def _explain(model: type[BaseModel], error: ValidationError, source: Source) -> MatrixFileError:
    first = error.errors(include_url=False)[0]
    loc: list[str | int] = [step for step in first["loc"] if isinstance(step, str | int)]
    kind = first["type"]
    given = first.get("input")
    if kind == "missing":
        return source.error(loc[:-1], f"missing key {loc[-1]!r}", "add it")
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = suggest(str(loc[-1]), allowed) if allowed else ""
        if not hint and allowed:
            hint = "allowed keys: " + ", ".join(allowed)
        return source.error(loc, f"unknown key {loc[-1]!r}", hint)
    if kind == "string_pattern_mismatch":
        return source.error(
            loc,
            f"{given!r} is not a valid id",
            "use letters, digits, '.', '_' and '-', starting with a letter or digit",
        )
    if kind.startswith(("date", "datetime")):
        return source.error(loc, f"{given!r} is not a date", "write dates as YYYY-MM-DD")
    message = first["msg"]
    message = message[0].lower() + message[1:]
    message = message.removeprefix("value error, ")
    shown = repr(given)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    got = f", got {shown}" if not isinstance(given, dict | list) else ""
    return source.error(loc, f"{message}{got}")


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
