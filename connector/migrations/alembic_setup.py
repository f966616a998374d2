"""Alembic's configuration, made in code (no ``alembic.ini``): the scripts are this folder's, and
migrations run on the connection the caller gives (``env.py`` reads it)."""
from __future__ import annotations

import os

from alembic.config import Config
from sqlalchemy import Connection

HERE = os.path.dirname(os.path.abspath(__file__))


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", HERE)
    config.attributes["connection"] = connection
    return config
