"""Snapshots of the whole state (GET/PUT /_fake/snapshot), their schema, and the state file that carries a fake across restarts."""
