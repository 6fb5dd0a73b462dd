"""Reading the corpus: which files are documents, how they are decoded, and their dates.

Nothing here raises on a bad document: a file that cannot be used becomes a `Skipped`
record naming the file and the reason, and the rest of the corpus goes on. What the user
must fix first (the input folder, the metadata) raises `UsageError`, naming the file.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.records import UNPRINTABLE, format_path
from pipeline.stages.s01_read.decode import decode

DEFAULT_MAX_BYTES = 10_000_000
METADATA_FILE = "documents.csv"
GOLD_DIR = "gold"
# Every output folder holds this file (the lock of the run writing it, see s10_tables): a
# folder that has it holds tables, not documents, and is not read even inside the input.
OUTPUT_MARK = ".extract.lock"

# What a file that is not a regular file is, by its stat mode.
_KINDS = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
          (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "folder"))  # fmt: skip


@dataclass(frozen=True)
class Skipped:
    path: str  # as format_path writes it
    reason: str


class UsageError(ValueError):
    """A problem with the user's arguments or files, naming the file: the run does not start."""


class MetadataError(UsageError):
    """A problem in corpus/documents.csv, naming the file and line."""


def _kind(mode: int) -> str | None:
    """None for a regular file, else what it is («FIFO», «character device», ...)."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "special file")


class _NotRegular(Exception):
    """The file is not a regular file; the message says what it is."""


def _read_at_most(path: Path, max_bytes: int | None) -> bytes:
    """Up to max_bytes + 1 bytes of a regular file (all with None); _NotRegular for anything else.

    The file is checked before it is opened (opening a FIFO waits for a writer, a device
    may do anything), and again once open, non-blocking, in case it was replaced between.
    The limit counts the bytes read: /proc files and growing files lie in stat.
    """
    kind = _kind(os.stat(path).st_mode)
    if kind is None:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with io.FileIO(descriptor, "r") as handle:
            kind = _kind(os.fstat(descriptor).st_mode)
            if kind is None:
                return handle.readall() if max_bytes is None else _read_up_to(handle, max_bytes + 1)
    raise _NotRegular(kind)


def _read_up_to(handle: io.FileIO, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str] | Skipped:
    """(text, encoding) of one corpus file, or why it was skipped."""
    shown = format_path(str(path))
    try:
        data = _read_at_most(path, max_bytes)
    except _NotRegular as kind:
        return Skipped(shown, f"not a regular file ({kind})")
    except OSError as error:
        return Skipped(shown, f"cannot read: {error.strerror or error}")
    if len(data) > max_bytes:
        return Skipped(shown, f"too large: more than {max_bytes} bytes (--max-bytes)")
    if not data.strip():
        return Skipped(shown, "empty file")
    try:
        text, encoding = decode(data)
    except ValueError as error:
        return Skipped(shown, str(error))
    if not text.strip():
        return Skipped(shown, "empty file (only white space)")
    return text, encoding


def _without_txt(relative: str) -> str:
    return relative[:-4] if relative.lower().endswith(".txt") else relative


def doc_id_for(path: Path, root: Path) -> str:
    """The file name without `.txt`, with sub-folders kept: corpus/a/b.txt → 'a/b'.

    Control characters and bytes that are not UTF-8 are escaped (records.format_path).
    """
    return format_path(_without_txt(path.relative_to(root).as_posix()))


def doc_ids(paths: Iterable[Path], root: Path) -> dict[Path, str]:
    """Every document's doc_id (`doc_id_for`), unique: where two files would get the same
    one (`a.txt` and `a.TXT`), they keep their whole names as doc_ids (`a.txt`, `a.TXT`)."""
    names = {path: path.relative_to(root).as_posix() for path in paths}
    ids = {path: _without_txt(name) for path, name in names.items()}
    while True:  # a whole name may in turn equal another's short one («a.txt» for a.txt.txt)
        holders: dict[str, list[Path]] = {}
        for path, doc_id in ids.items():
            holders.setdefault(doc_id, []).append(path)
        shared = [path for group in holders.values() if len(group) > 1 for path in group]
        if not shared:
            return {path: format_path(doc_id) for path, doc_id in ids.items()}
        ids.update((path, names[path]) for path in shared)  # whole names are unique: this ends


def list_corpus(root: Path, exclude: Iterable[Path] = ()) -> tuple[list[Path], list[Skipped]]:
    """The `.txt` documents under `root` (sorted), and the files and folders passed over.

    Only regular files (or links to them) are documents; FIFOs, devices, sockets, links to
    folders and folders that cannot be read are reported with the reason, as are files that
    are not `.txt`. Not reported, as they are not part of the corpus: `documents.csv` and
    `gold/` at the top (the corpus's metadata), hidden files and folders, output folders
    (those holding OUTPUT_MARK) and the folders in `exclude`.
    """
    try:
        top = os.stat(root)
    except OSError as error:
        raise UsageError(f"{format_path(str(root))}: {error.strerror}") from None
    if not stat.S_ISDIR(top.st_mode):
        raise UsageError(f"{format_path(str(root))}: not a folder")
    excluded = set()
    for path in exclude:
        try:
            excluded.add(_identity(os.stat(path)))
        except OSError:
            continue
    documents: list[Path] = []
    skipped: list[Skipped] = []
    try:
        if (root / OUTPUT_MARK).exists():
            raise UsageError(f"{format_path(str(root))}: holds the tables of an earlier run, not documents")
        entries = _entries(root)
    except OSError as error:
        raise UsageError(f"{format_path(str(root))}: cannot read folder: {error.strerror}") from None
    for entry in entries:
        if entry.name in (METADATA_FILE, GOLD_DIR):
            continue
        _visit(Path(entry.path), entry, excluded, documents, skipped)
    return sorted(documents), sorted(skipped, key=lambda item: item.path)


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The folder's entries that may be documents: none in an output folder, no hidden ones."""
    with os.scandir(folder) as scan:
        entries = list(scan)
    if any(entry.name == OUTPUT_MARK for entry in entries):
        return []
    return [entry for entry in entries if not entry.name.startswith(".")]


def _visit(
    path: Path, entry: os.DirEntry[str], excluded: set[tuple[int, int]], documents: list[Path],
    skipped: list[Skipped],
) -> None:  # fmt: skip
    shown = format_path(str(path))
    try:
        info = entry.stat()  # follows a symbolic link
    except OSError as error:
        broken = entry.is_symlink() and isinstance(error, FileNotFoundError)
        skipped.append(Skipped(shown, "broken symbolic link" if broken else f"cannot read: {error.strerror}"))
        return
    if stat.S_ISDIR(info.st_mode):
        if entry.is_symlink():
            skipped.append(Skipped(shown, "link to a folder: not followed"))
        elif _identity(info) not in excluded:
            try:
                entries = _entries(path)
            except OSError as error:
                skipped.append(Skipped(shown, f"cannot read folder: {error.strerror}"))
                return
            for inner in entries:
                _visit(Path(inner.path), inner, excluded, documents, skipped)
        return
    kind = _kind(info.st_mode)
    if kind is not None:
        skipped.append(Skipped(shown, f"not a regular file ({kind})"))
    elif path.suffix.lower() == ".txt":
        documents.append(path)
    else:
        skipped.append(Skipped(shown, f"not a .txt file ({format_path(path.suffix) or 'no extension'})"))


def read_metadata(path: Path, required: bool = False) -> dict[str, date]:
    """`doc_id,date` rows of documents.csv; any problem raises MetadataError naming file and line.

    A missing file is no dates, unless it was asked for (`required`, as --metadata is).
    """
    shown = format_path(str(path))
    try:
        data = _read_at_most(path, None)
    except FileNotFoundError:
        if required:
            raise MetadataError(f"{shown}: no such file") from None
        return {}
    except _NotRegular as kind:
        raise MetadataError(f"{shown}: not a CSV file but a {kind}") from None
    except OSError as error:
        raise MetadataError(f"{shown}: cannot read: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise MetadataError(f"{shown}:{line}: not UTF-8 text; save the table as UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _dates(reader, shown)
    except csv.Error as error:
        raise MetadataError(f"{shown}:{reader.line_num}: {error}") from None


def _dates(reader: csv.DictReader[str], shown: str) -> dict[str, date]:
    missing = {"doc_id", "date"} - set(reader.fieldnames or [])
    if missing:
        raise MetadataError(f"{shown}:1: missing column(s) {', '.join(sorted(missing))}; need doc_id,date")
    dates: dict[str, date] = {}
    for row in reader:
        line = reader.line_num
        doc_id, value = (row.get("doc_id") or "").strip(), (row.get("date") or "").strip()
        if not doc_id:
            raise MetadataError(f"{shown}:{line}: empty doc_id")
        if UNPRINTABLE.search(doc_id):
            raise MetadataError(
                f"{shown}:{line}: doc_id {doc_id!r} holds a control character; doc_ids write them "
                "as escapes (\\u000d for a carriage return), as the tables do"
            )
        if doc_id in dates:
            raise MetadataError(f"{shown}:{line}: doc_id {doc_id!r} given twice")
        try:
            dates[doc_id] = date.fromisoformat(value)
        except ValueError:
            raise MetadataError(
                f"{shown}:{line}: bad date {value!r} for {doc_id!r}; use YYYY-MM-DD"
            ) from None
    return dates
