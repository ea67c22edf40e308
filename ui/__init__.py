"""Holdfast's user interfaces: the Qt GUI and the command line."""
