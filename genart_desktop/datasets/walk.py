"""List what a dropped folder or zip contains, deciding early what is not worth opening.

Nothing here decodes images. Each ``Item`` can read its bytes later (from disk or from the
zip) and says what it knew at listing time (size, mtime) so the scan can notice a file that
changes while it is being read. Hidden and system files, symlink loops, unreadable files and
unsafe zip members become items that already carry their skip reason.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from genart_desktop.core import limits
from genart_desktop.core.errors import DatasetError
from genart_desktop.core.progress import ShouldStop, check_stop, never_stop

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".jpe", ".webp", ".bmp", ".dib", ".tif", ".tiff", ".gif"}
SYSTEM_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db", "icon\r"}
SYSTEM_FOLDERS = {"__macosx", ".git", ".svn", ".hg", "@eadir", "$recycle.bin", ".trashes", ".spotlight-v100"}
# Zip limits: a member larger than this, or expanding far more than it is stored, is refused.
ZIP_MEMBER_LIMIT = 256 * 1024 * 1024
ZIP_TOTAL_LIMIT = 8 * 1024 * 1024 * 1024
ZIP_RATIO_LIMIT = 200
FILE_LIMIT = limits.MAX_IMAGE_FILE_BYTES  # one image file in a folder


@dataclass
class Item:
    source: int
    rel: str  # POSIX-style path inside the source
    size: int = 0
    mtime_ns: int = 0
    skip: str = ""  # a reason known before opening the file
    read: Callable[[], bytes] | None = None
    restat: Callable[[], tuple[int, int]] | None = None  # (size, mtime_ns) now
    text_files: dict[str, Callable[[], bytes]] = field(default_factory=dict)


@dataclass
class Listing:
    """Every item plus the non-image files licence detection may read (keyed by rel path)."""

    items: list[Item] = field(default_factory=list)
    texts: dict[tuple[int, str], Callable[[], bytes]] = field(default_factory=dict)
    parents: dict[int, list[Path]] = field(default_factory=dict)  # folders above each source


def is_hidden_or_system(name: str) -> str:
    low = name.lower()
    if low in SYSTEM_NAMES:
        return f"system file ({name}), not an image"
    if low.startswith("._"):
        return "macOS resource fork (._ file), not an image"
    if name.startswith("."):
        return "hidden file"
    return ""


def is_text_for_licences(rel: str) -> bool:
    """Files licence detection reads: LICENSE/COPYING/README, REUSE files, sidecars."""
    name = PurePosixPath(rel).name
    low = name.lower()
    stem = low.split(".")[0]
    return (
        stem in {"license", "licence", "copying", "readme", "reuse", "credits", "attribution"}
        or low.endswith((".license", ".xmp", ".provenance.json"))
        or rel.lower() == ".reuse/dep5"
        or rel.lower().endswith("/.reuse/dep5")
    )


def list_sources(paths: list[Path], should_stop: ShouldStop = never_stop) -> Listing:
    listing = Listing()
    for index, raw in enumerate(paths):
        path = Path(raw)
        if path.is_dir():
            _walk_folder(index, path, listing, should_stop)
            listing.parents[index] = list(path.resolve().parents)[:2]
        elif path.is_file() and zipfile.is_zipfile(path):
            _walk_zip(index, path, listing, should_stop)
            listing.parents[index] = list(path.resolve().parents)[:2]
        elif path.exists():
            raise DatasetError(
                f"{path.name} is neither a folder nor a zip archive.",
                path=path,
                hint="Drop a folder of images or a .zip of one.",
            )
        else:
            raise DatasetError(f"{path} does not exist.", path=path, hint="Check the path and try again.")
    return listing


# -- folders ---------------------------------------------------------------------------------
def _file_reader(path: Path) -> Callable[[], bytes]:
    return lambda: path.read_bytes()


def _restat(path: Path) -> Callable[[], tuple[int, int]]:
    def again() -> tuple[int, int]:
        st = path.stat()
        return st.st_size, st.st_mtime_ns

    return again


def _walk_folder(index: int, root: Path, listing: Listing, should_stop: ShouldStop) -> None:
    seen_dirs: set[tuple[int, int]] = set()
    root_st = root.stat()
    seen_dirs.add((root_st.st_dev, root_st.st_ino))
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        check_stop(should_stop)
        folder, prefix = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            listing.items.append(
                Item(index, prefix.rstrip("/") or ".", skip="folder cannot be read (permission denied)")
            )
            continue
        except OSError as exc:
            listing.items.append(
                Item(index, prefix.rstrip("/") or ".", skip=f"folder cannot be read ({exc.strerror})")
            )
            continue
        for entry in entries:
            rel = prefix + entry.name
            for item in _folder_entry(index, Path(entry.path), entry, rel, seen_dirs, stack, listing):
                listing.items.append(item)


def _folder_entry(
    index: int,
    path: Path,
    entry: os.DirEntry,
    rel: str,
    seen_dirs: set[tuple[int, int]],
    stack: list[tuple[Path, str]],
    listing: Listing,
) -> Iterator[Item]:
    try:
        st = entry.stat(follow_symlinks=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            yield Item(index, rel, skip="symbolic link loop")
        elif entry.is_symlink():
            yield Item(index, rel, skip="broken symbolic link (its target is missing)")
        elif isinstance(exc, PermissionError):
            yield Item(index, rel, skip="cannot be read (permission denied)")
        else:
            yield Item(index, rel, skip=f"cannot be read ({exc.strerror})")
        return
    if stat.S_ISDIR(st.st_mode):
        key = (st.st_dev, st.st_ino)
        low = entry.name.lower()
        if low == ".reuse":  # REUSE metadata lives in a hidden folder: read it, list nothing
            dep5 = path / "dep5"
            if dep5.is_file():
                listing.texts[(index, rel + "/dep5")] = _file_reader(dep5)
            return
        if low in SYSTEM_FOLDERS or entry.name.startswith("."):
            yield Item(index, rel + "/", skip="hidden or system folder, not scanned")
            return
        if key in seen_dirs:
            yield Item(index, rel + "/", skip="symbolic link loop (folder already scanned)")
            return
        seen_dirs.add(key)
        stack.append((path, rel + "/"))
        return
    if not stat.S_ISREG(st.st_mode):
        yield Item(index, rel, skip="not a regular file")
        return
    if is_text_for_licences(rel):
        listing.texts[(index, rel)] = _file_reader(path)
    hidden = is_hidden_or_system(entry.name)
    if hidden:
        yield Item(index, rel, size=st.st_size, skip=hidden)
        return
    if not os.access(path, os.R_OK):
        yield Item(index, rel, size=st.st_size, skip="cannot be read (permission denied)")
        return
    if st.st_size > FILE_LIMIT:  # never read whole: say why instead
        yield Item(index, rel, size=st.st_size, skip=limits.too_large_reason(st.st_size, FILE_LIMIT))
        return
    yield Item(index, rel, st.st_size, st.st_mtime_ns, read=_file_reader(path), restat=_restat(path))


# -- zip archives ----------------------------------------------------------------------------
def safe_member_name(name: str) -> str:
    """The member's path if it stays inside the archive, else "" (absolute, ``..``, drive)."""
    clean = name.replace("\\", "/")
    if clean.startswith("/") or (len(clean) > 1 and clean[1] == ":"):
        return ""
    parts = [p for p in clean.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return ""
    return "/".join(parts)


def _walk_zip(index: int, path: Path, listing: Listing, should_stop: ShouldStop) -> None:
    lock = threading.Lock()  # one open archive shared by the worker threads
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DatasetError(f"{path.name} is not a readable zip archive ({exc}).", path=path) from exc
    zip_stat = path.stat()
    total = 0

    def reader(info: zipfile.ZipInfo) -> Callable[[], bytes]:
        def read() -> bytes:
            with lock, archive.open(info) as member:
                data = member.read(ZIP_MEMBER_LIMIT + 1)
            if len(data) > ZIP_MEMBER_LIMIT:
                raise DatasetError("larger than the zip member limit")
            return data

        return read

    counts: dict[str, int] = {}
    for info in archive.infolist():
        counts[safe_member_name(info.filename)] = counts.get(safe_member_name(info.filename), 0) + 1
    for info in archive.infolist():
        check_stop(should_stop)
        if info.is_dir():
            continue
        rel = safe_member_name(info.filename)
        if not rel:
            listing.items.append(
                Item(index, info.filename, skip="unsafe path in the zip (outside the archive)")
            )
            continue
        if counts[rel] > 1:  # which copy a reader gets depends on the reader: use neither
            listing.items.append(Item(index, rel, size=info.file_size,
                                      skip=f"the zip holds {counts[rel]} members with this name"
                                           " (ambiguous: neither is used)"))
            continue
        parts = rel.split("/")
        if any(p.lower() in SYSTEM_FOLDERS or p.startswith(".") for p in parts[:-1]):
            if rel.lower().endswith(".reuse/dep5"):
                listing.texts[(index, rel)] = reader(info)
            elif not any(p.lower() == "__macosx" for p in parts):
                listing.items.append(
                    Item(index, rel, size=info.file_size, skip="inside a hidden or system folder")
                )
            continue  # __MACOSX/ holds only resource forks: not worth a line each
        if is_text_for_licences(rel):
            listing.texts[(index, rel)] = reader(info)
        hidden = is_hidden_or_system(parts[-1])
        if hidden:
            listing.items.append(Item(index, rel, size=info.file_size, skip=hidden))
            continue
        if info.flag_bits & 0x1:
            listing.items.append(Item(index, rel, size=info.file_size, skip="encrypted zip member"))
            continue
        if info.file_size > ZIP_MEMBER_LIMIT or (
            info.compress_size
            and info.file_size / info.compress_size > ZIP_RATIO_LIMIT
            and info.file_size > 1 << 20
        ):
            listing.items.append(
                Item(
                    index,
                    rel,
                    size=info.file_size,
                    skip="zip member too large or suspiciously compressed (zip bomb)",
                )
            )
            continue
        total += info.file_size
        if total > ZIP_TOTAL_LIMIT:
            listing.items.append(
                Item(index, rel, size=info.file_size, skip="zip archive expands beyond 8 GB")
            )
            continue
        listing.items.append(
            Item(index, rel, info.file_size, zip_stat.st_mtime_ns, read=reader(info), restat=None)
        )
    # The archive stays open for the readers; it closes when the last reader is dropped.
