"""Figures built once as `matplotlib.figure.Figure` objects, shown on screen and in PDFs.

No pyplot and no `matplotlib.use`: pyplot's global state leaks between figures
(docs/ARCHITECTURE.md#figures).
"""
