"""Issue 16 item 10: probing a GPU provider that cannot load prints nothing on the terminal."""

import subprocess
import sys

from tests.generation import tiny_models

PROBE = """
import logging, sys
logging.basicConfig(level=logging.INFO, stream=sys.stdout)
from genart_desktop.generation.providers import create_session
handle = create_session(sys.argv[1], available=["CUDAExecutionProvider", "CPUExecutionProvider"])
print("DEVICE", handle.device)
"""


def test_a_gpu_provider_that_cannot_load_is_probed_quietly(tmp_path):
    model = tmp_path / "generator.onnx"
    model.write_bytes(tiny_models.export_bytes("gan", seed=5)["generator.onnx"])
    done = subprocess.run([sys.executable, "-c", PROBE, str(model)], capture_output=True, text=True,
                          timeout=120, check=True)
    assert "DEVICE" in done.stdout
    # ORT's own log (its red "[E:onnxruntime:…] Failed to load library …") stays quiet.
    assert ":onnxruntime:" not in done.stderr, done.stderr
