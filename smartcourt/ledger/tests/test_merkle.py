"""RFC 9162 Merkle tree: published known answers, every corruption refused, properties for random trees.

Known-answer vectors transcribed (data only) from transparency-dev/merkle:
  - testonly/constants.go  at commit 582a6ad190b6848f1d26f8bf08ddef29955d9db1 (LeafInputs, NodeHashes, RootHashes)
  - proof/verify_test.go   at commit 02194e9afb6c1d95b5381350007963aa70fff472 (inclusionProofs, consistencyProofs)
These are the RFC 6962 reference vectors Certificate Transparency implementations share. One deliberate
difference: upstream accepts a consistency proof from the empty tree (size1 = 0); ours refuses it (issue 8).
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcourt.ledger import merkle


def h(text: str) -> bytes:
    return bytes.fromhex(text)


LEAF_INPUTS = [h(""), h("00"), h("10"), h("2021"), h("3031"), h("40414243"), h("5051525354555657"),
               h("606162636465666768696a6b6c6d6e6f")]  # fmt: skip

NODE_HASHES = [
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    [
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    [
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
]

ROOT_HASHES = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

# (leaf number 1-based as upstream writes it, tree size, proof)
INCLUSION = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (1, 1, []),
]  # fmt: skip

CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]  # fmt: skip

SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456")
LEAVES = [merkle.leaf_hash(d) for d in LEAF_INPUTS]


# --- known answers -------------------------------------------------------------------------------------------


def test_leaf_hashes_match_the_reference_level_zero() -> None:
    assert [x.hex() for x in LEAVES] == NODE_HASHES[0]


def test_node_hashes_match_every_perfect_subtree() -> None:
    for level in range(1, 4):
        for i, expected in enumerate(NODE_HASHES[level]):
            lo, hi = i << level, (i + 1) << level
            assert merkle.root(LEAVES[lo:hi]).hex() == expected


def test_roots_for_every_size_including_the_empty_tree() -> None:
    assert merkle.root([]) == hashlib.sha256(b"").digest() == merkle.EMPTY_ROOT
    for size, expected in enumerate(ROOT_HASHES):
        assert merkle.root(LEAVES[:size]).hex() == expected


@pytest.mark.parametrize(("leaf", "size", "proof"), INCLUSION)
def test_inclusion_proofs_match_the_reference(leaf: int, size: int, proof: list[str]) -> None:
    index = leaf - 1
    assert [p.hex() for p in merkle.inclusion_proof(LEAVES, index, size)] == proof
    assert merkle.verify_inclusion(LEAVES[index], index, size, [h(p) for p in proof], h(ROOT_HASHES[size]))


@pytest.mark.parametrize(("size1", "size2", "proof"), CONSISTENCY)
def test_consistency_proofs_match_the_reference(size1: int, size2: int, proof: list[str]) -> None:
    assert [p.hex() for p in merkle.consistency_proof(LEAVES, size1, size2)] == proof
    assert merkle.verify_consistency(size1, size2, h(ROOT_HASHES[size1]), h(ROOT_HASHES[size2]), [h(p) for p in proof])


# --- every corruption fails ----------------------------------------------------------------------------------


def _inclusion_corruptions(index: int, size: int, proof: list[bytes], root: bytes, leaf: bytes):
    yield "index - 1", (leaf, index - 1, size, proof, root)
    yield "index + 1", (leaf, index + 1, size, proof, root)
    yield "index ^ 2", (leaf, index ^ 2, size, proof, root)
    yield "size * 2", (leaf, index, size * 2, proof, root)
    yield "size // 2", (leaf, index, size // 2, proof, root)
    yield "wrong leaf", (b"WrongLeaf", index, size, proof, root)
    yield "other leaf", (SOME_HASH, index, size, proof, root)
    yield "empty root", (leaf, index, size, proof, merkle.EMPTY_ROOT)
    yield "random root", (leaf, index, size, proof, SOME_HASH)
    yield "short root", (leaf, index, size, proof, root[:31])
    yield "trailing garbage", (leaf, index, size, [*proof, b""], root)
    yield "trailing root", (leaf, index, size, [*proof, root], root)
    yield "preceding garbage", (leaf, index, size, [b"", *proof], root)
    yield "preceding root", (leaf, index, size, [root, *proof], root)
    for i in range(len(proof)):
        for byte in range(32):
            for bit in (0, 7):
                wrong = list(proof)
                wrong[i] = bytes(b ^ (1 << bit) if j == byte else b for j, b in enumerate(proof[i]))
                yield f"flip proof[{i}] byte {byte} bit {bit}", (leaf, index, size, wrong, root)
        yield f"drop proof[{i}]", (leaf, index, size, proof[:i] + proof[i + 1 :], root)
        yield f"truncate proof[{i}]", (leaf, index, size, [*proof[:i], proof[i][:31], *proof[i + 1 :]], root)
    for i in range(len(proof) + 1):
        yield f"insert at {i}", (leaf, index, size, [*proof[:i], SOME_HASH, *proof[i:]], root)
    if len(proof) > 1:
        yield "swap first two", (leaf, index, size, [proof[1], proof[0], *proof[2:]], root)


def test_every_corrupted_inclusion_proof_fails() -> None:
    checked = 0
    for size in range(1, 9):
        root = merkle.root(LEAVES[:size])
        for index in range(size):
            proof = merkle.inclusion_proof(LEAVES, index, size)
            assert merkle.verify_inclusion(LEAVES[index], index, size, proof, root)
            for desc, args in _inclusion_corruptions(index, size, proof, root, LEAVES[index]):
                assert merkle.verify_inclusion(*args) is False, f"size {size} index {index}: {desc}"
                checked += 1
    assert checked > 5000


def _consistency_corruptions(size1: int, size2: int, root1: bytes, root2: bytes, proof: list[bytes]):
    yield "size1 - 1", (size1 - 1, size2, root1, root2, proof)
    yield "size1 + 1", (size1 + 1, size2, root1, root2, proof)
    yield "size1 ^ 2", (size1 ^ 2, size2, root1, root2, proof)
    yield "size2 * 2", (size1, size2 * 2, root1, root2, proof)
    yield "size2 // 2", (size1, size2 // 2, root1, root2, proof)
    yield "wrong root1", (size1, size2, b"WrongRoot", root2, proof)
    yield "wrong root2", (size1, size2, root1, b"WrongRoot", proof)
    yield "other root1", (size1, size2, SOME_HASH, root2, proof)
    yield "other root2", (size1, size2, root1, SOME_HASH, proof)
    yield "swapped roots", (size1, size2, root2, root1, proof)
    yield "empty proof", (size1, size2, root1, root2, [])
    yield "trailing garbage", (size1, size2, root1, root2, [*proof, b""])
    yield "trailing root1", (size1, size2, root1, root2, [*proof, root1])
    yield "trailing root2", (size1, size2, root1, root2, [*proof, root2])
    yield "preceding garbage", (size1, size2, root1, root2, [b"", *proof])
    yield "preceding root1", (size1, size2, root1, root2, [root1, *proof])
    yield "preceding root2", (size1, size2, root1, root2, [root2, *proof])
    yield "preceding proof[0]", (size1, size2, root1, root2, [proof[0], *proof])
    for i in range(len(proof)):
        for byte in range(32):
            for bit in (0, 4):
                wrong = list(proof)
                wrong[i] = bytes(b ^ (1 << bit) if j == byte else b for j, b in enumerate(proof[i]))
                yield f"flip proof[{i}] byte {byte} bit {bit}", (size1, size2, root1, root2, wrong)
        yield f"drop proof[{i}]", (size1, size2, root1, root2, proof[:i] + proof[i + 1 :])
    for i in range(len(proof) + 1):
        yield f"insert at {i}", (size1, size2, root1, root2, [*proof[:i], SOME_HASH, *proof[i:]])


def test_every_corrupted_consistency_proof_fails() -> None:
    checked = 0
    for size2 in range(2, 9):
        for size1 in range(1, size2):
            root1, root2 = merkle.root(LEAVES[:size1]), merkle.root(LEAVES[:size2])
            proof = merkle.consistency_proof(LEAVES, size1, size2)
            assert merkle.verify_consistency(size1, size2, root1, root2, proof)
            for desc, args in _consistency_corruptions(size1, size2, root1, root2, proof):
                assert merkle.verify_consistency(*args) is False, f"{size1}->{size2}: {desc}"
                checked += 1
    assert checked > 3000


# --- malformed input: False, never an exception -----------------------------------------------------------------


def test_single_entry_tree() -> None:
    leaf = merkle.leaf_hash(b"data")
    assert merkle.verify_inclusion(leaf, 0, 1, [], leaf)
    assert not merkle.verify_inclusion(leaf, 0, 1, [], b"")
    assert not merkle.verify_inclusion(b"", 0, 1, [], leaf)
    assert not merkle.verify_inclusion(b"", 0, 1, [], b"")


@pytest.mark.parametrize(("index", "size"), [(0, 0), (1, 0), (2, 1), (1, 1), (-1, 4), (5, 4)])
def test_inclusion_with_index_outside_the_tree_fails(index: int, size: int) -> None:
    for leaf, root in [
        (SOME_HASH, b""),
        (b"", merkle.EMPTY_ROOT),
        (SOME_HASH, merkle.EMPTY_ROOT),
        (SOME_HASH, SOME_HASH),
    ]:
        assert merkle.verify_inclusion(leaf, index, size, [], root) is False


@pytest.mark.parametrize(
    "args",
    [
        (None, 0, 1, [], SOME_HASH),
        (SOME_HASH, "0", 1, [], SOME_HASH),
        (SOME_HASH, 0, 1.0, [], SOME_HASH),
        (SOME_HASH, True, 2, [SOME_HASH], SOME_HASH),
        (SOME_HASH, 0, 2, None, SOME_HASH),
        (SOME_HASH, 0, 2, [None], SOME_HASH),
        (SOME_HASH, 0, 2, ["ab" * 32], SOME_HASH),
        (SOME_HASH, 0, 2, [SOME_HASH], SOME_HASH.hex()),
        (SOME_HASH, 0, 2, 12, SOME_HASH),
        ("x" * 32, 0, 1, [], "x" * 32),
    ],
)
def test_inclusion_never_raises_on_garbage(args: tuple) -> None:
    assert merkle.verify_inclusion(*args) is False


def test_consistency_edge_cases() -> None:
    r1, r2 = h(ROOT_HASHES[1]), h(ROOT_HASHES[2])
    assert merkle.verify_consistency(1, 1, r1, r1, [])
    assert not merkle.verify_consistency(1, 1, r1, r2, [])  # equal sizes, different roots
    assert not merkle.verify_consistency(1, 1, r1, r1, [merkle.EMPTY_ROOT])  # equal sizes, non-empty proof
    assert not merkle.verify_consistency(0, 0, merkle.EMPTY_ROOT, merkle.EMPTY_ROOT, [])  # from the empty tree
    assert not merkle.verify_consistency(0, 1, merkle.EMPTY_ROOT, r1, [])
    assert not merkle.verify_consistency(2, 1, r2, r1, [])  # time travel
    assert not merkle.verify_consistency(1, 2, r1, r2, [])  # empty proof for different sizes
    assert not merkle.verify_consistency(1, 2, r1[:31], r2, [LEAVES[1]])
    assert not merkle.verify_consistency(-1, 2, r1, r2, [LEAVES[1]])
    assert not merkle.verify_consistency(1, 2, r1, r2, "not a list")
    assert not merkle.verify_consistency(1, 2, r1, r2, [LEAVES[1].hex()])
    assert not merkle.verify_consistency(None, 2, r1, r2, [LEAVES[1]])
    assert merkle.verify_consistency(1, 2, r1, r2, [LEAVES[1]])


def test_generators_refuse_impossible_requests() -> None:
    for args in [(LEAVES, 8, 8), (LEAVES, -1, 4), (LEAVES, 0, 9), (LEAVES, 0, 0)]:
        with pytest.raises(ValueError):
            merkle.inclusion_proof(*args)
    for args in [(LEAVES, 0, 4), (LEAVES, 5, 4), (LEAVES, 1, 9)]:
        with pytest.raises(ValueError):
            merkle.consistency_proof(*args)


# --- properties --------------------------------------------------------------------------------------------------


def _leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(i.to_bytes(8, "big")) for i in range(n)]


def _reference_root(hashes: list[bytes]) -> bytes:
    """MTH by the RFC's recursive definition, to check the iterative root."""
    if not hashes:
        return merkle.EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return merkle.node_hash(_reference_root(hashes[:k]), _reference_root(hashes[k:]))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))))
def test_generated_inclusion_proofs_verify(size_index: tuple[int, int]) -> None:
    size, index = size_index
    leaves = _leaves(size)
    root = merkle.root(leaves)
    assert root == _reference_root(leaves)
    proof = merkle.inclusion_proof(leaves, index, size)
    assert len(proof) <= size.bit_length()
    assert merkle.verify_inclusion(leaves[index], index, size, proof, root)
    assert not merkle.verify_inclusion(leaves[(index + 1) % size], index, size, proof, root) or size == 1


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n))))
def test_generated_consistency_proofs_verify(sizes: tuple[int, int]) -> None:
    size1, size2 = sizes
    leaves = _leaves(size2)
    root1, root2 = merkle.root(leaves[:size1]), merkle.root(leaves)
    proof = merkle.consistency_proof(leaves, size1, size2)
    assert merkle.verify_consistency(size1, size2, root1, root2, proof)
    if proof:
        assert not merkle.verify_consistency(size1, size2, root1, root2, proof[:-1])
        assert not merkle.verify_consistency(size1, size2, root1, root2, [*proof, proof[-1]])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=40), min_size=1, max_size=64), st.data())
def test_proofs_over_arbitrary_entries(entries: list[bytes], data: st.DataObject) -> None:
    leaves = [merkle.leaf_hash(e) for e in entries]
    index = data.draw(st.integers(0, len(leaves) - 1))
    size = data.draw(st.integers(index + 1, len(leaves)))
    root = merkle.root(leaves[:size])
    assert merkle.verify_inclusion(leaves[index], index, size, merkle.inclusion_proof(leaves, index, size), root)


def test_perfect_subtrees_refuse_unaligned_ranges() -> None:
    assert merkle.perfect_subtrees(0, 7) == [(2, 0), (1, 2), (0, 6)]
    assert merkle.perfect_subtrees(8, 13) == [(2, 2), (0, 12)]
    with pytest.raises(ValueError):
        merkle.perfect_subtrees(1, 5)
