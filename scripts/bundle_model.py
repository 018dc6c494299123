#!/usr/bin/env python3
"""Make a newly trained model folder ready to replace a bundled one in models/.

A bundled model that was continued or fine-tuned on the same training files as the one it
replaces can reuse that model's originality index (originality.npz and the card's originality
section: features of the same 3,752 images through the same network), instead of building it
again. The script refuses when the training files differ (the datasets' content hashes).
With --strip-training-state the optimiser state leaves weights.pt (a VAE's 44 MB become 15 MB);
the model can then be fine-tuned but not continued exactly.

    .venv/bin/python scripts/bundle_model.py NEW_FOLDER --index-from OLD_FOLDER \
        [--strip-training-state] [--note TEXT]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", type=Path, help="the new model folder (changed in place)")
    parser.add_argument("--index-from", type=Path, required=True,
                        help="the model folder whose originality index is reused")
    parser.add_argument("--strip-training-state", action="store_true",
                        help="drop the optimiser state from weights.pt")
    parser.add_argument("--note", default="", help="training_data.note for the card")
    args = parser.parse_args()

    import torch

    from genart_desktop.core.atomic import atomic_write_bytes, atomic_write_json

    new_card = json.loads((args.model / "card.json").read_text(encoding="utf-8"))
    old_card = json.loads((args.index_from / "card.json").read_text(encoding="utf-8"))
    new_content = sorted({d["content"] for d in new_card["datasets"]})
    old_content = sorted({d["content"] for d in old_card["datasets"]})
    if new_content != old_content:
        sys.exit(f"The training files differ ({new_content} vs {old_content}); build the index instead.")

    shutil.copy2(args.index_from / "originality.npz", args.model / "originality.npz")
    new_card["originality"] = old_card["originality"]
    if args.note:
        new_card["training_data"]["note"] = args.note
    if args.strip_training_state:
        weights = args.model / "weights.pt"
        payload = torch.load(weights, map_location="cpu", weights_only=True)
        if payload.pop("training_state", None) is not None:
            buffer = io.BytesIO()
            torch.save(payload, buffer)
            atomic_write_bytes(weights, buffer.getvalue())
    atomic_write_json(args.model / "card.json", new_card)
    print(new_card["id"], "ready:", json.dumps(new_card["quality"]))


if __name__ == "__main__":
    main()
