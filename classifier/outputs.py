"""One rule for every file the product writes (batch output, review file, summary, evaluation
errors, model folders).

- A target is checked before any work starts: it is not an input, not another output of the
  same run, not a device, pipe or socket, not an existing file unless ``overwrite`` is given,
  and its folder exists and is writable.
- Content goes to a temporary file beside the target and is published only when everything
  of the run succeeded; without ``overwrite`` the publication refuses a file that appeared in
  the meantime (hard link, which fails if the name exists).
- A new file follows the umask; an overwritten file keeps its permissions.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from . import config

STDIO = "-"


class OutputError(ValueError):
    """An output target is not acceptable (exists, is an input, folder missing, …)."""


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


#: Bytes ``temp_beside`` adds to a target's name: ".", ".", a process ID, "-", 8 random
#: characters and ".part".
_TEMP_EXTRA = 1 + 1 + 10 + 1 + 8 + 5


def _name_max(folder: Path) -> int:
    """The longest file name the folder's file system takes (255 where it does not say)."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _resolved(path: str) -> Path:
    """An input's absolute path, its links followed as far as they go (a link loop stays as
    named: reading it fails with its own message)."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        return Path(os.path.abspath(path))


def _check_name(option: str, path: str, name_max: int = 255) -> None:
    """Refuse a target whose name leaves no room for its temporary file beside it."""
    longest = name_max - _TEMP_EXTRA
    if len(os.fsencode(Path(path).name)) > longest:
        raise OutputError(f"{option} {path}: the name is too long to write beside it (at most {longest} bytes, "
                          "a Chinese character counting 3); choose a shorter name")


#: Names of a process's open streams (/dev/stdout, /dev/fd/1, /proc/self/fd/2): whatever they point
#: at (a terminal, a pipe, or the file a shell redirected to), a run never replaces them.
_STREAM = re.compile(r"^/(?:dev/(?:stdout|stderr|stdin|fd/\d+)|proc/(?:self|thread-self|\d+)/fd/\d+)$")


def _special(path: str) -> bool:
    """Whether ``path`` names an open stream (``_STREAM``) or (its link followed, as /dev/stdout to
    a pipe) is there and is no regular file or folder: a device, pipe or socket."""
    if _STREAM.match(os.path.abspath(path)):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def check_targets(targets: Iterable[tuple[str, str | None]], *, inputs: Iterable[str | None] = (),
                  overwrite: bool = False) -> None:
    """Validate named output targets (``(option, path)`` pairs; None skipped) before any work.

    Raises OutputError naming the option at fault."""
    seen: dict[Path, str] = {}
    stdout_used: str | None = None
    ins = [_resolved(p) for p in inputs if p and p != STDIO]
    for option, path in targets:
        if not path:
            continue
        if path == STDIO:
            if stdout_used:
                raise OutputError(f"{option} and {stdout_used} both write to standard output; give one of them a file")
            stdout_used = option
            continue
        _check_name(option, path)
        try:
            target = Path(path).resolve()
        except (RuntimeError, OSError) as exc:  # a link loop (RuntimeError before Python 3.13)
            raise OutputError(f"{option} {path}: {getattr(exc, 'strerror', None) or exc}; name a file") from None

        if any(target == i or _same(target, i) for i in ins):
            raise OutputError(f"{option} {path} is an input of this run; choose another path")
        for other, opt in seen.items():
            if target == other or _same(target, other):
                raise OutputError(f"{option} {path} is also {opt}; give each output its own path")
        seen[target] = option
        if target.is_dir():
            raise OutputError(f"{option} {path} is a folder; name a file")
        if _special(path):  # never replaced, --overwrite or not
            what = ("names a stream of the process (standard output, error or input)"
                    if _STREAM.match(os.path.abspath(path)) else "is not a regular file (a device, pipe or socket)")
            raise OutputError(f"{option} {path} {what}; name a file"
                              + (" or '-' for standard output" if option in ("-o", "--output") else ""))
        if target.exists() and not overwrite:
            raise OutputError(f"{option} {path} exists; pass --overwrite to replace it")
        folder = target.parent
        shown = folder if os.path.islink(path) else Path(path).parent  # a link: the folder of its target
        shown = Path(os.path.abspath(shown))  # '.' names no folder a user can find in a message
        if not folder.is_dir():
            raise OutputError(f"{option}: the folder {shown} does not exist; create it first")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"{option}: the folder {shown} is not writable")
        _check_name(option, through_link(path), _name_max(folder))


def through_link(path: str | Path) -> str:
    """The file a target names: a symbolic link's target (written through, as a shell's ``>``
    would; the link stays), else the path itself."""
    path = str(path)
    return os.path.realpath(path) if os.path.islink(path) else path


def temp_beside(path: str | Path, *, suffix: str = ".part") -> tuple[int, str]:
    """A new temporary file (fd, name) in the target's folder, hidden, marked as partial and
    named with the writing process's ID (``.out.csv.<pid>-<random>.part``: ``leftover_parts``)."""
    path = through_link(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        return tempfile.mkstemp(prefix=f".{os.path.basename(path)}.{os.getpid()}-", suffix=suffix, dir=folder)
    except OSError as exc:  # a folder that passes os.access but refuses files (/sys, a read-only mount as root)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise OutputError(f"{path}: the folder {folder} cannot be written ({exc.strerror}); "
                              "choose another folder") from None
        raise


_WRITER = re.compile(r"(\d+)-[^.]*\.part")


def _ended(pid: int) -> bool:
    """Whether no process of that ID runs (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        pass
    return False


def leftover_parts(path: str | Path, *, clean: bool = False) -> tuple[list[str], list[str]]:
    """Temporary files (``temp_beside``) of ``path`` still there, as (removed, kept) names.

    A run killed outright (SIGKILL, the out-of-memory killer) cannot remove its own. With
    ``clean``, a part whose writing process has ended and that has not changed for
    ``config.STALE_PART_AFTER`` seconds is removed; another (a run still under way, or a name without a
    process ID) is kept and named."""
    if str(path) == STDIO:
        return [], []
    folder, name = os.path.split(os.path.abspath(through_link(path)))
    try:
        parts = sorted(n for n in os.listdir(folder) if n.startswith(f".{name}.") and n.endswith(".part"))
    except OSError:
        return [], []
    if not clean:
        return [], parts
    removed, kept = [], []
    old = time.time() - config.STALE_PART_AFTER
    for part in parts:
        full = os.path.join(folder, part)
        writer = _WRITER.fullmatch(part[len(name) + 2:])
        try:
            if writer and _ended(int(writer[1])) and os.stat(full).st_mtime <= old:
                os.unlink(full)
                removed.append(part)
                continue
        except FileNotFoundError:  # its run has just published or removed it
            continue
        except OSError:
            pass
        kept.append(part)
    return removed, kept


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(tmp: str, path: str | Path, *, overwrite: bool) -> None:
    """Move the finished temporary file ``tmp`` to ``path``.

    Without ``overwrite`` a file that exists at ``path`` now (created during the run) is never
    replaced: OutputError, and ``tmp`` is removed. New files get the umask's permissions; a
    replaced file keeps its mode. A symbolic link is written through (``through_link``)."""
    path = through_link(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError:
        mode = 0o666 & ~_umask()
    os.chmod(tmp, mode)
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        os.unlink(tmp)
        raise OutputError(f"{path} appeared while the run was going; it was left as it is "
                          "(pass --overwrite to replace it)") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        # The file system has no hard links: check again and rename (a small window remains).
        if os.path.exists(path):
            os.unlink(tmp)
            raise OutputError(f"{path} appeared while the run was going; it was left as it is") from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def discard(tmp: str | None) -> None:
    """Remove a temporary file if it is still there."""
    if tmp:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def temp_text(path: str, text: str, *, encoding: str = "utf-8") -> str:
    """``text`` in a new temporary file beside ``path``, to be published later; its name."""
    fd, tmp = temp_beside(path)
    try:
        with open(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
    except BaseException:
        discard(tmp)
        raise
    return tmp


def write_text(path: str, text: str, *, overwrite: bool, encoding: str = "utf-8") -> None:
    """Write a whole small text file by the rule (temporary file, then publish)."""
    tmp = temp_text(path, text, encoding=encoding)
    try:
        publish(tmp, path, overwrite=overwrite)
    except BaseException:
        discard(tmp)
        raise
