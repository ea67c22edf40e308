"""Printable documents: patient handout, visit summary and progress report (no Qt here).

`reports.data` assembles plain frozen values from the services; the builders
(`build_handout`, `build_visit_summary`, `build_progress_report`) turn those values into PDF
bytes with reportlab Platypus, byte for byte the same for the same input.
"""
