"""Merkle tree hashing and proofs exactly as RFC 9162 §2.1 (the RFC 6962 tree of Certificate Transparency v2).

Pure functions over bytes; standard library only, so the offline verifier (`smartcourt.ledger.verify`) can import
this module without Django. Hash: SHA-256.

    MTH({})      = SHA-256()                                  the empty tree
    MTH({d0})    = SHA-256(0x00 ‖ d0)                         a leaf
    MTH(D[n])    = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))   k = the largest power of two < n

Proof generation is written over "ranges": an RFC proof is a list of MTH(D[lo:hi]) for ranges (lo, hi) that
`inclusion_ranges` / `consistency_ranges` name. Each such range is a left-aligned run of perfect subtrees, so its
hash composes from O(log n) stored perfect-subtree hashes (`perfect_subtrees`). The in-memory generators below
and the database log (`smartcourt.ledger.log`) share these functions, so they cannot disagree.

The verifiers follow RFC 9162 §2.1.3.2 and §2.1.4.2 and return False — never raise — on anything malformed.
Deliberate strictness beyond the RFC: a consistency proof from the empty tree (size1 == 0) proves nothing, so it
is refused (False) rather than accepted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """MTH of one entry: SHA-256(0x00 ‖ data) (RFC 9162 §2.1.1)."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """An interior node: SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1.1)."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def perfect_subtrees(lo: int, hi: int) -> list[tuple[int, int]]:
    """The perfect subtrees (level, index) whose right fold is MTH(D[lo:hi]), largest first.

    `lo` must be a multiple of the largest power of two ≤ hi - lo (true of every range an RFC proof names and of
    every prefix [0, n)); level L index i covers leaves [i·2^L, (i+1)·2^L)."""
    out: list[tuple[int, int]] = []
    pos, size = lo, hi - lo
    while size > 0:  # one step per set bit of the size, largest first (a proof asks for ~2·log n of these)
        level = size.bit_length() - 1
        span = 1 << level
        if pos & (span - 1):
            raise ValueError("range is not aligned")
        out.append((level, pos >> level))
        pos += span
        size -= span
    return out


def fold(hashes: Sequence[bytes]) -> bytes:
    """Right fold of perfect-subtree hashes, largest first: h0, h1, h2 → node(h0, node(h1, h2))."""
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of the whole list of leaf hashes (RFC 9162 §2.1.1); the empty tree hashes to SHA-256 of ''."""
    stack: list[tuple[int, bytes]] = []  # (level, hash) of the completed perfect subtrees on the right edge
    for h in leaf_hashes:
        level = 0
        while stack and stack[-1][0] == level:
            h = node_hash(stack.pop()[1], h)
            level += 1
        stack.append((level, h))
    return fold([h for _, h in stack])


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """Ranges (lo, hi) whose MTH form the audit path PATH(index, D[size]) of RFC 9162 §2.1.3.1, leaf side first."""
    if not 0 <= index < size:
        raise ValueError("index out of range")
    out: list[tuple[int, int]] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo = lo + k
    out.reverse()
    return out


def consistency_ranges(size1: int, size2: int) -> list[tuple[int, int]]:
    """Ranges whose MTH form PROOF(size1, D[size2]) = SUBPROOF(size1, D[size2], true) of RFC 9162 §2.1.4.1."""
    if not 0 < size1 <= size2:
        raise ValueError("sizes out of range")
    out: list[tuple[int, int]] = []
    lo, hi, m, whole = 0, size2, size1, True
    while True:
        n = hi - lo
        if m == n:
            if not whole:
                out.append((lo, hi))
            break
        k = _split(n)
        if m <= k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo, m, whole = lo + k, m - k, False
    out.reverse()
    return out


class _MemoryTree:
    """Range hashes over an in-memory list of leaf hashes, with perfect subtrees memoised."""

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        self.leaves = leaf_hashes
        self.cache: dict[tuple[int, int], bytes] = {}

    def perfect(self, level: int, index: int) -> bytes:
        if level == 0:
            return self.leaves[index]
        key = (level, index)
        if key not in self.cache:
            self.cache[key] = node_hash(self.perfect(level - 1, 2 * index), self.perfect(level - 1, 2 * index + 1))
        return self.cache[key]

    def range_hash(self, lo: int, hi: int) -> bytes:
        return fold([self.perfect(level, i) for level, i in perfect_subtrees(lo, hi)])


def proof_from_ranges(ranges: Sequence[tuple[int, int]], range_hash: Callable[[int, int], bytes]) -> list[bytes]:
    return [range_hash(lo, hi) for lo, hi in ranges]


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int, tree_size: int) -> list[bytes]:
    """The audit path for leaf `index` in the tree of the first `tree_size` leaves (RFC 9162 §2.1.3.1).

    Raises ValueError for an index outside the tree or a size beyond the list."""
    if not 0 <= tree_size <= len(leaf_hashes):
        raise ValueError("tree_size out of range")
    tree = _MemoryTree(leaf_hashes)
    return proof_from_ranges(inclusion_ranges(index, tree_size), tree.range_hash)


def consistency_proof(leaf_hashes: Sequence[bytes], size1: int, size2: int) -> list[bytes]:
    """The consistency proof between the trees of the first `size1` and `size2` leaves (RFC 9162 §2.1.4.1).

    size1 == size2 gives the empty proof. Raises ValueError unless 0 < size1 ≤ size2 ≤ len(leaf_hashes)."""
    if not 0 < size1 <= size2 <= len(leaf_hashes):
        raise ValueError("sizes out of range")
    tree = _MemoryTree(leaf_hashes)
    return proof_from_ranges(consistency_ranges(size1, size2), tree.range_hash)


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def root_from_inclusion_proof(leaf: bytes, index: int, tree_size: int, proof: Sequence[bytes]) -> bytes | None:
    """The root an inclusion proof implies (RFC 9162 §2.1.3.2), or None if the proof is malformed."""
    try:
        if not (_is_size(index) and _is_size(tree_size) and index < tree_size and _is_hash(leaf)):
            return None
        proof = list(proof)
        if not all(_is_hash(p) for p in proof):
            return None
        fn, sn, r = index, tree_size - 1, bytes(leaf)
        for p in proof:
            if sn == 0:
                return None  # proof too long
            if fn & 1 or fn == sn:
                r = node_hash(bytes(p), r)
                if not fn & 1:
                    while fn and not fn & 1:
                        fn >>= 1
                        sn >>= 1
            else:
                r = node_hash(r, bytes(p))
            fn >>= 1
            sn >>= 1
        if sn != 0:
            return None  # proof too short
        return r
    except Exception:  # anything odd in the input is a failed verification, never an error
        return None


def verify_inclusion(leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """True iff `proof` shows the leaf with hash `leaf_hash` at `index` in the tree of `tree_size` with `root`."""
    if not _is_hash(root):
        return False
    computed = root_from_inclusion_proof(leaf_hash, index, tree_size, proof)
    return computed is not None and computed == bytes(root)


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> bool:
    """True iff `proof` shows the tree (size1, root1) is a prefix of the tree (size2, root2) (RFC 9162 §2.1.4.2).

    False for size1 == 0 (nothing to prove), size1 > size2, hashes that are not 32 bytes, and a proof one hash
    too short or too long; size1 == size2 is consistent only with an empty proof and equal roots."""
    try:
        if not (_is_size(size1) and _is_size(size2) and _is_hash(root1) and _is_hash(root2)):
            return False
        proof = list(proof)
        if not all(_is_hash(p) for p in proof):
            return False
        if size1 == 0 or size1 > size2:
            return False
        if size1 == size2:
            return not proof and bytes(root1) == bytes(root2)
        if not proof:
            return False
        if size1 & (size1 - 1) == 0:  # size1 is a power of two: its root is the first node of the path
            proof = [bytes(root1), *proof]
        fn, sn = size1 - 1, size2 - 1
        while fn & 1:
            fn >>= 1
            sn >>= 1
        fr = sr = bytes(proof[0])
        for c in proof[1:]:
            if sn == 0:
                return False  # proof too long
            c = bytes(c)
            if fn & 1 or fn == sn:
                fr = node_hash(c, fr)
                sr = node_hash(c, sr)
                if not fn & 1:
                    while fn and not fn & 1:
                        fn >>= 1
                        sn >>= 1
            else:
                sr = node_hash(sr, c)
            fn >>= 1
            sn >>= 1
        return sn == 0 and fr == bytes(root1) and sr == bytes(root2)
    except Exception:  # malformed input is a failed verification
        return False
