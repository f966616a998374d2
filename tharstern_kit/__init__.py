"""Pieces both servers need and neither owns; it imports neither server."""
