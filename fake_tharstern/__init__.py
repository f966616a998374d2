"""A stateful fake of the Tharstern print-MIS REST API, with a control plane for tests."""
