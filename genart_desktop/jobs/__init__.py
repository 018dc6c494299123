"""QtCore adapters: run services off the GUI thread and turn their callbacks into signals."""
