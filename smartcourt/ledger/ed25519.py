"""Ed25519 signature verification in pure Python (RFC 8032 §5.1.7), standard library only.

Only for the offline verifier (`python -m smartcourt.ledger.verify`), which must run with nothing but the standard
library; the server signs and verifies with `cryptography`. Not constant-time — it handles public data only
(public keys, signatures, checkpoint text), never a secret.

Curve edwards25519: -x² + y² = 1 + d·x²·y² over GF(p), p = 2²⁵⁵ − 19; points in extended coordinates (X, Y, Z, T)
with x = X/Z, y = Y/Z, x·y = T/Z.
"""

from __future__ import annotations

import hashlib

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493  # order of the base point
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)

Point = tuple[int, int, int, int]
IDENTITY: Point = (0, 1, 1, 0)


def _add(a: Point, b: Point) -> Point:
    """Point addition (RFC 8032 §5.1.4, the unified formula for a = -1)."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    pa = (y1 - x1) * (y2 - x2) % P
    pb = (y1 + x1) * (y2 + x2) % P
    pc = 2 * t1 * t2 * D % P
    pd = 2 * z1 * z2 % P
    e, f, g, h = pb - pa, pd - pc, pd + pc, pb + pa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(scalar: int, point: Point) -> Point:
    result = IDENTITY
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _same(a: Point, b: Point) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _x_from_y(y: int, sign: int) -> int | None:
    """Recover x from y and the sign bit (RFC 8032 §5.1.3); None if no such point."""
    if y >= P:
        return None
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x2 = u * pow(v, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    if x & 1 != sign:
        x = P - x
    return x


def _decode_point(data: bytes) -> Point | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _x_from_y(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


_BY = 4 * pow(5, P - 2, P) % P
_BX = _x_from_y(_BY, 0)
assert _BX is not None
BASE: Point = (_BX, _BY, 1, _BX * _BY % P)


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """True iff `signature` is a valid Ed25519 signature of `message` by `public_key` (cofactorless check
    [S]B = R + [k]A, as RFC 8032 §5.1.7 permits). Never raises on malformed input."""
    try:
        if len(public_key) != 32 or len(signature) != 64:
            return False
        a = _decode_point(bytes(public_key))
        r = _decode_point(bytes(signature[:32]))
        if a is None or r is None:
            return False
        s = int.from_bytes(signature[32:], "little")
        if s >= L:
            return False
        k = int.from_bytes(
            hashlib.sha512(bytes(signature[:32]) + bytes(public_key) + bytes(message)).digest(), "little"
        )
        return _same(_mul(s, BASE), _add(r, _mul(k % L, a)))
    except Exception:  # any malformed input is a failed verification
        return False
