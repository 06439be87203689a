"""Writing a user's files so that nothing is lost: locked, atomic, durable, and said in one line.

Every file elo_coord writes goes through :func:`write_atomic`. Within one folder, writers take an
exclusive lock (``fcntl.flock`` on the folder itself), so checking that
the file still holds what was read and replacing it happen as one step: two facilitators saving
at once cannot both be told "saved" while one edit vanishes. The new text goes to a temporary
file in the same folder, is flushed to disk, and is renamed over the old one; the folder is then
flushed too, so a power cut leaves either the old file or the new, never half of one. A symbolic
link is followed to its target, whose mode (and, where allowed, owner) is kept, as are a
byte-order mark and Windows line ends. Temporary files left by a writer that was killed are
removed by the next writer, under the lock.

Where ``fcntl`` does not exist (Windows), writes are still atomic renames, but two processes can
race between the check and the rename; docs/reliability.md says so.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from elo_coord._errors import FileChangedError, WriteError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "append_lines",
    "clean_folder",
    "folder_lock",
    "target_of",
    "write_atomic",
    "write_bytes_atomic",
]
_TEMPORARY = ".tmp"
_LEFTOVER = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
"""A temporary file as :func:`tempfile.mkstemp` names ours: ``.lappi.yaml.k2j4_x9a.tmp``."""


def target_of(path: str | Path) -> Path:
    """Return the file ``path`` names, a symbolic link followed to its target."""
    return Path(os.path.realpath(path))


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the exclusive write lock of ``folder`` (a no-op where ``fcntl`` is missing).

    The lock is taken on the folder itself, so that no lock file is left among the user's files.
    """
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise _write_error(folder, error) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def write_atomic(
    path: str | Path,
    text: str,
    *,
    expected: str | None = None,
    log: Path | None = None,
    log_lines: str = "",
) -> None:
    """Replace ``path`` with ``text`` atomically, if it still holds ``expected``.

    Parameters
    ----------
    path
        The file; a symbolic link is followed and its target replaced.
    text
        The new content. Written as UTF-8, with the file's byte-order mark and line ends kept.
    expected
        What the file must hold now (as read with universal newlines); ``None`` means it must not
        exist. Checked under the folder's lock, so no other writer can slip in between.

    Raises
    ------
    FileChangedError
        The file does not hold ``expected``; nothing was written.
    WriteError
        The system refused (permissions, a full disk, a folder where the file should be …);
        nothing was changed.
    """
    target = target_of(path)
    with folder_lock(target.parent):
        _remove_temporaries(target.parent)
        raw = _read_bytes(target)
        current = None if raw is None else _decode(raw, target)
        if current != expected:
            what = "exists already" if expected is None else "changed on disk since it was read"
            if current is None:
                what = "was removed since it was read"
            raise FileChangedError(
                f"{path}: {what}; nothing was written — reload it, or save under another name"
            )
        newline = "\r\n" if raw is not None and b"\r\n" in raw else "\n"
        try:
            _replace(target, text.replace("\n", newline).encode("utf-8"), raw is not None)
        except OSError as error:
            raise _write_error(Path(path), error) from None
        if log is not None and log_lines:
            append_lines(log, log_lines)


def write_bytes_atomic(path: str | Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` (a workbook …) to ``path`` atomically, as :func:`write_atomic` writes text.

    Parameters
    ----------
    path
        The file; a symbolic link is followed and its target replaced.
    data
        The new content.
    overwrite
        Replace the file if it exists; by default an existing file is refused.

    Raises
    ------
    FileChangedError
        The file exists and ``overwrite`` is false; nothing was written.
    WriteError
        The system refused; nothing was changed.
    """
    target = target_of(path)
    with folder_lock(target.parent):
        _remove_temporaries(target.parent)
        exists = target.exists()
        if exists and not overwrite:
            raise FileChangedError(
                f"{path}: exists already; nothing was written — overwrite it on purpose (--force),"
                " or write under another name"
            )
        try:
            _replace(target, data, exists)
        except OSError as error:
            raise _write_error(Path(path), error) from None


def append_lines(path: Path, lines: str) -> None:
    """Append whole lines to ``path`` durably, first cutting off a torn last line, if any.

    Call it under the folder's lock. A line torn by a crash (no newline at the end) is removed,
    so that every line in the file is one whole record.
    """
    try:
        with path.open("ab+") as log:
            size = log.seek(0, os.SEEK_END)
            if size:
                log.seek(max(0, size - 1))
                if log.read(1) != b"\n":
                    log.seek(0)
                    data = log.read()
                    log.truncate(data.rfind(b"\n") + 1)
                    log.seek(0, os.SEEK_END)
            log.write(lines.encode("utf-8"))
            log.flush()
            os.fsync(log.fileno())
        _sync_folder(path.parent)
    except OSError as error:
        raise _write_error(path, error) from None


def clean_folder(folder: Path) -> None:
    """Remove the temporary files that killed writers left in ``folder``, under its lock."""
    try:
        with folder_lock(folder):
            _remove_temporaries(folder)
    except WriteError:
        pass  # a folder we may not write to holds none of our temporaries to remove


# --- inside ------------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _write_error(path, error) from None


def _decode(raw: bytes, path: Path) -> str:
    """Return the text as :meth:`Path.read_text` gives it (universal newlines, BOM kept)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FileChangedError(
            f"{path}: is no longer UTF-8 text; nothing was written — reload it"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _replace(target: Path, data: bytes, exists: bool) -> None:
    info = target.stat() if exists else None
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=_TEMPORARY
    )
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).chmod(info.st_mode & 0o7777 if info else 0o644)
        if info is not None:
            with suppress(OSError):  # only root may give a file to someone else
                os.chown(temporary, info.st_uid, info.st_gid)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk, so that a rename survives a power cut (POSIX only)."""
    if os.name != "posix":  # pragma: no cover
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _remove_temporaries(folder: Path) -> None:
    """Remove temporary files of writers that died: under the lock, no writer is live."""
    if fcntl is None:  # pragma: no cover - without a lock another writer may be mid-write
        return
    for leftover in folder.glob(f".*{_TEMPORARY}"):
        if _LEFTOVER.match(leftover.name):
            with suppress(OSError):
                leftover.unlink()


def _write_error(path: Path, error: OSError) -> WriteError:
    reason = error.strerror or type(error).__name__
    hints = {
        "EACCES": "check the folder's permissions, or save under another name",
        "EPERM": "check the folder's permissions, or save under another name",
        "ENOSPC": "free some disk space, then save again",
        "EISDIR": "a folder has that name: choose a file name",
        "EROFS": "the disk is read-only: save under another name",
        "ENOENT": "the folder does not exist: create it, or choose another",
    }
    code = errno.errorcode.get(error.errno or 0, "")
    hint = hints.get(code, "save again, or under another name")
    return WriteError(f"{path}: cannot write: {reason}; nothing was changed — {hint}")
