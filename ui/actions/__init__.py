"""User actions as small functions (Anki's aqt/operations): the main window only wires them."""
