"""Make a PDF printed by Chromium repeat byte for byte.

Chromium stamps the time of printing, and a tagged PDF names each table header cell after its
DOM node number (``/ID (node00000097)``, referred to by the data cells' ``/Headers`` and listed
in the structure tree's ``/IDTree``). Which node gets which number depends on the order the
browser happened to tag them in, which moves under load; the same report then printed to
different bytes.

Every change keeps each value's length, so the file's byte offsets (its cross-reference
table) stay right and the file is not rewritten: a PDF of 80 pages takes milliseconds.
"""

from __future__ import annotations

import re
from pathlib import Path

_NODE_ID = re.compile(rb"\(node(\d{8})\)")
_DEFINED_ID = re.compile(rb"/ID \(node(\d{8})\)")
# Chromium writes D:YYYYMMDDHHmmSS and the local offset, +HH'mm'.
_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}(\+\d\d'\d\d')?\)")
_ID_LEAF = re.compile(rb"/Limits \[ ?\(node\d{8}\) \(node\d{8}\) ?\]\s*"
                      rb"/Names \[ ?(?:\(node\d{8}\) \d+ \d+ R ?)+\]")
_ID_PAIR = re.compile(rb"\(node\d{8}\) \d+ \d+ R")
_LIMITS = re.compile(rb"(/Limits \[ ?)\(node\d{8}\) \(node\d{8}\)")


def make_repeatable(path: Path, date: str) -> None:
    """Give the PDF at ``path`` fixed dates (``date``, ISO, at midnight UTC) and structure ids."""
    document = sort_id_tree(stable_node_ids(fixed_dates(path.read_bytes(), date)))
    path.write_bytes(document)


def fixed_dates(document: bytes, date: str) -> bytes:
    """Set the creation and modification dates to midnight UTC of ``date``."""
    stamp = date.replace("-", "").encode() + b"000000"

    def fixed(found: re.Match[bytes]) -> bytes:
        offset = b"+00'00'" if found[2] else b""
        return b"/" + found[1] + b" (D:" + stamp + offset + b")"

    return _DATE.sub(fixed, document)


def stable_node_ids(document: bytes) -> bytes:
    """Renumber ``(nodeNNNNNNNN)`` ids 1, 2, ... in the order the elements they name are written.

    Every reference follows its element. The id tree's keys are then out of order:
    ``sort_id_tree`` puts them back.
    """
    order = dict.fromkeys([*_DEFINED_ID.findall(document), *_NODE_ID.findall(document)])
    ranks = {old: b"%08d" % rank for rank, old in enumerate(order, start=1)}
    return _NODE_ID.sub(lambda found: b"(node" + ranks[found[1]] + b")", document)


def sort_id_tree(document: bytes) -> bytes:
    """Sort the id tree's keys across its leaves, and set each leaf's limits.

    A name tree's keys must come in order. Chromium writes one leaf; keys that moved between
    leaves of other lengths would shift the file's offsets, and are refused.

    Raises:
        ValueError: the sorted tree would not keep the file's length.
    """
    leaves = list(_ID_LEAF.finditer(document))
    pairs = sorted(pair for leaf in leaves for pair in _ID_PAIR.findall(leaf[0]))
    parts, end = [], 0
    for leaf in leaves:
        count = len(_ID_PAIR.findall(leaf[0]))
        mine, pairs = pairs[:count], pairs[count:]
        parts += [document[end:leaf.start()], _leaf_with(leaf[0], mine)]
        end = leaf.end()
    sorted_document = b"".join([*parts, document[end:]])
    if len(sorted_document) != len(document):
        raise ValueError("sorting the PDF's id tree would move its objects")
    return sorted_document


def _leaf_with(leaf: bytes, pairs: list[bytes]) -> bytes:
    """A leaf's text holding ``pairs`` (key and reference) in order, and their limits."""
    ordered = iter(pairs)
    leaf = _ID_PAIR.sub(lambda _: next(ordered), leaf)
    first, last = (pair[:pair.index(b")") + 1] for pair in (pairs[0], pairs[-1]))
    return _LIMITS.sub(lambda found: found[1] + first + b" " + last, leaf, count=1)
