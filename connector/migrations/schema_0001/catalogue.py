"""Revision 0001's tables, part: the catalogue: products with their attributes and variants, the imports
from Tharstern with their items and imported products, and the links of variants to stock items.

Frozen with the revision (``versions/0001_initial.py``): never edit it to follow the models; a
change to the schema is a new revision."""
from alembic import op
import sqlalchemy as sa


def create() -> None:
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

    op.create_table('attributes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_attributes_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attributes'))
    )
    with op.batch_alter_table('attributes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attributes_product_id'), ['product_id'], unique=False)

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


def drop() -> None:
    op.drop_table('variant_links')
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
    with op.batch_alter_table('attributes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attributes_product_id'))
    op.drop_table('attributes')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_products_storefront_id'))
    op.drop_table('products')
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imports_storefront_id'))
    op.drop_table('imports')
