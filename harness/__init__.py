"""The scenario harness: runs YAML scenarios against the fake Tharstern and the connector."""
