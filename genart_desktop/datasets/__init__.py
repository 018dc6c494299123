"""Training folders: scan and validation, licence detection, manifests, preprocessing cache.

Import the submodule that does the job: ``scan.scan``, ``declarations`` (``Declaration``,
``apply``, ``readiness``), ``manifest`` (``save_manifest``, ``load_manifest``,
``list_datasets``), ``cache`` (``cache_path``, ``build_cache``), ``finalize``, ``report``.
The package itself imports nothing, so importing it stays cheap and every import between
packages is visible to the layer contracts (``lint-imports``).
"""
