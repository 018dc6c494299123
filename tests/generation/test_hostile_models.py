"""Issue 14, items 3 and 9: one bad card or hostile model file is refused with its reason
before anything is allocated; the other models keep working. Real ONNX files built here."""

from __future__ import annotations

import json

import onnx
import pytest
from onnx import TensorProto, helper

from genart_desktop.cli import main
from genart_desktop.core import paths
from genart_desktop.core.errors import ModelError
from genart_desktop.generation.engine import Engine
from genart_desktop.generation.registry import find_model, scan_all
from tests.generation import tiny_models


def _bad_card_folder(folder_name: str, changes: dict) -> None:
    folder = paths.ensure(paths.models_dir()) / folder_name
    folder.mkdir()
    card = tiny_models.card_for(folder_name, "gan", {})
    card.update(changes)
    (folder / "card.json").write_text(json.dumps(card))


@pytest.mark.parametrize("changes, reason", [
    ({"z_dim": "sixty-four"}, "z_dim must be a whole number, not 'sixty-four'"),
    ({"z_dim": 10**10}, "z_dim 10000000000 is outside 1–4096"),
    ({"resolution": 60000}, "resolution 60000 px is outside 8–2048"),
    ({"name": "n" * 1_000_000}, "name is longer than 200 characters"),
])
def test_a_bad_card_is_listed_as_unusable_and_the_other_models_still_work(gan_model, capsys, changes, reason):
    _bad_card_folder("broken", changes)
    models, refused = scan_all()
    assert [m.id for m in models] == ["tiny-gan"]
    assert [u.folder.name for u in refused] == ["broken"] and reason in refused[0].reason
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "broken  UNUSABLE: The model card is not valid: " + reason in out and "tiny-gan" in out
    assert main(["generate", "--model", "tiny-gan", "--seed", "1", "--count", "1", "--json"]) == 0


def test_a_truncated_card_is_unusable_with_its_reason(gan_model):
    folder = paths.models_dir() / "cut"
    folder.mkdir()
    (folder / "card.json").write_text('{"schema": "genart.model-card/1", "kind": "ga')
    [refused] = scan_all()[1]
    assert refused.reason == "The model card could not be read."


def _generator_declaring(out_side: int) -> bytes:
    z = helper.make_tensor_value_info("z", TensorProto.FLOAT, ["N", tiny_models.Z_DIM])
    image = helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 3, out_side, out_side])
    graph = helper.make_graph([helper.make_node("Identity", ["z"], ["image"])], "g", [z], [image])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    onnx.checker.check_model(model)
    return model.SerializeToString()


@pytest.mark.parametrize("side", [60000, 12000])
def test_an_onnx_output_larger_than_the_card_is_refused_before_a_session_exists(side):
    root = paths.ensure(paths.models_dir())
    tiny_models.write_model(root, "huge", {"generator.onnx": _generator_declaring(side)})
    engine = Engine(use_gpu=False)
    with pytest.raises(ModelError, match=rf"declared \[N, 3, {side}, {side}\], not \[N, 3, "):
        engine.load(find_model("huge"))
    assert engine._models == {}  # no session was created
