"""Changeset files in the sync folder: numbered, immutable, checked.

Each machine writes only into its own subfolder (named by its id), one file
per sync that had something to say: `00000001.changeset`, `00000002…`. A file
is written under a temporary name, flushed to disk and renamed, so a reader
sees it whole or not at all. A folder synced by another program (Syncthing,
Dropbox) may still show a half-copied file: the header says how long the
payload is and its SHA-256, so a short file is skipped until it is complete,
and a wrong one is refused, never applied in part.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from startnow.errors import StartnowError

MAGIC = b"startnow changeset\n"
FORMAT = 1
SUFFIX = ".changeset"


@dataclass(frozen=True)
class Header:
    machine: str
    number: int
    schema: int
    stamp: str  # every change in the file is this machine's edits at this stamp
    size: int
    sha256: str


@dataclass(frozen=True)
class Changeset:
    header: Header
    data: bytes


class Incomplete(Exception):
    """A file still being copied in: skipped until it is whole."""


def file_name(number: int) -> str:
    return f"{number:08d}{SUFFIX}"


def encode(header: Header, data: bytes) -> bytes:
    fields = {"format": FORMAT, **header.__dict__}
    return MAGIC + json.dumps(fields, sort_keys=True).encode() + b"\n" + data


def header_for(machine: str, number: int, schema: int, stamp: str, data: bytes) -> Header:
    return Header(machine, number, schema, stamp, len(data), hashlib.sha256(data).hexdigest())


def write(folder: Path, machine: str, number: int, blob: bytes) -> Path:
    """This machine's file `number` (an `encode`d changeset), whole or not at
    all. Written again after a crash, it is the same bytes."""
    own = folder / machine
    own.mkdir(mode=0o700, exist_ok=True)
    target = own / file_name(number)
    tmp = own / f".{target.name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    directory = os.open(own, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return target


def read(path: Path) -> Changeset:
    """The file's changeset, checked; Incomplete while it is still short."""
    blob = path.read_bytes()
    if not blob.startswith(MAGIC[: len(blob)]):
        raise StartnowError(f"{path} is not a startnow changeset: move it out of the sync folder")
    try:
        end = blob.index(b"\n", len(MAGIC))
    except ValueError:
        raise Incomplete(path) from None
    try:
        fields = json.loads(blob[len(MAGIC) : end])
        fields.pop("format")
        header = Header(**fields)
    except (ValueError, TypeError, KeyError) as exc:
        raise StartnowError(f"{path} is damaged (its header cannot be read): {exc}") from None
    data = blob[end + 1 :]
    if len(data) < header.size:
        raise Incomplete(path)
    if len(data) > header.size or hashlib.sha256(data).hexdigest() != header.sha256:
        raise StartnowError(f"{path} is damaged (its checksum does not match); it was not applied")
    return Changeset(header, data)


def numbers(folder: Path) -> list[int]:
    """The changeset numbers in one machine's subfolder, in order."""
    found = []
    for entry in folder.iterdir() if folder.is_dir() else ():
        stem, _, suffix = entry.name.partition(".")
        if "." + suffix == SUFFIX and stem.isdigit():
            found.append(int(stem))
    return sorted(found)


def machines(folder: Path) -> list[str]:
    return sorted(e.name for e in folder.iterdir() if e.is_dir() and not e.name.startswith("."))
