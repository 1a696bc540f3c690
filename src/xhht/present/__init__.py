"""Presentation: output documents built from a plain model (an official document, its writers)."""
