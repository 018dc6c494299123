"""GAN and VAE training. The only package that imports torch (besides originality, lazily)."""
