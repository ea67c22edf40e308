"""Photos of a visit: the editor's panel, attaching files, and the measuring view."""
