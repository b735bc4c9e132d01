"""manifest.json: what a run read, what it wrote (with hashes) and the fingerprint of its inputs.

Kept free of heavy imports: the no-op check reads it before pandas or papermill load.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from analysis import config

_CHUNK = 1 << 20


def sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def code_files() -> list[Path]:
    """Every file that shapes an output, so that a change to any of them triggers a re-run.

    The package (sources and the report template), the mapping files the cleaning and
    the adapters read, the dataset's data package (its version is in every manifest and
    report), the reference outlines of the map, and the notebooks.
    """
    folders = (config.PACKAGE_DIR, config.MAPPINGS_DIR, config.REFERENCE_DIR)
    files = [path for folder in folders for path in sorted(folder.rglob("*"))
             if path.is_file() and "__pycache__" not in path.parts]
    notebooks = [config.NOTEBOOKS_DIR / name for name in config.notebooks(compare=True)]
    return [*files, config.DATAPACKAGE, *notebooks]


def _notebook_sources(path: Path) -> bytes:
    """A notebook's cell sources: its stored outputs do not change what a run computes."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return json.dumps([cell["source"] for cell in cells]).encode()


def digests(paths: list[Path]) -> dict[str, str]:
    """The SHA-256 of each input file that exists, taken before a run reads it."""
    return {str(path): sha256(path) for path in paths if Path(path).is_file()}


def changed_since(recorded: dict[str, str]) -> Path | None:
    """The first input whose bytes are no longer those ``digests`` recorded, if any."""
    for path, digest in recorded.items():
        if not Path(path).is_file() or sha256(Path(path)) != digest:
            return Path(path)
    return None


def fingerprint(inputs: list[Path], parameters: dict,
                known: dict[str, str] | None = None) -> str:
    """Hash inputs, code and parameters into one value recorded in the manifest.

    Args:
        inputs: the run's input files.
        parameters: the run's parameters as recorded.
        known: digests already taken of some inputs (``digests``), not computed again.
    """
    known = known or {}
    digest = hashlib.sha256()
    for path in [*inputs, *code_files()]:
        path = Path(path)
        digest.update(path.name.encode())
        if str(path) in known:
            digest.update(known[str(path)].encode())
        elif not path.is_file():
            digest.update(b"missing")
        elif path.suffix == ".ipynb":
            digest.update(hashlib.sha256(_notebook_sources(path)).hexdigest().encode())
        else:
            digest.update(sha256(path).encode())
    digest.update(json.dumps(parameters, sort_keys=True).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class RunInputs:
    """What a run reads (with the digests taken before reading it) and how it was asked."""

    files: tuple[Path, ...]
    digests: dict[str, str]
    parameters: dict
    fingerprint: str

    @classmethod
    def of(cls, files: list[Path], parameters: dict) -> RunInputs:
        """Digest the input files once and fingerprint them with code and parameters."""
        taken = digests(files)
        return cls(tuple(files), taken, parameters, fingerprint(files, parameters, taken))


def read(path: Path) -> dict | None:
    """Return the manifest at ``path``, or None if there is none or it is unreadable."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(path: Path, expected_fingerprint: str) -> bool:
    """True when the manifest has this fingerprint and every output it lists is intact."""
    manifest = read(path)
    if not manifest or manifest.get("fingerprint") != expected_fingerprint:
        return False
    base = Path(path).parent
    records: dict[str, dict[Path, str]] = {}
    return all(_intact(base, out, records) for out in manifest.get("outputs", []))


def _intact(base: Path, output: dict, records: dict[str, dict[Path, str]]) -> bool:
    """True when an output is there with its hash: in the manifest, or in the record it names.

    What a browser rendered has its hash in a record beside the figures (``hashes_in``);
    the record itself is intact when it is there.
    """
    path = base / output["path"]
    if not path.is_file():
        return False
    if "sha256" in output:
        return sha256(path) == output["sha256"]
    record = base / output["hashes_in"]
    if path.resolve() == record.resolve():
        return True
    if output["hashes_in"] not in records:
        records[output["hashes_in"]] = _hashes(record)
    return records[output["hashes_in"]].get(path.resolve()) == sha256(path)


def _hashes(record: Path) -> dict[Path, str]:
    """The hashes a rendered-output record lists, by resolved path ({} when unreadable)."""
    listed = read(record) or {}
    return {(record.parent / entry["path"]).resolve(): entry["sha256"]
            for entry in listed.get("outputs", [])}


def write(path: Path, manifest: dict) -> None:
    """Write the manifest as stable, sorted JSON."""
    Path(path).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
