"""Pressero-style product import and price/stock sync."""
