"""The court's signature on a final PDF: PAdES (pyHanko) with the court's key, a visible seal, an RFC 3161
timestamp; and the validation the public verify page runs.

Key material comes from settings, never from the code:
  DOCUMENTS_SIGNING_PKCS12       path of the court's PKCS#12 (key + certificate + chain)
  DOCUMENTS_SIGNING_PASSPHRASE   its passphrase
  DOCUMENTS_SIGNING_PKCS11       a PKCS#11 module path (an HSM) instead of the file — see `_signer`
  DOCUMENTS_TRUST_ROOTS          PEM file(s) of the CA(s) the verify page trusts
  DOCUMENTS_TSA_CERT / _KEY      the local timestamping authority (PEM certificate, PEM key): no network
Defaults: the files `manage.py court_certificates` writes under DOCUMENTS_CERT_DIR (var/court-certs).
A missing, unreadable or expired key: SigningKeyError with a Chinese message, and nothing is signed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from smartcourt.core.errors import ApplicationError

PASSPHRASE_DEFAULT = "demo-court-seal"  # the demo's; production sets DOCUMENTS_SIGNING_PASSPHRASE
FIELD_NAME = "CourtSeal"


class SigningKeyError(ApplicationError):
    code = "documents.signing_key"
    message = _("法院签章密钥不可用，文书未签章。")


def cert_dir() -> Path:
    return Path(getattr(settings, "DOCUMENTS_CERT_DIR", "") or Path(settings.BASE_DIR) / "var" / "court-certs")


def _setting(name: str, default: Path) -> Path:
    value = getattr(settings, name, "")
    return Path(value) if value else default


def paths() -> dict[str, Path]:
    d = cert_dir()
    return {
        "pkcs12": _setting("DOCUMENTS_SIGNING_PKCS12", d / "court.p12"),
        "roots": _setting("DOCUMENTS_TRUST_ROOTS", d / "ca.pem"),
        "tsa_cert": _setting("DOCUMENTS_TSA_CERT", d / "tsa.pem"),
        "tsa_key": _setting("DOCUMENTS_TSA_KEY", d / "tsa.key"),
    }


def passphrase() -> bytes:
    return str(getattr(settings, "DOCUMENTS_SIGNING_PASSPHRASE", "") or PASSPHRASE_DEFAULT).encode()


# --- making the demo's certificates ---------------------------------------------------------------------------------


def certificates_make(
    *, court_name: str, directory: Path | None = None, days: int = 3650, now: datetime | None = None
) -> Path:
    """A CA (本系统演示根证书), the court's signing certificate (PKCS#12) and a timestamping authority, written to
    `directory`. For the demo and tests only: a real court loads its own certificate from its CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory = directory or cert_dir()
    directory.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def key() -> rsa.RSAPrivateKey:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    ca_key = key()
    ca = (
        x509.CertificateBuilder().subject_name(name("smartcourt 演示根证书")).issuer_name(name("smartcourt 演示根证书"))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days * 2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip

    def leaf(cn: str, k: rsa.RSAPrivateKey, eku: list[Any]) -> x509.Certificate:
        b = (
            x509.CertificateBuilder().subject_name(name(cn)).issuer_name(ca.subject).public_key(k.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        )  # fmt: skip
        if eku:
            b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
        return b.sign(ca_key, hashes.SHA256())

    court_key, tsa_key = key(), key()
    court = leaf(court_name, court_key, [])
    tsa = leaf(f"{court_name} 时间戳服务", tsa_key, [ExtendedKeyUsageOID.TIME_STAMPING])
    pem = serialization.Encoding.PEM
    (directory / "ca.pem").write_bytes(ca.public_bytes(pem))
    (directory / "tsa.pem").write_bytes(tsa.public_bytes(pem))
    (directory / "tsa.key").write_bytes(
        tsa_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"court", court_key, court, [ca], serialization.BestAvailableEncryption(passphrase())
    )
    (directory / "court.p12").write_bytes(p12)
    for f in ("tsa.key", "court.p12"):
        (directory / f).chmod(0o600)
    return directory


# --- signing --------------------------------------------------------------------------------------------------------


def _signer() -> Any:
    from pyhanko.sign import signers

    module = getattr(settings, "DOCUMENTS_SIGNING_PKCS11", "")
    if module:
        try:
            from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
        except ImportError as exc:  # python-pkcs11 is not installed: no HSM support here
            raise SigningKeyError(
                "服务器未安装 PKCS#11 支持（python-pkcs11），无法使用硬件密钥签章，文书未签章。"
            ) from exc
        try:
            session = open_pkcs11_session(
                module, user_pin=getattr(settings, "DOCUMENTS_SIGNING_PKCS11_PIN", None),
                token_criteria=getattr(settings, "DOCUMENTS_SIGNING_PKCS11_TOKEN", None),
            )  # fmt: skip
        except Exception as exc:
            raise SigningKeyError("无法打开硬件密钥（PKCS#11），文书未签章。") from exc
        return PKCS11Signer(session, key_label=getattr(settings, "DOCUMENTS_SIGNING_PKCS11_KEY", "court"))
    path = paths()["pkcs12"]
    if not path.exists():
        raise SigningKeyError(
            f"未找到法院签章证书（{path.name}）：请管理员配置 DOCUMENTS_SIGNING_PKCS12 或运行 manage.py court_certificates。文书未签章。"
        )
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase())
    except Exception as exc:
        raise SigningKeyError("法院签章证书无法读取（口令错误或文件损坏），文书未签章。") from exc
    if signer is None:
        raise SigningKeyError("法院签章证书无法读取（口令错误或文件损坏），文书未签章。")
    return signer


def _check_valid(signer: Any, now: datetime) -> None:
    cert = signer.signing_cert
    not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    not_before = cert["tbs_certificate"]["validity"]["not_before"].native
    if now > not_after:
        raise SigningKeyError(f"法院签章证书已于{not_after:%Y年%m月%d日}过期，文书未签章。请更换证书后重试。")
    if now < not_before:
        raise SigningKeyError("法院签章证书尚未生效，文书未签章。")


def _timestamper() -> Any:
    from asn1crypto import keys, pem, x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    p = paths()
    if not (p["tsa_cert"].exists() and p["tsa_key"].exists()):
        raise SigningKeyError("未配置时间戳服务（DOCUMENTS_TSA_CERT / DOCUMENTS_TSA_KEY），文书未签章。")

    def der(path: Path) -> bytes:
        data = path.read_bytes()
        return pem.unarmor(data)[2] if pem.detect(data) else data

    return DummyTimeStamper(
        tsa_cert=x509.Certificate.load(der(p["tsa_cert"])), tsa_key=keys.PrivateKeyInfo.load(der(p["tsa_key"]))
    )


def seal_box(pdf: bytes) -> tuple[int, tuple[int, int, int, int]]:
    """Where the seal goes: over 「院印」 on the last page that prints it (centred on the date above), else the
    lower right of the last page. (page index, (x1, y1, x2, y2)) in PDF points."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        last = len(doc) - 1
        for index in range(last, -1, -1):
            page = doc[index]
            text = page.get_textpage()
            searcher = text.search("院印")
            found = searcher.get_next()
            if found:
                start, _count = found
                x1, _y1, x2, y2 = text.get_charbox(start)
                cx, cy = (x1 + x2) / 2, y2 + 20
                return index, (int(cx - 60), int(cy - 60), int(cx + 60), int(cy + 60))
        w, _h = doc[last].get_size()
        return last, (int(w - 200), 120, int(w - 80), 240)
    finally:
        doc.close()


def pdf_sign(pdf: bytes, *, court_name: str, reason: str = "人民法院电子签章", now: datetime | None = None) -> bytes:
    from pyhanko.pdf_utils import images
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    from .seal import seal_png

    signer = _signer()
    _check_valid(signer, now or datetime.now(UTC))
    timestamper = _timestamper()
    page, box = seal_box(pdf)
    from PIL import Image

    seal = Image.open(io.BytesIO(seal_png(court_name)))
    style = StaticStampStyle(border_width=0, background=images.PdfImage(seal), background_opacity=0.9)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, reason=reason, location=court_name, subfilter=None)
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, timestamper=timestamper, stamp_style=style,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=page, box=box),
    )  # fmt: skip
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()


# --- validation -----------------------------------------------------------------------------------------------------


@dataclass
class SignatureCheck:
    ok: bool
    signer: str = ""
    signed_at: str = ""
    timestamp: str = ""
    problems: list[str] = field(default_factory=list)


def _roots() -> list[Any]:
    from asn1crypto import pem, x509

    path = paths()["roots"]
    if not path.exists():
        return []
    data = path.read_bytes()
    return [x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)]


def pdf_validate(pdf: bytes) -> SignatureCheck:
    """pyHanko's validation of the court's signature: intact (the bytes signed are the bytes given), valid and
    trusted (the chain reaches a configured root), its timestamp valid, and nothing changed after it."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except Exception:
        return SignatureCheck(False, problems=["文件不是有效的 PDF，或已损坏。"])
    if not sigs:
        return SignatureCheck(False, problems=["该 PDF 没有电子签章。"])
    sig = sigs[-1]
    roots = _roots()
    vc = ValidationContext(trust_roots=roots, allow_fetching=False) if roots else None
    try:
        status = validate_pdf_signature(sig, signer_validation_context=vc, ts_validation_context=vc)
    except Exception as exc:
        return SignatureCheck(False, problems=[f"签章无法核验：{type(exc).__name__}"])
    problems = []
    if not status.intact:
        problems.append("签章后文件内容被修改（摘要不符）。")
    if not status.valid:
        problems.append("签名值无效。")
    if not status.trusted:
        problems.append("签章证书不受本院信任的根证书签发。")
    if status.timestamp_validity is None:
        problems.append("签章没有可信时间戳。")
    elif not (status.timestamp_validity.intact and status.timestamp_validity.valid):
        problems.append("时间戳无效。")
    if status.coverage is not None and status.coverage.name not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
        problems.append("签章未覆盖整个文件。")
    try:
        if len(sigs) and sig.signed_revision < reader.xrefs.total_revisions - 1:
            problems.append("签章后文件又被追加修改。")
    except Exception:
        pass
    signer_name = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    ts = status.timestamp_validity.timestamp.isoformat() if status.timestamp_validity else ""
    signed_at = status.signer_reported_dt.isoformat() if status.signer_reported_dt else ""
    return SignatureCheck(not problems, signer=signer_name, signed_at=signed_at, timestamp=ts, problems=problems)
