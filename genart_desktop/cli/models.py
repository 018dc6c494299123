"""`genart models`: list the models (bundled and trained) with their cards."""

from __future__ import annotations

import argparse
import json

HELP = "List the models and their cards"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the full cards as one JSON array")
    parser.add_argument("--verify", action="store_true",
                        help="also check each model's ONNX files (sha256 against the card, onnx.checker)")


def run(args: argparse.Namespace) -> int:
    from genart_desktop.core.errors import ModelError
    from genart_desktop.generation.registry import scan_all, verify_model

    models, refused = scan_all()
    problems: dict[str, str] = {}
    if args.verify:
        for info in models:
            try:
                verify_model(info)
            except ModelError as exc:
                problems[info.id] = exc.describe()
    if args.json:
        out = [{"id": m.id, "name": m.name, "kind": m.kind, "folder": str(m.folder), "bundled": m.bundled,
                **({"verified": m.id not in problems, "problem": problems.get(m.id)} if args.verify else {}),
                "card": m.card.to_dict()} for m in models]
        out += [{"folder": str(u.folder), "bundled": u.bundled, "usable": False, "problem": u.reason}
                for u in refused]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 1 if problems else 0
    for u in refused:  # listed, so a user sees why a folder they copied in does not appear
        print(f"{u.folder.name}  UNUSABLE: {u.reason}")
    if not models:
        print("No models yet. Train one (`genart train FOLDER`) or copy a model folder into "
              "the models folder.")
        return 0
    for m in models:
        print(f"{m.id}  {m.name}  [{m.kind.upper()} {m.resolution} px, z={m.z_dim}]"
              f"{'  (bundled)' if m.bundled else ''}")
        names = [d.label for d in m.card.datasets]
        print(f"    trained on: {', '.join(names) or 'unknown'}")
        print(f"    training data licence: {m.card.training_data.get('expression') or 'unknown'}")
        for explanation in m.card.obligations:
            print(f"    - {explanation}")
        if m.id in problems:
            print(f"    PROBLEM: {problems[m.id]}")
    return 1 if problems else 0
