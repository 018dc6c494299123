"""``--self-check``: generate one image with a bundled model, export it with its sidecars and
C2PA manifest into a temporary folder, and verify the files — the whole chain an installed
app depends on, run against the real library, ONNX Runtime, exporters and readers.

Everything happens in the caller's GENART_HOME (the GUI runner points it at a temporary folder,
so a user's library is never touched).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from genart_desktop.core.errors import ModelError
from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress


def run_self_check(
    progress: ProgressFn = no_progress, should_stop: ShouldStop = never_stop
) -> dict[str, Any]:
    from genart_desktop.core import paths
    from genart_desktop.generation.engine import Engine
    from genart_desktop.generation.pipeline import Pipeline
    from genart_desktop.generation.registry import scan
    from genart_desktop.generation.service import GenerationRequest
    from genart_desktop.library import Library
    from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
    from genart_desktop.provenance.keys import ROOT_CERT, ensure_identity
    from genart_desktop.provenance.verify import verify_file

    bundled = [m for m in scan() if m.bundled and m.kind == "gan"] or [m for m in scan() if m.bundled]
    if not bundled:
        raise ModelError("No bundled model was found.",
                         hint="Reinstall the app: its models/ folder is missing.")
    model = bundled[0]
    result: dict[str, Any] = {"model": model.id}
    started = time.perf_counter()
    progress(0.1, f"Generating with {model.name}…")
    with Library.open() as library:
        pipeline = Pipeline(library, engine=Engine(), check_originality=False)
        images = pipeline.run(GenerationRequest(model=model.id, seeds=[7], batch_size=1),
                              should_stop=should_stop)
        image = images[0]
        result["generated_ms"] = round((time.perf_counter() - started) * 1000, 1)
        result["device"] = image.device
        if image.image_id is None:
            raise ModelError("The generated image was not stored in the library.")
        row = library.get_image(image.image_id)
        progress(0.5, "Exporting with XMP, JSON and C2PA…")
        with tempfile.TemporaryDirectory(prefix="genart-self-check-") as folder:
            report = export_images(
                [ExportItem(source=row.path, record=row.provenance, base_name=f"self-check-{model.id}")],
                ExportOptions(folder=Path(folder), format="png", c2pa="embed"),
                should_stop=should_stop,
            )
            if report.failed:
                raise ModelError(f"Export failed: {report.failed[0][1]}")
            exported = report.exported[0]
            result["files"] = sorted(p.name for p in Path(folder).iterdir())
            progress(0.8, "Verifying the exported files…")
            ensure_identity()
            verdict = verify_file(exported.image, trust_anchor=paths.keys_dir() / ROOT_CERT)
            result["checks"] = {c.name: c.ok for c in verdict.checks}
            result["verified"] = verdict.ok
            result["attribution"] = [
                s.get("attribution_name", "") for s in (row.provenance or {}).get("training_data", {})
                .get("sources", [])
            ]
    result["total_ms"] = round((time.perf_counter() - started) * 1000, 1)
    progress(1.0, "Self-check done.")
    return result
