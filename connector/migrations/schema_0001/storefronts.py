"""Revision 0001's tables, part: storefronts and what hangs on one directly: departments, customers and
the webhook records (events received, refusals, the subscription).

Frozen with the revision (``versions/0001_initial.py``): never edit it to follow the models; a
change to the schema is a new revision."""
from alembic import op
import sqlalchemy as sa


def create() -> None:
    op.create_table('storefronts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('api_url', sa.String(length=500), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('password', sa.String(length=500), nullable=True),
    sa.Column('application_id', sa.String(length=100), nullable=True),
    sa.Column('storefront_customer_code', sa.String(length=40), nullable=True),
    sa.Column('outgoing_ip', sa.String(length=45), nullable=False),
    sa.Column('behaviour_json', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_storefronts')),
    sa.UniqueConstraint('key', name=op.f('uq_storefronts_key'))
    )

    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_departments_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments'))
    )
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_departments_storefront_id'), ['storefront_id'], unique=False)

    op.create_table('webhook_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=100), nullable=False),
    sa.Column('event', sa.String(length=60), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=100), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('deliveries', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_webhook_events_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_events')),
    sa.UniqueConstraint('storefront_id', 'event_id', name='uq_webhook_events_storefront_event')
    )
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_events_storefront_id'), ['storefront_id'], unique=False)

    op.create_table('webhook_refusals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('webhook_id', sa.String(length=100), nullable=True),
    sa.Column('remote', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_webhook_refusals_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_refusals'))
    )
    with op.batch_alter_table('webhook_refusals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_refusals_storefront_id'), ['storefront_id'], unique=False)

    op.create_table('webhook_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('events', sa.JSON(), nullable=False),
    sa.Column('secret', sa.String(length=200), nullable=False),
    sa.Column('previous_secret', sa.String(length=200), nullable=True),
    sa.Column('tharstern_id', sa.Integer(), nullable=True),
    sa.Column('synced_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_webhook_subscriptions_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_subscriptions')),
    sa.UniqueConstraint('storefront_id', name=op.f('uq_webhook_subscriptions_storefront_id'))
    )

    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('email_key', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('connect_id', sa.String(length=40), nullable=True),
    sa.Column('link_source', sa.String(length=16), nullable=True),
    sa.Column('linked_at', sa.DateTime(), nullable=True),
    sa.Column('link_ambiguity', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_customers_department_id_departments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_customers_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sa.UniqueConstraint('storefront_id', 'email_key', name='uq_customers_storefront_email')
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customers_storefront_id'), ['storefront_id'], unique=False)


def drop() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_storefront_id'))
    op.drop_table('customers')
    op.drop_table('webhook_subscriptions')
    with op.batch_alter_table('webhook_refusals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_refusals_storefront_id'))
    op.drop_table('webhook_refusals')
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_events_storefront_id'))
    op.drop_table('webhook_events')
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_departments_storefront_id'))
    op.drop_table('departments')
    op.drop_table('storefronts')
