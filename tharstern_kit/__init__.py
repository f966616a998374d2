"""The pieces both servers need and neither owns (clock, lazy OpenAPI, schema base, page kit, background worker); it imports neither server."""
