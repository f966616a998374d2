"""``GET api/products`` (stock items) and ``GET api/producttypes``."""
from __future__ import annotations

from .answers import ProductTypeSchema, StockItemSchema, enveloped
from .envelope import envelope
from .operation import backend, tharstern_operation
from .parser import FakeBlueprint
from .queries import ProductQuery, ProductTypeQuery

blp = FakeBlueprint("products", __name__, description="Stock items and product types")


@blp.route("/products", methods=["GET"])
@blp.arguments(ProductQuery(), location="query")
@tharstern_operation(blp, enveloped(StockItemSchema, "StockItems", many=True))
def list_products(args):
    """Stock items. With customerCode only those linked to that customer (plus generic ones with
    includeGeneric=true)."""
    return envelope(backend().list_products(**args))


@blp.route("/producttypes", methods=["GET"])
@blp.arguments(ProductTypeQuery(), location="query")
@tharstern_operation(blp, enveloped(ProductTypeSchema, "ProductTypes", many=True))
def list_product_types(args):
    """Product types with their parts and processes."""
    return envelope(backend().list_product_types(**args))
