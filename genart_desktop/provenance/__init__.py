"""Licences, obligations, the provenance record and its views (XMP, JSON, C2PA)."""
