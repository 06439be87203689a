"""Writing an edited matrix back into its file's text, changing only the lines the edit touches.

A facilitator's click changes one cell. Dumping the whole matrix again would unfold folded notes,
drop comments and blank lines, and reorder keys: the git history, the record of the forum's
decisions, would be noise. :func:`patch_text` instead finds the changed keys in the file's node
tree and replaces only their text, in the file's own indentation. It falls back to rewriting one
row, then the whole file, where the file's layout leaves no simpler way, and it checks its work:
the patched text must read back as exactly the new matrix.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

import yaml

from elo_coord._io import dump_assessments, dump_matrix, dump_yaml, plain_assessment, plain_row
from elo_coord._model import MATRIX_LEVELS, AssessmentFile, Matrix, Row

__all__ = ["patch_assessments", "patch_text"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ROW_KEYS = ("row", *(level.value for level in MATRIX_LEVELS), "note", "quotes")
_CELL_KEYS = ("bodies", "tasks")


class _UnpatchableError(Exception):
    """The file's layout leaves no safe way to patch; the caller rewrites more."""


def patch_text(text: str, old: Matrix, new: Matrix) -> str:
    """Return ``text`` (which holds ``old``) changed so that it holds ``new``.

    Only the keys whose values differ are rewritten; comments, blank lines, folded text and key
    order elsewhere stay as they were. Where that is not possible (rows removed or reordered, a
    header field changed, a file not in block layout) the whole matrix is written again, keeping
    the comment lines at the top of the file.

    Examples
    --------
    >>> from elo_coord import Matrix
    >>> text = '''# kommentti
    ... id: x
    ... kind: proposal
    ... strategy: elo-2020-2023
    ... date: 2022-03-18
    ... title: Esimerkki
    ... rows:
    ...   - row: T4.1
    ...     regional:
    ...       bodies: [ELY]   # aluetaso
    ...       tasks: []
    ... '''
    >>> old = Matrix.model_validate(yaml.safe_load(text))
    >>> rows = [{"row": "T4.1", "regional": {"bodies": ["ELY", "kunnat"]}}]
    >>> new = Matrix.model_validate({**old.model_dump(), "rows": rows})
    >>> print(patch_text(text, old, new), end="")
    # kommentti
    id: x
    kind: proposal
    strategy: elo-2020-2023
    date: 2022-03-18
    title: Esimerkki
    rows:
      - row: T4.1
        regional:
          bodies: [ELY, kunnat]   # aluetaso
          tasks: []
    """
    if old.model_dump(exclude={"rows"}) == new.model_dump(exclude={"rows"}):
        try:
            patched = _Patcher(text).rows(old.rows, new.rows)
        except (_UnpatchableError, yaml.YAMLError):
            patched = None
        if patched is not None and _reads_as(patched, new):
            return patched
    return _rewrite(text, new)


def patch_assessments(text: str, old: AssessmentFile, new: AssessmentFile) -> str:
    """Return ``text`` (which holds ``old``) changed so that it holds ``new``.

    A changed rating rewrites its own line; an assessment of a group (and assessor) the file did
    not hold is added at the end. Anything else — the header, assessments removed or reordered —
    writes the whole file again, keeping the comment lines at the top.

    Examples
    --------
    >>> text = '''id: arviot-2019
    ... scale: scale-2016
    ... year: 2019
    ... title: Arviot
    ... note: >-
    ...   Taitettu
    ...   huomautus.
    ... assessments:
    ...   - group: elo-lappi
    ...     by: self
    ...     areas:
    ...       viestinta: {step: 2}   # kommentti
    ... '''
    >>> old = AssessmentFile.model_validate(yaml.safe_load(text))
    >>> lappi = {"group": "elo-lappi", "by": "self", "areas": {"viestinta": {"step": 3}}}
    >>> new = AssessmentFile.model_validate({**old.model_dump(), "assessments": [lappi]})
    >>> print(patch_assessments(text, old, new), end="")
    id: arviot-2019
    scale: scale-2016
    year: 2019
    title: Arviot
    note: >-
      Taitettu
      huomautus.
    assessments:
      - group: elo-lappi
        by: self
        areas:
          viestinta: {step: 3}   # kommentti
    """
    if old.model_dump(exclude={"assessments"}) == new.model_dump(exclude={"assessments"}):
        try:
            patched = _Patcher(text).assessments(old, new)
        except (_UnpatchableError, yaml.YAMLError):
            patched = None
        if patched is not None and _reads_back(patched, new):
            return patched
    return _header(text) + dump_assessments(new)


def _header(text: str) -> str:
    """Return the comment lines at the top of ``text``: kept when the rest is written again."""
    header = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        header.append(line)
    return "".join(header)


def _reads_back(text: str, assessed: AssessmentFile) -> bool:
    try:
        return AssessmentFile.model_validate(yaml.load(text, Loader=_Loader)) == assessed
    except (yaml.YAMLError, ValueError):
        return False


def _rewrite(text: str, matrix: Matrix) -> str:
    """Return the whole matrix as text, keeping the comment lines at the top of ``text``."""
    return _header(text) + dump_matrix(matrix)


def _reads_as(text: str, matrix: Matrix) -> bool:
    try:
        read = Matrix.model_validate(yaml.load(text, Loader=_Loader))
    except (yaml.YAMLError, ValueError):
        return False
    if matrix.groups and not read.proposers:
        # The regions of a file that names groups follow from them when it is loaded.
        read = read.model_copy(update={"proposers": matrix.proposers})
    return read == matrix


class _Patcher:
    """Replacements in one text, found through its node tree and applied from the end."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.starts.append(index + 1)
        root = yaml.compose(text, Loader=_Loader)
        if not isinstance(root, yaml.MappingNode):
            raise _UnpatchableError
        self.root = root
        self.edits: list[tuple[int, int, str]] = []

    # --- positions -------------------------------------------------------------------------

    def offset(self, mark: Any) -> int:
        """Return the character offset of a mark (from line and column, which count characters)."""
        return int(self.starts[mark.line] + mark.column)

    def end(self, node: yaml.Node) -> int:
        """Where a node's own text ends (a block collection ends with its last item's text)."""
        if isinstance(node, yaml.MappingNode) and node.flow_style is False and node.value:
            return self.end(node.value[-1][1])
        if isinstance(node, yaml.SequenceNode) and node.flow_style is False and node.value:
            return self.end(node.value[-1])
        stop = self.offset(node.end_mark)
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            # A block scalar's mark ends after its line breaks, on the next key's line.
            while stop > 0 and self.text[stop - 1] in " \n":
                stop -= 1
        return stop

    def line_start(self, offset: int) -> int:
        return self.starts[bisect_right(self.starts, offset) - 1]

    def column(self, offset: int) -> int:
        return offset - self.line_start(offset)

    def indented(self, text: str, column: int) -> str:
        """``text`` (dumped at column 0, ending in a newline) with later lines at ``column``."""
        lines = text.rstrip("\n").split("\n")
        return "\n".join([lines[0], *(" " * column + line if line else line for line in lines[1:])])

    # --- the patch -------------------------------------------------------------------------

    def rows(self, old: Sequence[Row], new: Sequence[Row]) -> str:
        rows_node = _value(self.root, "rows")
        if not isinstance(rows_node, yaml.SequenceNode) or rows_node.flow_style:
            raise _UnpatchableError
        nodes = list(rows_node.value)
        if len(nodes) != len(old) or not all(isinstance(n, yaml.MappingNode) for n in nodes):
            raise _UnpatchableError
        new_ids = {row.row for row in new}
        kept = [row.row for row in new if any(r.row == row.row for r in old)]
        if kept != [row.row for row in old if row.row in new_ids]:
            raise _UnpatchableError  # rows reordered
        for row, node in zip(old, nodes, strict=True):
            if row.row not in new_ids:
                self.remove_row(node)
        by_id = dict(zip((row.row for row in old), zip(old, nodes, strict=True), strict=True))
        for index, row in enumerate(new):
            if row.row in by_id:
                before, node = by_id[row.row]
                if before != row:
                    self.row(node, before, row)
            else:
                self.insert_row(nodes, new, index, by_id)
        return self.applied()

    def assessments(self, old: AssessmentFile, new: AssessmentFile) -> str:
        seq = _value(self.root, "assessments")
        if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
            raise _UnpatchableError
        nodes = list(seq.value)
        if len(nodes) != len(old.assessments):
            raise _UnpatchableError
        later = {(a.group, a.by): a for a in new.assessments}
        kept = []
        for before, node in zip(old.assessments, nodes, strict=True):
            if (before.group, before.by) in later:
                kept.append((before, node))
            else:
                self.remove_row(node)
        if [(a.group, a.by) for a in new.assessments][: len(kept)] != [
            (a.group, a.by) for a, _ in kept
        ]:
            raise _UnpatchableError  # assessments reordered
        for before, node in kept:
            after = later[(before.group, before.by)]
            if before == after:
                continue
            areas = _value(node, "areas")
            if not isinstance(areas, yaml.MappingNode) or areas.flow_style or not areas.value:
                raise _UnpatchableError
            plain = plain_assessment(after)["areas"]
            for area in dict.fromkeys([*before.areas, *after.areas]):
                if area not in after.areas:
                    self.remove_key(areas, area)
                elif area not in before.areas:
                    self.insert_key(areas, list(plain), area, plain[area])
                elif before.areas[area] != after.areas[area]:
                    self.replace_key(areas, area, plain[area])
        added = new.assessments[len(kept) :]
        if added:
            if not kept:
                raise _UnpatchableError
            column = self.column(self.offset(kept[0][1].start_mark))
            text = self.indented(dump_yaml([plain_assessment(a) for a in added]), column - 2)
            at = self.end(kept[-1][1])
            self.edits.append((at, at, "\n" + " " * (column - 2) + text))
        return self.applied()

    def applied(self) -> str:
        """Return the text with every replacement made."""
        out = self.text
        for start, stop, replacement in sorted(self.edits, reverse=True):
            out = out[:start] + replacement + out[stop:]
        return out

    def row(self, node: yaml.MappingNode, old: Row, new: Row) -> None:
        before, after = plain_row(old), plain_row(new)
        for level in MATRIX_LEVELS:
            key = level.value
            if before[key] == after[key]:
                continue
            cell = _value(node, key)
            if cell is None:
                self.insert_key(node, _ROW_KEYS, key, after[key])
                continue
            if not isinstance(cell, yaml.MappingNode) or cell.flow_style:
                self.replace_key(node, key, after[key])
                continue
            for field in _CELL_KEYS:
                if before[key][field] == after[key][field]:
                    continue
                if _value(cell, field) is None:
                    self.insert_key(cell, _CELL_KEYS, field, after[key][field])
                else:
                    self.replace_key(cell, field, after[key][field])
        for key in ("note", "quotes"):
            if before.get(key) == after.get(key):
                continue
            if key not in after:
                self.remove_key(node, key)
            elif _value(node, key) is None:
                self.insert_key(node, _ROW_KEYS, key, after[key])
            else:
                self.replace_key(node, key, after[key])

    def remove_row(self, node: yaml.MappingNode) -> None:
        """Remove a row's lines, and one blank line that separated it from the next."""
        start = self.line_start(self.offset(node.start_mark))
        if self.text[start : self.offset(node.start_mark)].strip() != "-":
            raise _UnpatchableError  # the row does not start its own line
        stop = self.text.find("\n", self.end(node))
        stop = len(self.text) if stop < 0 else stop + 1
        if self.text.startswith("\n", stop):
            stop += 1
        elif start >= 2 and self.text[start - 2 : start] == "\n\n":
            start -= 1  # the last row: the blank line before it goes instead
        self.edits.append((start, stop, ""))

    def replace_key(self, mapping: yaml.MappingNode, key: str, value: object) -> None:
        key_node, value_node = _pair(mapping, key)
        start = self.offset(key_node.start_mark)
        text = self.indented(dump_yaml({key: value}), self.column(start))
        self.edits.append((start, self.end(value_node), text))

    def remove_key(self, mapping: yaml.MappingNode, key: str) -> None:
        key_node, value_node = _pair(mapping, key)
        start = self.line_start(self.offset(key_node.start_mark))
        if self.text[start : self.offset(key_node.start_mark)].strip():
            raise _UnpatchableError  # the key shares its line with something else
        stop = self.end(value_node)
        newline = self.text.find("\n", stop)
        self.edits.append((start, len(self.text) if newline < 0 else newline + 1, ""))

    def insert_key(
        self, mapping: yaml.MappingNode, order: Sequence[str], key: str, value: object
    ) -> None:
        if mapping.flow_style or not mapping.value:
            raise _UnpatchableError
        earlier = set(order[: order.index(key)])
        pairs = [(k, v) for k, v in mapping.value if k.value in earlier] or mapping.value[:1]
        value_node = pairs[-1][1]
        column = self.column(self.offset(mapping.value[0][0].start_mark))
        at = self.end(value_node)
        text = self.indented(dump_yaml({key: value}), column)
        self.edits.append((at, at, "\n" + " " * column + text))

    def insert_row(
        self,
        nodes: Sequence[yaml.MappingNode],
        new: Sequence[Row],
        index: int,
        by_id: dict[str, tuple[Row, yaml.MappingNode]],
    ) -> None:
        if not nodes:
            raise _UnpatchableError
        following = next((by_id[r.row][1] for r in new[index + 1 :] if r.row in by_id), None)
        column = self.column(self.offset(nodes[0].start_mark))
        text = self.indented(dump_yaml([plain_row(new[index])]), column - 2)
        blank = "\n" if self._blank_between(nodes) else ""
        if following is not None:
            at = self.line_start(self.offset(following.start_mark))
            self.edits.append((at, at, " " * (column - 2) + text + "\n" + blank))
        else:
            at = self.end(nodes[-1])
            self.edits.append((at, at, "\n" + blank + " " * (column - 2) + text))

    def _blank_between(self, nodes: Sequence[yaml.MappingNode]) -> bool:
        if len(nodes) < 2:
            return False
        gap = self.text[self.end(nodes[0]) : self.offset(nodes[1].start_mark)]
        return gap.count("\n") > 1


def _pair(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node]:
    found = [(k, v) for k, v in mapping.value if k.value == key]
    if len(found) != 1:
        raise _UnpatchableError
    return found[0]


def _value(mapping: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next(
        (v for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None
    )
