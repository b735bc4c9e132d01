"""Make a PDF printed by Chromium repeat byte for byte.

Chromium stamps the time of printing, and a tagged PDF names each table header cell after its
DOM node number (``/ID (node00000097)``, referred to by the data cells' ``/Headers`` and listed
in the structure tree's ``/IDTree``). Which node gets which number depends on the order the
browser happened to tag them in, which moves under load; the same report then printed to
different bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

_NODE_ID = re.compile(rb"\(node(\d{8})\)")
_DEFINED_ID = re.compile(rb"/ID \(node(\d{8})\)")


def make_repeatable(path: Path, date: str) -> None:
    """Give the PDF at ``path`` fixed dates (``date``, ISO), producer and structure ids."""
    stamp = "D:" + date.replace("-", "") + "000000Z"
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(stable_node_ids(path.read_bytes()))))
    structure = writer.root_object.get("/StructTreeRoot")
    if structure is not None and "/IDTree" in structure:
        sort_name_tree(structure["/IDTree"].get_object())
    writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp,
                         "/Producer": "analysis (Chromium)"})
    with path.open("wb") as handle:
        writer.write(handle)


def stable_node_ids(document: bytes) -> bytes:
    """Renumber ``(nodeNNNNNNNN)`` ids 1, 2, ... in the order the elements they name are written.

    Every reference follows its element; each id keeps its length, so byte offsets hold.
    The id tree's keys are then out of order: ``sort_name_tree`` puts them back.
    """
    order = dict.fromkeys([*_DEFINED_ID.findall(document), *_NODE_ID.findall(document)])
    ranks = {old: b"%08d" % rank for rank, old in enumerate(order, start=1)}
    return _NODE_ID.sub(lambda found: b"(node" + ranks[found[1]] + b")", document)


def sort_name_tree(tree: DictionaryObject) -> None:
    """Sort a PDF name tree's keys across its leaves, as the format requires, and fix its limits."""
    leaves = list(_leaves(tree))
    pairs = sorted((pair for leaf in leaves for pair in _pairs(leaf)), key=lambda p: str(p[0]))
    start = 0
    for leaf in leaves:
        count = len(leaf["/Names"]) // 2
        chunk = pairs[start:start + count]
        leaf[NameObject("/Names")] = ArrayObject(item for pair in chunk for item in pair)
        start += count
    _set_limits(tree, is_root=True)


def _leaves(node: DictionaryObject) -> Iterator[DictionaryObject]:
    if "/Names" in node:
        yield node
    for kid in node.get("/Kids", []):
        yield from _leaves(kid.get_object())


def _pairs(leaf: DictionaryObject) -> list[tuple]:
    names = leaf["/Names"]
    return list(zip(names[::2], names[1::2], strict=True))


def _set_limits(node: DictionaryObject, *, is_root: bool = False) -> tuple:
    """The first and last key under ``node``; every node but the root records them."""
    if "/Names" in node:
        keys = node["/Names"][::2]
        limits = (keys[0], keys[-1]) if keys else ()
    else:
        spans = [_set_limits(kid.get_object()) for kid in node.get("/Kids", [])]
        spans = [span for span in spans if span]
        limits = (spans[0][0], spans[-1][1]) if spans else ()
    if limits and not is_root:
        node[NameObject("/Limits")] = ArrayObject(limits)
    return limits
