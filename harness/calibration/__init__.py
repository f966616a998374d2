"""Calibrating the fake against a real Tharstern (docs/calibration.md): reading recordings made
by the recording proxy (``recording.py``), fixtures from them (``fixture.py``), and the
conformance probes (``probes.py``, ``client.py``) whose answers are compared by shape
(``shapes.py``, ``compare.py``) and reported (``report.py``); commands in ``cli.py``."""
