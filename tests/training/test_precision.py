"""The precision a run computes in: bf16 autocast where the device has it, fp32 when asked."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from genart_desktop.core.errors import TrainingError
from genart_desktop.training.config import preset
from genart_desktop.training.device import cpu_has_bf16, resolve_precision
from genart_desktop.training.runs import RunFolder
from tests.training.conftest import TINY, make_images

CPU = torch.device("cpu")


def test_auto_follows_the_cpu_and_fp32_or_bf16_are_kept():
    assert resolve_precision("auto", CPU) == ("bf16" if cpu_has_bf16() else "fp32")
    assert resolve_precision("fp32", CPU) == "fp32"
    assert resolve_precision("bf16", CPU) == "bf16"  # asked for: allowed even where emulated
    with pytest.raises(TrainingError, match="precision"):
        resolve_precision("fp64", CPU)
    with pytest.raises(TrainingError, match="precision"):
        preset("projected-64", precision="half")


def _train(tmp_path, name: str, precision: str):
    from genart_desktop.training.trainer import Budget, Trainer

    run = RunFolder(tmp_path / f"{name}-{precision}").create()
    run.write_run({"id": run.folder.name})
    cfg = preset(name, **TINY, precision=precision)
    trainer = Trainer(cfg, make_images(8, 64), run, Budget(steps=2), device="cpu")
    trainer.fit()
    return trainer


@pytest.mark.parametrize("name", ["projected-64", "quick-64", "vae-gan-64"])
def test_a_bf16_run_trains_in_bf16_and_keeps_fp32_weights(tmp_path, name):
    bf16 = _train(tmp_path, name, "bf16")
    fp32 = _train(tmp_path, name, "fp32")
    assert (bf16.precision, fp32.precision) == ("bf16", "fp32")
    losses = [m for m in bf16.run.read_metrics() if m["type"] == "train"]
    assert losses and all(np.isfinite(v) for m in losses for v in m.values() if isinstance(v, float))
    changed = False
    for key, module in bf16.models.items():
        for (pname, a), b in zip(module.state_dict().items(), fp32.models[key].state_dict().values(),
                                 strict=True):
            assert a.dtype == b.dtype, f"{key}.{pname} left its dtype"
            if a.is_floating_point() and not torch.equal(a, b):
                changed = True
    # Same seeds and data: the runs differ only by the arithmetic, so differing weights show
    # that the steps really ran under bf16 autocast.
    assert changed
