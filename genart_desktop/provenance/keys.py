"""The per-install signing CA for C2PA, created on first use in ``paths.keys_dir()``.

A root CA (ES256 / P-256, CA:true, keyCertSign) signs one end-entity certificate
(CA:false, digitalSignature, EKU emailProtection + documentSigning, as C2PA requires).
Private keys are written with mode 0600. The user can export the root certificate and give
it to a verifier as a trust anchor; the private keys never leave the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from genart_desktop.core import paths
from genart_desktop.core.atomic import atomic_write_bytes, atomic_writer
from genart_desktop.core.errors import ExportError
from genart_desktop.core.version import APP_NAME

ROOT_CERT = "root-ca.pem"
ROOT_KEY = "root-ca.key"
SIGNER_CERT = "signer.pem"
SIGNER_KEY = "signer.key"
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")


@dataclass(frozen=True)
class SigningIdentity:
    chain_pem: bytes  # end-entity certificate, then the root
    key_pem: bytes  # the end-entity's private key (PKCS#8 PEM)
    root_pem: bytes


def _write_private(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
    with atomic_writer(path, "wb", permissions=0o600) as handle:  # 0600 before any byte is written
        handle.write(data)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, APP_NAME),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(**allowed: bool) -> x509.KeyUsage:
    names = ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"]
    return x509.KeyUsage(**{name: allowed.get(name, False) for name in names})


def _create(folder: Path) -> None:
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"{APP_NAME} local root CA ({os.urandom(4).hex()})")
    root = (
        x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
        .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer = (
        x509.CertificateBuilder().subject_name(_name(f"{APP_NAME} signer")).issuer_name(root_name)
        .public_key(signer_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(digital_signature=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING]),
                       critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                       critical=False)
        .sign(root_key, hashes.SHA256())
    )
    # Keys first, certificates last: a crash in between leaves no certificate without its key.
    _write_private(folder / ROOT_KEY, root_key)
    _write_private(folder / SIGNER_KEY, signer_key)
    atomic_write_bytes(folder / ROOT_CERT, root.public_bytes(serialization.Encoding.PEM))
    atomic_write_bytes(folder / SIGNER_CERT, signer.public_bytes(serialization.Encoding.PEM))


_LOCK = threading.Lock()  # export threads sign in parallel: only one may create the CA


def ensure_identity(folder: Path | None = None) -> SigningIdentity:
    """The local signing identity, created on first use."""
    folder = folder or paths.keys_dir()
    with _LOCK, _folder_lock(folder):
        return _load_or_create(folder)


@contextlib.contextmanager
def _folder_lock(folder: Path):
    """Another process (a second app window, the CLI) may create the CA at the same moment."""
    try:
        import fcntl
    except ImportError:  # Windows: the in-process lock is all we have
        yield
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / ".lock", "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise ExportError(f"Cannot use the keys folder: {exc}", path=folder,
                          hint="Check that the app's data folder is writable.") from exc
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _load_or_create(folder: Path) -> SigningIdentity:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        if not all((folder / n).exists() for n in (ROOT_CERT, SIGNER_CERT, SIGNER_KEY)):
            _create(folder)
        signer_pem = (folder / SIGNER_CERT).read_bytes()
        root_pem = (folder / ROOT_CERT).read_bytes()
        key_pem = (folder / SIGNER_KEY).read_bytes()
    except OSError as exc:
        raise ExportError(f"Cannot create or read the signing keys: {exc}", path=folder,
                          hint="Check that the app's data folder is writable.") from exc
    return SigningIdentity(chain_pem=signer_pem + root_pem, key_pem=key_pem, root_pem=root_pem)


def export_root(destination: str | Path) -> Path:
    """Write the root certificate (public, no key) to ``destination`` for use as a trust anchor."""
    identity = ensure_identity()
    destination = Path(destination)
    try:
        atomic_write_bytes(destination, identity.root_pem)
    except OSError as exc:
        raise ExportError(f"Cannot write the root certificate: {exc}", path=destination,
                          hint="Choose a folder you can write to.") from exc
    return destination
