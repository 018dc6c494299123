"""Training folders: scan and validation, licence detection, manifests, preprocessing cache."""
