"""Every route reaches the request's tenant: no module but the app factory, ``__main__`` and
``tenants/current.py`` may read ``app.extensions["fake_tharstern"]`` (the default tenant's backend)
— a route that did would serve every tenant from the default one's state."""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "fake_tharstern"
ALLOWED = {PACKAGE / "app.py", PACKAGE / "tenants" / "current.py", PACKAGE / "__main__.py"}  # __main__: the state file


def test_routes_get_the_backend_through_current_backend():
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if path not in ALLOWED and 'extensions["fake_tharstern"]' in path.read_text(encoding="utf-8")]
    assert offenders == [], f"use fake_tharstern.tenants.current_backend() in {offenders}"
