"""`genart train`: Train a GAN or VAE on a folder of images or a dataset."""

from genart_desktop.cli._unavailable import make_unavailable

HELP = "Train a GAN or VAE on a folder of images or a dataset"
add_arguments, run = make_unavailable("train", "the training engine is not in this build")
