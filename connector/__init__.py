"""The storefront side of Connect:Tharstern, as Infigo's plugin does it (DESIGN.md §4).

``connector.app.create_app(config=None)`` builds the Flask service; nothing runs on import.
Layers, outside in: ``resources/`` (flask-smorest blueprints: input, output, status codes) →
``services/`` (one use case each: they read and write the store and talk to Tharstern) →
``domain/`` (pure rules, no I/O) and ``tharstern/`` (the only place that speaks HTTP to Tharstern).
State lives in SQLAlchemy models (``models/``); everything else an app needs at run time
(clock, caches, token cache, HTTP sessions, locks) hangs off one ``Runtime`` per app.
"""
