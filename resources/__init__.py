"""Bundled libraries: corrective exercises and pelvic-pattern hypotheses, as JSON with a loader."""
