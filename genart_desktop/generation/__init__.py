"""Generation on ONNX Runtime (the only package besides originality that imports it)."""
