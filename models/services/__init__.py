"""Use-case services: each function is one user action with its own session (STYLE.md 3)."""
