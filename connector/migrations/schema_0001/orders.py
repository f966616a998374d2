"""Revision 0001's tables, part: the orders, their submissions to Tharstern (the outbox) and their lines.

Frozen with the revision (``versions/0001_initial.py``): never edit it to follow the models; a
change to the schema is a new revision."""
from alembic import op
import sqlalchemy as sa


def create() -> None:
    op.create_table('orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('customer_name', sa.String(length=200), nullable=True),
    sa.Column('customer_email', sa.String(length=254), nullable=True),
    sa.Column('customer_code', sa.String(length=40), nullable=False),
    sa.Column('customer_code_rule', sa.String(length=24), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('needs_approval', sa.Boolean(), nullable=False),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('workflow_status', sa.String(length=50), nullable=False),
    sa.Column('transfer_on', sa.String(length=50), nullable=False),
    sa.Column('grouping', sa.String(length=16), nullable=False),
    sa.Column('released_at', sa.DateTime(), nullable=True),
    sa.Column('requested_date', sa.String(length=10), nullable=True),
    sa.Column('required_date', sa.String(length=10), nullable=False),
    sa.Column('placed_at', sa.DateTime(), nullable=False),
    sa.Column('delivery_address', sa.JSON(), nullable=True),
    sa.Column('shipping_net', sa.String(length=24), nullable=True),
    sa.Column('shipping_tax_rate', sa.String(length=24), nullable=True),
    sa.Column('include_shipping', sa.Boolean(), nullable=False),
    sa.Column('send_tax', sa.Boolean(), nullable=False),
    sa.Column('currency', sa.String(length=8), nullable=True),
    sa.Column('workflow_history', sa.JSON(), nullable=False),
    sa.Column('accepted_offline', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_orders_customer_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_orders_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('storefront_id', 'reference', name='uq_orders_storefront_reference')
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orders_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_storefront_id'), ['storefront_id'], unique=False)

    op.create_table('submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('unique_submit_order_id', sa.String(length=100), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('tharstern_order_id', sa.Integer(), nullable=True),
    sa.Column('tharstern_order_no', sa.String(length=40), nullable=True),
    sa.Column('status_details', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_submissions_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_submissions_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
    sa.UniqueConstraint('unique_submit_order_id', name=op.f('uq_submissions_unique_submit_order_id'))
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submissions_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_storefront_id'), ['storefront_id'], unique=False)

    op.create_table('order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('line_ref', sa.String(length=60), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=400), nullable=False),
    sa.Column('stock_item_id', sa.Integer(), nullable=False),
    sa.Column('stock_item_code', sa.String(length=100), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('attribute_value_ids', sa.JSON(), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('artwork_urls', sa.JSON(), nullable=False),
    sa.Column('price', sa.String(length=24), nullable=True),
    sa.Column('price_source', sa.String(length=16), nullable=False),
    sa.Column('price_message', sa.Text(), nullable=True),
    sa.Column('estimate_id', sa.Integer(), nullable=True),
    sa.Column('estimate_ref', sa.String(length=40), nullable=True),
    sa.Column('send_price', sa.Boolean(), nullable=False),
    sa.Column('send_price_reason', sa.String(length=300), nullable=True),
    sa.Column('tax_rate', sa.String(length=24), nullable=True),
    sa.Column('value_net', sa.String(length=24), nullable=True),
    sa.Column('value_tax', sa.String(length=24), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('tharstern_order_no', sa.String(length=40), nullable=True),
    sa.Column('job_no', sa.String(length=40), nullable=True),
    sa.Column('job_status', sa.String(length=40), nullable=True),
    sa.Column('status_changed_at', sa.String(length=40), nullable=True),
    sa.Column('tracking_number', sa.String(length=100), nullable=True),
    sa.Column('courier', sa.String(length=100), nullable=True),
    sa.Column('despatched_at', sa.String(length=40), nullable=True),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.Column('last_news_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_lines_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_order_lines_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_order_lines_submission_id_submissions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['variant_id'], ['variants.id'], name=op.f('fk_order_lines_variant_id_variants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_lines')),
    sa.UniqueConstraint('order_id', 'line_no', name='uq_order_lines_order_line_no')
    )
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_lines_job_no'), ['job_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lines_line_ref'), ['line_ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lines_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lines_storefront_id'), ['storefront_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lines_submission_id'), ['submission_id'], unique=False)


def drop() -> None:
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_lines_submission_id'))
        batch_op.drop_index(batch_op.f('ix_order_lines_storefront_id'))
        batch_op.drop_index(batch_op.f('ix_order_lines_order_id'))
        batch_op.drop_index(batch_op.f('ix_order_lines_line_ref'))
        batch_op.drop_index(batch_op.f('ix_order_lines_job_no'))
    op.drop_table('order_lines')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submissions_storefront_id'))
        batch_op.drop_index(batch_op.f('ix_submissions_state'))
        batch_op.drop_index(batch_op.f('ix_submissions_order_id'))
        batch_op.drop_index(batch_op.f('ix_submissions_next_attempt_at'))
    op.drop_table('submissions')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_storefront_id'))
        batch_op.drop_index(batch_op.f('ix_orders_state'))
    op.drop_table('orders')
