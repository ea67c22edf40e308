"""Holdfast's clinical domain: plain values and pure functions, no Qt, no database."""
