"""``torchrun --nproc_per_node N -m genart_desktop.training.ddp SOURCE --preset … --steps …``

PyTorch DistributedDataParallel over torchrun's processes: gloo on CPU, NCCL on GPUs (one
per local rank). Rank 0 creates the run (or reads ``--resume``) and tells the others its id;
every rank trains on its own batches with synchronised gradients; only rank 0 writes
checkpoints, samples, metrics and the model.
"""

from __future__ import annotations

import argparse
import os
import sys

import torch
from torch import distributed as dist

from genart_desktop.core.console import ConsoleBar
from genart_desktop.training import pipeline, registration
from genart_desktop.training.cli_args import add_train_arguments, request_from_args
from genart_desktop.training.distributed import DistInfo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="genart_desktop.training.ddp", description=__doc__)
    add_train_arguments(parser)
    args = parser.parse_args(argv)
    rank, world = int(os.environ.get("RANK", 0)), int(os.environ.get("WORLD_SIZE", 1))
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    use_cuda = torch.cuda.is_available() and args.device in ("auto", "cuda")
    device = torch.device(f"cuda:{local_rank}") if use_cuda else torch.device("cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    try:
        box = [args.resume]
        if rank == 0 and not args.resume:
            box = [pipeline.create_run_for(request_from_args(args), device=str(device))]
        dist.broadcast_object_list(box, src=0)
        run_id = box[0]
        info = DistInfo(rank=rank, world_size=world, device=device)
        progress = ConsoleBar() if rank == 0 else (lambda f, m: None)
        outcome = pipeline.train_run(run_id, progress=progress, dist=info)
        dist.barrier()
        if outcome is not None:
            registration.register_model(outcome.card, outcome.model_folder)
            print(f"model {outcome.card['id']} written to {outcome.model_folder}")
    finally:
        dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
