"""`genart generate`: generate images with a model into the gallery (and, with --out, export them).

Examples:
  genart generate --model my-model --seed 42 --count 8
  genart generate --model "My model" --seed 1 --count 16 --psi 0.7 --out ./out --format webp --c2pa embed
  genart generate --model my-model --seed 1 --interpolate 2 --frames 24 --animation walk.webp
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path

HELP = "Generate images with a model"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help="model id or name (see `genart models`)")
    parser.add_argument("--seed", type=int, default=None, help="first seed (random when left out)")
    parser.add_argument("--count", type=int, default=1, help="how many images (seeds seed … seed+count-1)")
    parser.add_argument("--batch", type=int, default=16, help="images per ONNX Runtime run")
    parser.add_argument("--psi", type=float, default=None,
                        help="truncation ψ towards the mean latent (GAN) or temperature (VAE); "
                             "default: the model card's recommendation, else 1")
    parser.add_argument("--upscale", type=int, choices=(2, 4), help="Lanczos upscale (recorded as an edit)")
    parser.add_argument("--interpolate", type=int, metavar="SEED2",
                        help="slerp from --seed to SEED2 instead of independent samples")
    parser.add_argument("--frames", type=int, default=16, help="frames of an interpolation")
    parser.add_argument("--animation", type=Path, help="also save the interpolation as .webp or .gif")
    parser.add_argument("--out", type=Path, help="also export the images here, with XMP and JSON sidecars")
    parser.add_argument("--format", default="png", choices=("png", "jpeg", "webp"), help="export format")
    parser.add_argument("--c2pa", default="off", choices=("off", "embed", "sidecar"),
                        help="sign a C2PA manifest into the exports (local CA; see `genart keys`)")
    parser.add_argument("--no-originality", action="store_true",
                        help="skip the nearest-training-image check")
    parser.add_argument("--cpu", action="store_true", help="run on the CPU even when a GPU is available")
    parser.add_argument("--json", action="store_true", help="print one JSON object per image")


def _export(results: list, library, args: argparse.Namespace) -> int:
    from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images

    items = []
    for r in results:
        row = library.get_image(r.image_id)
        name = f"{r.model.id}-seed{r.seed}" if r.seed is not None else f"{r.model.id}-{r.index + 1:03d}"
        items.append(ExportItem(source=row.path, record=row.provenance, base_name=name,
                                fields={"id": r.image_id}))
    report = export_images(items, ExportOptions(folder=args.out, format=args.format, c2pa=args.c2pa))
    for done in report.exported:
        print(f"exported {done.image}", file=sys.stderr)
    for name, reason in report.failed:
        print(f"not exported {name}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0


def run(args: argparse.Namespace) -> int:
    from genart_desktop.core.errors import GenerationError
    from genart_desktop.generation.animation import save_animation
    from genart_desktop.generation.engine import Engine
    from genart_desktop.generation.pipeline import Pipeline
    from genart_desktop.generation.postprocess import upscale
    from genart_desktop.generation.registry import find_model
    from genart_desktop.generation.service import GenerationRequest, seed_interpolation_request
    from genart_desktop.library import Library

    if args.count < 1 or args.batch < 1 or args.frames < 2:
        raise GenerationError("--count and --batch must be at least 1, --frames at least 2.")
    info = find_model(args.model)
    psi = info.default_psi if args.psi is None else args.psi
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    edits = [upscale(args.upscale)] if args.upscale else []
    common = {"batch_size": args.batch, "edits": edits}
    if args.interpolate is not None:
        request = seed_interpolation_request(info, seed, args.interpolate, args.frames, psi=psi,
                                             **common)
    else:
        request = GenerationRequest(model=info.id, seeds=[seed + i for i in range(args.count)], psi=psi,
                                    **common)

    def show(image) -> None:
        if args.json:
            print(json.dumps({"image_id": image.image_id, "seed": image.seed, "sha256": image.sha256,
                              "model": image.model.id, "device": image.device,
                              "originality": image.originality}), flush=True)
        else:
            flag = " ⚠ close to a training image" if (image.originality or {}).get("flagged") else ""
            seed_text = f"seed {image.seed}" if image.seed is not None else f"frame {image.index + 1}"
            print(f"{seed_text}: gallery image {image.image_id} ({image.width}×{image.height}){flag}",
                  flush=True)

    with Library.open() as library:
        pipeline = Pipeline(library, engine=Engine(use_gpu=not args.cpu),
                            check_originality=not args.no_originality)
        results = pipeline.run(request, on_image=show)
        print(f"{len(results)} images with {info.name} on {results[0].device}", file=sys.stderr)
        if args.animation is not None:
            save_animation([r.pixels for r in results], args.animation)
            print(f"animation saved to {args.animation}", file=sys.stderr)
        if args.out is not None:
            return _export(results, library, args)
    return 0
