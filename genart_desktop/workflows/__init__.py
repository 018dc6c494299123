"""Use cases, one function each, written once for the GUI and the command line.

A workflow strings services together (train a run, then register its model; declare
licences, then finalize a dataset; export a selection, then remember where each copy went).
It takes plain data and the ``progress(fraction, message)`` / ``should_stop()`` callbacks,
returns plain data and raises the typed errors of ``core.errors``. No Qt here: ``jobs/``
turns a workflow call into signals, ``cli/`` parses arguments, calls it and prints.

Modules import the heavy services (torch, onnxruntime) inside their functions, so importing
a workflow costs nothing at start-up. docs/ARCHITECTURE.md lists where each use case lives.
"""
