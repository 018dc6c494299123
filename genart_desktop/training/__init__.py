"""GAN and VAE training. The only package that imports torch (besides originality, lazily)."""

import os

# libgomp's waiting threads spin by default. Training shares the CPU with the GUI (and often
# other programs), and a spinning worker that has lost its core stalls every parallel region:
# a projected-GAN step on 2 cores with one other busy process took 6.5 s spinning and 1.05 s
# passive (/tmp measurement, 2026-12-04). Set before torch loads libgomp; a user's own value wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
