"""Test controls beside the data: the IP allowlist, quirks, API faults, the journal and coverage."""
