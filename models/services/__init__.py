"""Use-case services: each function is one user action with its own session.

See docs/ARCHITECTURE.md#sessions.
"""
