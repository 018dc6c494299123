"""``python -m genart_desktop.originality.export_features TARGET``: export the feature network.

Run in a child process by features.ensure_feature_onnx, so the app (and the GUI) never loads
torch just to write this file once.
"""

from __future__ import annotations

import sys
from pathlib import Path

from genart_desktop.originality.feature_net import export_feature_net_onnx

if __name__ == "__main__":
    export_feature_net_onnx(Path(sys.argv[1]))
