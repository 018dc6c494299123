"""Nearest-neighbour checks of generated images against the model's training data."""
