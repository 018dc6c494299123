"""What a process knows about a torchrun job; a single process is world_size 1.

Wraps the trainable networks in DistributedDataParallel and makes the loop's decisions
(stop, time-based checkpoint) collective, so every rank takes the same branch.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import distributed as torch_dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from genart_desktop.training.config import TrainConfig


@dataclass
class DistInfo:
    rank: int = 0
    world_size: int = 1
    device: torch.device | None = None

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def wrap(self, models: dict[str, nn.Module], cfg: TrainConfig) -> dict[str, nn.Module]:
        if self.world_size <= 1:
            return dict(models)
        ids = [self.device.index] if self.device is not None and self.device.type == "cuda" else None
        wrapped = dict(models)
        for name in ("G", "D", "encoder", "decoder"):
            if name in models:
                # Buffers (spectral-norm vectors, BN statistics) are synced once at start,
                # then stay per-rank: re-broadcasting them every forward breaks the double
                # use of D in one step. D's decoder is unused in the generator step, hence
                # find_unused_parameters.
                wrapped[name] = DistributedDataParallel(
                    models[name], device_ids=ids, forward_sync_buffers=False,
                    find_unused_parameters=(name == "D" and cfg.recon_decoder),
                )
        return wrapped

    def any(self, flag: bool) -> bool:
        """True on every rank if it is true on any rank."""
        if self.world_size <= 1:
            return flag
        t = torch.tensor([1.0 if flag else 0.0], device=self.device or "cpu")
        torch_dist.all_reduce(t, op=torch_dist.ReduceOp.MAX)
        return bool(t.item() > 0)
