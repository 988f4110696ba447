"""A disk cache of the loaded catalog, so that a start need not parse and validate every bank.

Only the catalog loading calls this (``load_catalog(..., cached=True)``); ``bank validate`` never
does. The cache is one pickle per set of requested paths, in the user's cache directory (or
``$AITRAINER_CACHE``). It holds the whole ``Catalog`` (models, findings and all) and the
content hash of every question (so that hashing a form needs no pydantic serialiser: the models
build theirs lazily), after a key that must match exactly before the catalog is read:

- every bank file: its path, how it is displayed, its size, mtime and ctime (ns) and inode, so
  an edited, added, removed or replaced file rebuilds the cache;
- every guideline a bank names, stamped the same way (or as missing): these are known only once
  the banks are read, so they are stored after the key and checked once it matched, and editing,
  adding or removing a guideline rebuilds the cache too;
- the bank format version and the cache layout version;
- the code that builds the catalog: the aitrainer version plus the name, size and mtime of every
  ``.py`` file of the package, so an edited checkout never reuses a stale cache;
- the Python, PyYAML and pydantic installations (path, size and mtime of their ``__init__``).

Any doubt means a reload from the YAML files: a missing, unreadable, truncated or corrupt cache,
a key that differs, or anything at all going wrong while reading it. Writing is best effort and
silent: a temporary file in the same directory, then ``os.replace``; an unwritable directory
only means there is no cache. The file is read only from our own cache directory.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aitrainer_cli import __version__

if TYPE_CHECKING:
    from aitrainer_cli.banks.catalog import Catalog

CACHE_DIR_ENV = "AITRAINER_CACHE"
"""Environment variable that moves the cache directory (tests point it at a temporary one)."""

BANK_FORMAT_VERSION = 1
"""The bank and blueprint ``format`` this code reads (a test checks it against the schema)."""

LAYOUT = 2
"""Version of the cache file itself: bump it whenever what is stored changes shape."""

_MAGIC = b"aitrainer-catalog-cache\n"
_PACKAGE = Path(__file__).resolve().parent.parent
_DEPENDENCIES = ("yaml", "pydantic", "pydantic_core")

Key = tuple[Any, ...]


def cache_dir() -> Path:
    """``$AITRAINER_CACHE`` if set, else the platform's user cache directory for aitrainer."""
    from_env = os.environ.get(CACHE_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_cache_dir  # only needed when nothing overrides it

    return Path(user_cache_dir("aitrainer"))


def cached_catalog(
    paths: Sequence[Path], files: Sequence[tuple[Path, str]], build: Callable[[], Catalog]
) -> Catalog:
    """The catalog of ``files`` (path, display name) from the cache if fresh, else ``build()``.

    ``paths`` are the paths asked for (they name the cache file). A freshly built catalog drops
    its YAML node trees, as a cached one has none, and is stored for the next start (silently
    skipped if that fails).
    """
    try:
        key = catalog_key(files)
    except OSError:  # a file vanished or cannot be examined: let the loader report it
        return build()
    where = cache_dir() / f"catalog-{_name(paths)}.pickle"
    catalog = read(where, key)
    if catalog is None:
        catalog = build()
        for loaded in catalog.files:
            loaded.release_nodes()
        write(where, key, catalog)
    return catalog


def guideline_stamps(catalog: Catalog) -> Key:
    """The stamp of every guideline file the catalog's banks name (None for a missing one)."""
    names = sorted({f.guideline_file for f in catalog.files if f.guideline_file is not None})
    return tuple((name, _stamp_or_none(Path(name))) for name in names)


def _stamp_or_none(path: Path) -> tuple[int, int, int, int] | None:
    try:
        return _stamp(path)
    except OSError:
        return None


def catalog_key(files: Sequence[tuple[Path, str]]) -> Key:
    """Everything a cached catalog depends on; raises OSError if a file cannot be examined."""
    return (
        LAYOUT,
        BANK_FORMAT_VERSION,
        tuple((os.path.abspath(path), display, *_stamp(path)) for path, display in files),
        code_fingerprint(),
    )


def code_fingerprint() -> Key:
    """The aitrainer version, each ``.py`` file of the package, Python and the libraries used."""
    sources: list[tuple[str, int, int]] = []
    for folder, subfolders, names in os.walk(_PACKAGE):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                status = os.stat(os.path.join(folder, name))
                sources.append((os.path.join(folder, name), status.st_size, status.st_mtime_ns))
    return (__version__, sys.version, tuple(sources), tuple(map(_library, _DEPENDENCIES)))


def read(where: Path, key: Key) -> Catalog | None:
    """The cached catalog if ``where`` holds one stored under exactly ``key``, else None."""
    from aitrainer_cli.banks.catalog import Catalog

    try:
        with open(where, "rb") as stream:
            if stream.read(len(_MAGIC)) != _MAGIC:
                return None
            if pickle.load(stream) != key:
                return None
            stamps = pickle.load(stream)
            if stamps != tuple((name, _stamp_or_none(Path(name))) for name, _ in stamps):
                return None  # a guideline was edited, added or removed
            collecting = gc.isenabled()
            gc.disable()  # many small acyclic objects: the collector would only slow this down
            try:
                catalog, hashes = pickle.load(stream)
            finally:
                if collecting:
                    gc.enable()
        if not isinstance(catalog, Catalog) or not isinstance(hashes, dict):
            return None
        pairs = [(catalog.entries[qid].question, hashes[qid]) for qid in catalog.entries]
    except Exception:  # whatever went wrong, the files are the truth: rebuild from them
        return None
    _remember(pairs)
    return catalog


def write(where: Path, key: Key, catalog: Catalog) -> None:
    """Store ``catalog`` (and its questions' hashes) under ``key`` atomically.

    Any failure leaves no cache and says nothing.
    """
    temporary: str | None = None
    try:
        hashes = _hashes(catalog)
        where.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            prefix=where.name + ".", suffix=".tmp", dir=where.parent
        )
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(_MAGIC)
            pickle.dump(key, stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(guideline_stamps(catalog), stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((catalog, hashes), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, where)
        temporary = None
    except Exception:  # a cache is an optimisation: never fail or warn because of it
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _hashes(catalog: Catalog) -> dict[str, str]:
    """The content hash of every question, keyed by id (a form's hashes are taken at start)."""
    from aitrainer_cli.progress.records import content_hash

    hashes = {qid: content_hash(entry.question) for qid, entry in catalog.entries.items()}
    _remember((catalog.entries[qid].question, digest) for qid, digest in hashes.items())
    return hashes


def _remember(pairs: Iterable[tuple[Any, str]]) -> None:
    from aitrainer_cli.progress.records import remember_hashes

    remember_hashes(pairs)


def _stamp(path: Path) -> tuple[int, int, int, int]:
    status = os.stat(path)
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def _library(name: str) -> tuple[str, str, int, int]:
    spec = find_spec(name)
    origin = spec.origin if spec is not None else None
    if origin is None or not os.path.exists(origin):
        return (name, "", 0, 0)
    status = os.stat(origin)
    return (name, origin, status.st_size, status.st_mtime_ns)


def _name(paths: Sequence[Path]) -> str:
    """A file name per set of requested paths, so that different sets do not evict each other."""
    joined = "\0".join(os.path.abspath(path) for path in paths)
    return hashlib.sha256(joined.encode("utf-8", "surrogateescape")).hexdigest()[:16]
