"""the schema as create_all made it before migrations

Revision ID: 0001
Revises: (base)
Create Date: 2026-12-01 14:37:34.537345

"""
from typing import Sequence, Union

from connector.migrations.schema_0001 import catalogue, orders, storefronts


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema: the tables by group (``connector.migrations.schema_0001``), each group after
    the ones its foreign keys refer to."""
    storefronts.create()
    catalogue.create()
    orders.create()


def downgrade() -> None:
    """Downgrade schema: the groups in reverse."""
    orders.drop()
    catalogue.drop()
    storefronts.drop()
