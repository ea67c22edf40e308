"""Holdfast's version: one place, read by the packaging (pyproject.toml), `holdfast --version`,
the About box and the PDFs' metadata. A frozen bundle has no package metadata to ask."""

VERSION = "0.1.0"
