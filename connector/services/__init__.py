"""Use cases: each module reads and writes the store, asks Tharstern through a client and
applies the pure rules of ``connector.domain``. Resources call these; so will issue 5's order,
outbox, webhook and import code."""
