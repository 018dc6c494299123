"""Base layer: plain data, paths, settings, errors, logging. Imports nothing above it."""
