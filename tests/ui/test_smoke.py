import json
import os
import subprocess
import sys


def test_smoke_test_prints_one_json_line(genart_home):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GENART_HOME=str(genart_home))
    out = subprocess.run(
        [sys.executable, "-m", "genart_desktop", "--smoke-test"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["torch_imported"] is False
    assert result["first_paint_ms"] > 0
    assert result["qt"].startswith("6.")
    assert "CPUExecutionProvider" in result["providers"]
