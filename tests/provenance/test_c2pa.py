"""C2PA with the real c2pa-python Reader: valid, trusted with our root, invalid after tampering."""

from __future__ import annotations

import io
import stat

import c2pa
import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from genart_desktop.core import paths
from genart_desktop.provenance import keys
from genart_desktop.provenance.c2pa_read import read_c2pa
from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
from genart_desktop.provenance.jsonio import record_sha256
from genart_desktop.provenance.verify import verify_file
from tests.provenance.helpers import change_one_pixel, edit_embedded_xmp, record_dict, source_png


@pytest.fixture
def root_pem(tmp_path):
    return keys.export_root(tmp_path / "root.pem")


def _export(tmp_path, mode="embed", fmt="png", record=None, parent=None, name="art"):
    source = source_png(tmp_path)
    report = export_images(
        [ExportItem(source, record or record_dict(), name, parent=parent)],
        ExportOptions(tmp_path / "out", format=fmt, c2pa=mode),
    )
    assert report.failed == []
    return report.exported[0]


def test_local_ca_is_created_once_with_private_keys_0600():
    first = keys.ensure_identity()
    folder = paths.keys_dir()
    for name in (keys.ROOT_KEY, keys.SIGNER_KEY):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert keys.ensure_identity() == first
    signer = x509.load_pem_x509_certificate((folder / keys.SIGNER_CERT).read_bytes())
    root = x509.load_pem_x509_certificate(first.root_pem)
    assert signer.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert signer.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    eku = signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in eku
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert signer.issuer == root.subject
    assert b"PRIVATE" not in first.root_pem


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp"])
def test_embedded_manifest_is_valid_then_trusted_with_our_root(tmp_path, root_pem, fmt):
    exported = _export(tmp_path, fmt=fmt)
    data = exported.image.read_bytes()
    with c2pa.Reader(f"image/{fmt}", io.BytesIO(data)) as reader:
        assert reader.get_validation_state() == "Valid"
        manifest = reader.get_active_manifest()
    labels = {a["label"] for a in manifest["assertions"]}
    assert {"c2pa.actions.v2", "cawg.metadata", "cawg.training-mining", "org.genart.provenance"} <= labels
    actions = next(a for a in manifest["assertions"] if a["label"] == "c2pa.actions.v2")["data"]["actions"]
    assert actions[0]["action"] == "c2pa.created"
    assert actions[0]["digitalSourceType"].endswith("/trainedAlgorithmicMedia")
    assert [(i["relationship"]) for i in manifest["ingredients"]] == ["inputTo"]
    assert "cd" * 32 in manifest["ingredients"][0]["description"]  # the generator's sha256
    app = next(a for a in manifest["assertions"] if a["label"] == "org.genart.provenance")["data"]
    assert app["record_sha256"] == record_sha256(exported.json.read_bytes())
    assert read_c2pa(exported.image, trust_anchor=root_pem).state == "Trusted"
    assert verify_file(exported.image, trust_anchor=root_pem).ok


def test_sidecar_manifest(tmp_path, root_pem):
    exported = _export(tmp_path, mode="sidecar")
    assert exported.c2pa.name == "art.c2pa"  # where c2pa-rs looks: the extension replaced
    result = read_c2pa(exported.image, exported.c2pa, root_pem)
    assert result.state == "Trusted" and not result.embedded
    verdict = verify_file(exported.image, trust_anchor=root_pem)
    assert verdict.ok, verdict.describe()


def test_another_root_is_not_trusted(tmp_path):
    exported = _export(tmp_path)
    other = keys.ensure_identity(tmp_path / "other-keys")
    (tmp_path / "other.pem").write_bytes(other.root_pem)
    assert read_c2pa(exported.image, trust_anchor=tmp_path / "other.pem").state != "Trusted"
    assert not verify_file(exported.image, trust_anchor=tmp_path / "other.pem").ok


def test_one_changed_pixel_is_invalid(tmp_path):
    exported = _export(tmp_path)
    change_one_pixel(exported.image)
    assert read_c2pa(exported.image).state == "Invalid"
    verdict = verify_file(exported.image)
    assert not verdict.ok
    failed = {c.name for c in verdict.checks if c.ok is False}
    assert {"C2PA", "image hash"} <= failed


def test_edited_xmp_after_signing_is_invalid(tmp_path):
    exported = _export(tmp_path)
    edit_embedded_xmp(exported.image, "Zoë Example".encode(), b"Mallory Xample")
    assert read_c2pa(exported.image).state == "Invalid"
    failed = {c.name for c in verify_file(exported.image).checks if c.ok is False}
    assert {"C2PA", "embedded XMP"} <= failed


def test_edited_json_record_is_caught_by_the_signed_hash(tmp_path):
    exported = _export(tmp_path)
    text = exported.json.read_text(encoding="utf-8").replace("first of the series", "second of the series")
    exported.json.write_text(text, encoding="utf-8")
    failed = {c.name for c in verify_file(exported.image).checks if c.ok is False}
    assert "C2PA record hash" in failed


def test_re_export_after_edits_signs_with_the_earlier_file_as_parent(tmp_path, root_pem):
    first = _export(tmp_path)
    record = record_dict()
    record["human_contribution"]["edits"] = [
        {"operation": "rotate", "parameters": {"degrees": 90}, "created": ""}
    ]
    second = _export(tmp_path, record=record, parent=first.image, name="art-edited")
    result = read_c2pa(second.image, trust_anchor=root_pem)
    assert result.state == "Trusted"
    relationships = {i["title"]: i["relationship"] for i in result.manifest["ingredients"]}
    assert relationships["art.png"] == "parentOf"
    actions = result.assertion("c2pa.actions.v2")["actions"]
    assert [a["action"] for a in actions] == ["c2pa.opened", "c2pa.edited"]
    assert actions[1]["parameters"]["degrees"] == 90
    assert second.record["export"]["parent_file"] == "art.png"


def test_parallel_first_use_creates_one_consistent_ca():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        identities = list(pool.map(lambda _i: keys.ensure_identity(), range(8)))
    assert len({i.chain_pem for i in identities}) == 1
    signer = x509.load_pem_x509_certificate(identities[0].chain_pem)
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(identities[0].key_pem, password=None)
    assert key.public_key().public_numbers() == signer.public_key().public_numbers()


def test_jpeg_with_extended_xmp_signs_and_verifies(tmp_path, root_pem):
    record = record_dict()
    record["notes"] = "ü" * 100_000
    exported = _export(tmp_path, fmt="jpeg", record=record)
    assert read_c2pa(exported.image, trust_anchor=root_pem).state == "Trusted"
    verdict = verify_file(exported.image, trust_anchor=root_pem)
    assert verdict.ok, verdict.describe()


def test_processes_creating_the_ca_at_once_agree(genart_home):
    import subprocess
    import sys

    code = "from genart_desktop.provenance import keys; print(keys.ensure_identity().root_pem.hex())"
    command = [sys.executable, "-c", code]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    roots = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert len(roots) == 1 and all(p.returncode == 0 for p in procs)
    assert keys.ensure_identity().root_pem.hex() in roots
