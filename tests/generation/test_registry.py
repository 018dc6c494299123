from __future__ import annotations

import hashlib
import json

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from genart_desktop.core import paths
from genart_desktop.core.errors import ModelError
from genart_desktop.generation.engine import Engine
from genart_desktop.generation.registry import find_model, scan, verify_model, verify_onnx_file
from tests.generation import tiny_models


def test_scan_finds_user_and_bundled_models(tmp_path, gan_files, vae_files):
    user, bundled = tmp_path / "user", tmp_path / "bundled"
    tiny_models.write_model(user, "a", gan_files)
    tiny_models.write_model(bundled, "b", vae_files, kind="vae")
    tiny_models.write_model(bundled, "a", gan_files, name="Bundled copy")  # the user's copy wins
    (user / "junk").mkdir()
    (user / "junk" / "card.json").write_text("{not json")
    models = scan([(user, False), (bundled, True)])
    assert [(m.id, m.bundled) for m in models] == [("a", False), ("b", True)]
    assert find_model("Tiny b", roots=[(user, False), (bundled, True)]).id == "b"
    with pytest.raises(ModelError, match="no model called"):
        find_model("nope", roots=[(user, False)])


def test_registry_rejects_a_tampered_onnx(gan_model):
    data = bytearray(gan_model.generator_path.read_bytes())
    data[-1] ^= 0xFF
    gan_model.generator_path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256 differs") as info:
        Engine().load(gan_model)
    assert info.value.path == gan_model.generator_path


def test_registry_rejects_a_card_without_checksums(tmp_path, gan_files):
    folder = tiny_models.write_model(tmp_path, "nosha", gan_files)
    card = json.loads((folder / "card.json").read_text())
    card["files"] = {}
    (folder / "card.json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match="no sha256"):
        verify_model(find_model("nosha", roots=[(tmp_path, False)]))


def _external_model(location: str) -> bytes:
    weight = numpy_helper.from_array(np.ones(4, np.float32), "w")
    weight.ClearField("raw_data")
    weight.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", "0"), ("length", "16")):
        entry = weight.external_data.add()
        entry.key, entry.value = key, value
    graph = helper.make_graph(
        [helper.make_node("Add", ["z", "w"], ["image"])],
        "g",
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [4])],
        [weight],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    return model.SerializeToString()


@pytest.mark.parametrize("location", ["../outside.bin", "/etc/passwd", "sub/../../outside.bin"])
def test_registry_rejects_external_data_outside_the_folder(tmp_path, location):
    (tmp_path / "outside.bin").write_bytes(np.ones(4, np.float32).tobytes())
    folder = tiny_models.write_model(
        tmp_path / "models", "ext", {"generator.onnx": _external_model(location)}
    )
    with pytest.raises(ModelError, match="outside its model folder"):
        verify_model(find_model("ext", roots=[(tmp_path / "models", False)]))
    assert folder.exists()  # nothing deleted


def test_external_data_inside_the_folder_is_allowed(tmp_path):
    folder = tiny_models.write_model(tmp_path, "inside", {"generator.onnx": _external_model("weights.bin")})
    (folder / "weights.bin").write_bytes(np.ones(4, np.float32).tobytes())
    info = find_model("inside", roots=[(tmp_path, False)])
    # the file only (this stand-in graph's shapes do not follow the generator contract)
    verify_onnx_file(info.generator_path, folder, info.generator_sha256)


def test_checker_failure_is_a_clear_error(tmp_path):
    graph = helper.make_graph(
        [helper.make_node("NoSuchOp", ["z"], ["image"])],
        "g",
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1])],
    )
    bad = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)]).SerializeToString()
    tiny_models.write_model(tmp_path, "bad", {"generator.onnx": bad})
    with pytest.raises(ModelError, match=r"onnx\.checker"):
        verify_model(find_model("bad", roots=[(tmp_path, False)]))


def test_garbage_onnx_is_refused(tmp_path):
    tiny_models.write_model(tmp_path, "garbage", {"generator.onnx": b"\x00not an onnx file" * 10})
    with pytest.raises(ModelError):
        verify_model(find_model("garbage", roots=[(tmp_path, False)]))


def test_default_roots_are_the_app_folders(gan_model):
    assert gan_model.folder.parent == paths.models_dir()
    assert hashlib.sha256(gan_model.generator_path.read_bytes()).hexdigest() == gan_model.generator_sha256
    assert onnx.load(str(gan_model.generator_path)).opset_import[0].version >= 18
