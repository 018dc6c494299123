"""Generation speed: the same generator weights in torch eager (CPU) and ONNX Runtime.

The generator is the training engineer's FastGAN generator (genart_desktop.training.fastgan,
presets quick-64 / balanced-128 / quality-256, random weights: speed does not depend on
training), exported with the app's own exporter (training.onnx_export: dynamo, opset 18,
parity-checked) and run through the app's own session factory (generation.providers: graph
optimisation level ALL, intra-op threads = cores − 1). torch runs in inference mode with
the same number of threads (the fair comparison; torch with its default threads is shown too).

Also: the fraction of the machine's measured float32 peak (a large matmul, same threads)
that the generator's FLOPs reach in ONNX Runtime, and click-to-first-image latency in the
GUI for a 64 px model (GeneratePanel, offscreen): from the Generate click until the first
image is stored in the gallery (library + provenance record) and shown in the panel.

  ./run bench generate [--quick] [--gui-runs N]
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Same thread count for every library (cores − 1, as the app's CPU sessions); set before imports.
# (torch is set with torch.set_num_threads; OMP/MKL variables would also change its default.)
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(max(1, (os.cpu_count() or 1) - 1)))
sys.path.insert(0, str(ROOT))

PRESET_FOR = {64: "quick-64", 128: "balanced-128", 256: "quality-256"}
BATCHES = (1, 16, 64)


def timed(fn, *, min_runs: int = 2, budget_s: float = 1.5) -> float:
    """Median seconds of ``fn()`` after one warm-up; fewer runs when a run is slow."""
    fn()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < min_runs or (time.perf_counter() - start < budget_s and len(times) < 20):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if times[-1] > budget_s:  # one slow run is enough
            break
    return statistics.median(times)


def build_generator(resolution: int):
    import torch

    from genart_desktop.training.config import preset
    from genart_desktop.training.fastgan import FastGANGenerator

    torch.manual_seed(resolution)
    cfg = preset(PRESET_FOR[resolution])
    gen = FastGANGenerator(cfg).eval()
    for m in gen.modules():  # realistic (non-identity) BatchNorm statistics, as after training
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 2.0)
    return gen, cfg


def flops_per_image(gen, z_dim: int) -> float:
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    counter = FlopCounterMode(display=False)
    with torch.inference_mode(), counter:
        gen(torch.zeros(1, z_dim))
    return float(counter.get_total_flops())


def peak_flops() -> tuple[float, dict[str, float]]:
    """The machine's attainable float32 peak: the best large matmul among three BLAS libraries.

    torch (MKL/oneDNN), NumPy (OpenBLAS) and ONNX Runtime (MLAS) each run a 2048² × 2048²
    matmul with the same thread count; on some CPUs one library's kernels are far ahead of the
    others', so the best one is the machine's peak. Best of 5 runs, not the median: a peak is
    what the machine reaches when nothing disturbs it.
    """
    import numpy as np
    import torch
    from onnx import TensorProto, helper

    from genart_desktop.generation.providers import create_session

    n = 2048
    a, b = np.random.default_rng(0).standard_normal((2, n, n), dtype=np.float32)
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    graph = helper.make_graph([helper.make_node("MatMul", ["a", "b"], ["c"])], "mm",
                              [helper.make_tensor_value_info(x, TensorProto.FLOAT, [n, n]) for x in "ab"],
                              [helper.make_tensor_value_info("c", TensorProto.FLOAT, [n, n])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=10)
    session = create_session(model.SerializeToString(), use_gpu=False).session
    candidates = {"torch": lambda: torch.mm(ta, tb), "numpy": lambda: a @ b,
                  "onnxruntime": lambda: session.run(None, {"a": a, "b": b})}
    found = {}
    for name, fn in candidates.items():
        fn()
        found[name] = 2 * n**3 / min(_once(fn) for _ in range(5))
    return max(found.values()), found


def _once(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def bench_resolution(resolution: int, threads: int, default_threads: int) -> dict:
    import numpy as np
    import torch

    from genart_desktop.generation.providers import create_session
    from genart_desktop.training.onnx_export import export_generator

    gen, cfg = build_generator(resolution)
    onnx_bytes = export_generator(gen, cfg.z_dim, {"id": f"bench-{resolution}"})
    handle = create_session(onnx_bytes, use_gpu=True, label=f"bench-{resolution}")
    flops = flops_per_image(gen, cfg.z_dim)
    rows = {}
    for batch in BATCHES:
        z = np.random.default_rng(batch).standard_normal((batch, cfg.z_dim), dtype=np.float32)
        zt = torch.from_numpy(z)
        ort_s = timed(lambda z=z: handle.session.run(None, {"z": z}))
        with torch.inference_mode():
            torch.set_num_threads(threads)
            torch_s = timed(lambda zt=zt: gen(zt))
            torch.set_num_threads(default_threads)
            torch_default_s = timed(lambda zt=zt: gen(zt)) if batch == 16 else None
            torch.set_num_threads(threads)
            diff = float(np.abs(handle.session.run(None, {"z": z})[0] - gen(zt).numpy()).max())
        rows[batch] = {
            "ort_ips": batch / ort_s, "torch_ips": batch / torch_s, "speedup": torch_s / ort_s,
            "torch_default_ips": batch / torch_default_s if torch_default_s else None,
            "ort_gflops": flops * batch / ort_s / 1e9, "max_abs_diff": diff,
        }
    return {"flops_per_image": flops, "device": handle.device, "rows": rows, "z_dim": cfg.z_dim}


def gui_first_image_ms(runs: int) -> list[float]:
    """Click → first image stored in the gallery and shown, for a 64 px model, in ms."""
    home = Path(tempfile.mkdtemp(prefix="genart-bench-gen-"))
    os.environ["GENART_HOME"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import hashlib

    from PySide6.QtWidgets import QApplication

    from genart_desktop.core import paths
    from genart_desktop.core.atomic import atomic_write_bytes, atomic_write_json
    from genart_desktop.jobs.generation_jobs import GenerationController
    from genart_desktop.jobs.manager import JobManager
    from genart_desktop.library import Library
    from genart_desktop.training.onnx_export import export_generator
    from genart_desktop.ui.generate_panel import GeneratePanel

    gen, cfg = build_generator(64)
    data = export_generator(gen, cfg.z_dim, {"id": "bench-64"})
    folder = paths.ensure(paths.models_dir() / "bench-64")
    atomic_write_bytes(folder / "generator.onnx", data)
    atomic_write_json(folder / "card.json", {
        "schema": "genart.model-card/1", "id": "bench-64", "name": "Bench 64", "kind": "gan",
        "architecture": "fastgan", "resolution": 64, "z_dim": cfg.z_dim,
        "datasets": [{"id": "bench-ds", "name": "Bench noise", "image_count": 64}],
        "training_data": {"sources": [{"licence": "LicenseRef-Own", "count": 64}],
                          "expression": "LicenseRef-Own"},
        "files": {"generator.onnx": {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}},
    })
    # A training set, so the originality check (features + hash, nearest neighbour) is part of it.
    import numpy as np

    cache = paths.ensure(paths.datasets_dir() / "bench-ds") / "cache-64-crop.npy"
    np.save(cache, np.random.default_rng(0).integers(0, 256, (64, 64, 64, 3), dtype=np.uint8))
    app = QApplication.instance() or QApplication([])
    library = Library.open()
    controller = GenerationController(JobManager(), library=library)
    panel = GeneratePanel(None, controller=controller)
    panel.show()

    def wait(predicate, timeout_s: float = 60.0) -> None:
        deadline = time.perf_counter() + timeout_s
        while not predicate():
            if time.perf_counter() > deadline:
                raise TimeoutError("the GUI did not respond in time")
            app.processEvents()
            time.sleep(0.0005)

    # Picking the model warms its session and builds its originality index (first time: exports
    # the feature network, seconds); the timed clicks start after that, as for a user.
    wait(lambda: "bench-64" in controller.devices, timeout_s=300)
    panel.seed_mode.setCurrentIndex(panel.seed_mode.findData("fixed"))
    panel.count_spin.setValue(1)
    results = []
    for run in range(runs):
        panel.seed_spin.setValue(1000 + run)  # a new image each time (same bytes would dedupe)
        first: list[float] = []
        panel.image_generated.connect(lambda _id, first=first: first.append(time.perf_counter()))
        t0 = time.perf_counter()
        panel.generate_button.click()
        wait(lambda first=first: bool(first))
        results.append((first[0] - t0) * 1000)
        assert panel.results and panel.results[0].originality is not None, "originality was not checked"
        panel.image_generated.disconnect()
        wait(lambda: not panel.busy)
    panel.shutdown()
    controller.jobs.shutdown()
    library.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="64 and 128 px only (no 256 px row)")
    parser.add_argument("--gui-runs", type=int, default=7)
    args = parser.parse_args()

    import torch

    from genart_desktop.generation.providers import cpu_threads

    threads, default_threads = cpu_threads(), torch.get_num_threads()
    torch.set_num_threads(threads)
    peak, by_library = peak_flops()
    results = {}
    for resolution in (64, 128) if args.quick else (64, 128, 256):
        results[resolution] = bench_resolution(resolution, threads, default_threads)
    # Measured again after the runs; the best of both counts (the machine may have been busy once).
    again, by_library_again = peak_flops()
    peak = max(peak, again)
    libs = ", ".join(f"{k} {max(v, by_library_again[k]) / 1e9:.0f}" for k, v in by_library.items())
    print(f"CPU cores {os.cpu_count()}; ONNX Runtime and torch both use {threads} intra-op thread(s) "
          f"(torch's default: {default_threads}); float32 2048² matmul peak {peak / 1e9:.1f} GFLOP/s "
          f"(best of: {libs} GFLOP/s)")
    print(f"\n{'res':>4} {'batch':>5} {'ORT img/s':>10} {'torch img/s':>12} {'ratio':>6} "
          f"{'torch(dflt) img/s':>18} {'ORT GFLOP/s':>12} {'peak %':>7} {'max|Δ|':>8}")
    for resolution, r in results.items():
        for batch, row in r["rows"].items():
            dflt = f"{row['torch_default_ips']:.1f}" if row["torch_default_ips"] else "-"
            print(f"{resolution:>4} {batch:>5} {row['ort_ips']:>10.1f} {row['torch_ips']:>12.1f} "
                  f"{row['speedup']:>6.2f} {dflt:>18} {row['ort_gflops']:>12.2f} "
                  f"{100 * row['ort_gflops'] * 1e9 / peak:>6.1f}% {row['max_abs_diff']:>8.1e}")
        print(f"     ({r['flops_per_image'] / 1e9:.3f} GFLOP per image, z_dim {r['z_dim']}, {r['device']})")

    first = gui_first_image_ms(args.gui_runs)
    first_ms = statistics.median(first)
    print(f"\nGUI click → first 64 px image in the gallery (with originality check and provenance): "
          f"median {first_ms:.1f} ms (runs: {', '.join(f'{x:.0f}' for x in first)}; target < 300 ms)")
    worst = min(r["rows"][16]["speedup"] for r in results.values())
    print(f"ORT vs torch eager at batch 16: worst ratio {worst:.2f} (target ≥ 1.5)")

    def speed(res: int) -> float | None:
        return round(results[res]["rows"][16]["speedup"], 3) if res in results else None

    print(json.dumps({
        "speedup_b16_64px": speed(64), "speedup_b16_128px": speed(128), "speedup_b16_256px": speed(256),
        "ort_images_per_s_b16_128px": round(results[128]["rows"][16]["ort_ips"], 2),
        "peak_fraction_b64_128px": round(results[128]["rows"][64]["ort_gflops"] * 1e9 / peak, 4),
        "first_image_ms": round(first_ms, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
