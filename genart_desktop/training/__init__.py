"""GAN and VAE training. The only package that imports torch (besides originality, lazily)."""

import os

# libgomp's waiting threads spin by default. Training shares the CPU with the GUI (and often
# other programs), and a spinning worker that has lost its core stalls every parallel region:
# on this project's 2-core machine, a projected-64 step (2 threads) with other busy processes took
# 6.5 s with spinning workers and 1.05 s with passive ones (same minute, same load; measured with
# the trainer's gan_step, 10 steps each). Set before torch loads libgomp; a user's own value wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
