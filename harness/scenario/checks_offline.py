"""The checks only ``tharness validate`` makes, beyond loading: each needs more than the file
(today, the connector's input schemas), so ``run`` and the pytest plugin do not pay for them."""
from __future__ import annotations

from .connector_settings import ConnectorMissing, connector_settings_problems
from .loader import LoadResult
from .problems import ScenarioFileError


def check_offline(loaded: LoadResult) -> str | None:
    """Move scenarios whose ``given.connector`` the connector would refuse from ``loaded.scenarios``
    to ``loaded.errors``; a note when a check could not be made."""
    valid = []
    for scenario in loaded.scenarios:
        try:
            problems = connector_settings_problems(scenario)
        except ConnectorMissing as error:
            return f"note: {error}; given.connector was not checked"
        if problems:
            loaded.errors.append(ScenarioFileError(scenario.file, problems))
        else:
            valid.append(scenario)
    loaded.scenarios = valid
    loaded.errors.sort(key=lambda e: e.file)
    return None
