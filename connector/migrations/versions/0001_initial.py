"""the schema as create_all made it before migrations

Revision ID: 0001
Revises: (base)
Create Date: 2026-12-01 14:37:34.537345

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    
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

    op.create_table('imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('site', sa.String(length=253), nullable=False),
    sa.Column('external_user_id', sa.String(length=40), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('user_groups', sa.JSON(), nullable=False),
    sa.Column('markup_percent', sa.Double(), nullable=False),
    sa.Column('mandatory_upload', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('runs', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_imports_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports'))
    )
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imports_storefront_id'), ['storefront_id'], unique=False)

    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sku', sa.String(length=100), nullable=True),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_products_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_products_storefront_id'), ['storefront_id'], unique=False)

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
    op.create_table('attributes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_attributes_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attributes'))
    )
    with op.batch_alter_table('attributes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attributes_product_id'), ['product_id'], unique=False)

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

    op.create_table('import_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('stock_item_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['imports.id'], name=op.f('fk_import_items_import_id_imports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_import_items_product_id_products'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_items'))
    )
    with op.batch_alter_table('import_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_items_import_id'), ['import_id'], unique=False)

    op.create_table('imported_products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('storefront_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('site', sa.String(length=253), nullable=False),
    sa.Column('stock_item_id', sa.Integer(), nullable=False),
    sa.Column('stock_item_code', sa.String(length=100), nullable=False),
    sa.Column('part_number', sa.String(length=80), nullable=False),
    sa.Column('public_part_number', sa.String(length=80), nullable=True),
    sa.Column('mis_product_id', sa.String(length=340), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('user_groups', sa.JSON(), nullable=False),
    sa.Column('mandatory_upload', sa.Boolean(), nullable=False),
    sa.Column('markup_percent', sa.Double(), nullable=False),
    sa.Column('unit_price', sa.String(length=24), nullable=True),
    sa.Column('price', sa.String(length=24), nullable=True),
    sa.Column('available', sa.Double(), nullable=True),
    sa.Column('tracks_stock', sa.Boolean(), nullable=False),
    sa.Column('out_of_stock', sa.Boolean(), nullable=False),
    sa.Column('stock_sequence', sa.Integer(), nullable=False),
    sa.Column('synced_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['imports.id'], name=op.f('fk_imported_products_import_id_imports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_imported_products_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['storefront_id'], ['storefronts.id'], name=op.f('fk_imported_products_storefront_id_storefronts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_products')),
    sa.UniqueConstraint('product_id', name=op.f('uq_imported_products_product_id')),
    sa.UniqueConstraint('storefront_id', 'site', 'stock_item_id', name='uq_imported_products_storefront_site_item')
    )
    with op.batch_alter_table('imported_products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_products_stock_item_id'), ['stock_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_imported_products_storefront_id'), ['storefront_id'], unique=False)

    op.create_table('variants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sku', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_variants_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variants'))
    )
    with op.batch_alter_table('variants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_variants_product_id'), ['product_id'], unique=False)

    op.create_table('attribute_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attribute_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('node', sa.String(length=300), nullable=True),
    sa.Column('value', sa.JSON(none_as_null=True), nullable=True),
    sa.ForeignKeyConstraint(['attribute_id'], ['attributes.id'], name=op.f('fk_attribute_values_attribute_id_attributes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attribute_values'))
    )
    with op.batch_alter_table('attribute_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attribute_values_attribute_id'), ['attribute_id'], unique=False)

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

    op.create_table('variant_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('stock_item_id', sa.Integer(), nullable=False),
    sa.Column('stock_item_code', sa.String(length=100), nullable=False),
    sa.Column('stock_item_description', sa.String(length=500), nullable=True),
    sa.Column('stock_item_type', sa.String(length=40), nullable=True),
    sa.Column('product_type_id', sa.Integer(), nullable=False),
    sa.Column('product_type_name', sa.String(length=200), nullable=True),
    sa.Column('use_estimate_pricing', sa.Boolean(), nullable=False),
    sa.Column('sample_request', sa.JSON(), nullable=True),
    sa.Column('product_type_options', sa.JSON(), nullable=True),
    sa.Column('estimate_template', sa.JSON(), nullable=True),
    sa.Column('selected_part_ids', sa.JSON(), nullable=False),
    sa.Column('selected_process_ids', sa.JSON(), nullable=False),
    sa.Column('template_source', sa.String(length=16), nullable=True),
    sa.Column('manual_edit', sa.Boolean(), nullable=False),
    sa.Column('mapping_code', sa.Text(), nullable=True),
    sa.Column('linked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['variant_id'], ['variants.id'], name=op.f('fk_variant_links_variant_id_variants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variant_links')),
    sa.UniqueConstraint('variant_id', name=op.f('uq_variant_links_variant_id'))
    )
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

    


def downgrade() -> None:
    """Downgrade schema."""
    
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
    op.drop_table('variant_links')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_storefront_id'))
        batch_op.drop_index(batch_op.f('ix_orders_state'))

    op.drop_table('orders')
    with op.batch_alter_table('attribute_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attribute_values_attribute_id'))

    op.drop_table('attribute_values')
    with op.batch_alter_table('variants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_variants_product_id'))

    op.drop_table('variants')
    with op.batch_alter_table('imported_products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_products_storefront_id'))
        batch_op.drop_index(batch_op.f('ix_imported_products_stock_item_id'))

    op.drop_table('imported_products')
    with op.batch_alter_table('import_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_items_import_id'))

    op.drop_table('import_items')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_storefront_id'))

    op.drop_table('customers')
    with op.batch_alter_table('attributes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attributes_product_id'))

    op.drop_table('attributes')
    op.drop_table('webhook_subscriptions')
    with op.batch_alter_table('webhook_refusals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_refusals_storefront_id'))

    op.drop_table('webhook_refusals')
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_events_storefront_id'))

    op.drop_table('webhook_events')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_products_storefront_id'))

    op.drop_table('products')
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imports_storefront_id'))

    op.drop_table('imports')
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_departments_storefront_id'))

    op.drop_table('departments')
    op.drop_table('storefronts')
    
