"""``POST /prices`` (live pricing, with its schemas) and ``POST /cache/clear``."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields, validate

from tharstern_kit.schema import Schema

from ..models import Customer, Variant
from ..services import lookup
from ..services.pricing import price
from ..services.runtime import db, runtime
from .blueprint import errors_doc
from .fields import Id
from .schemas_customers import CodeAnswer
from .schemas_settings import CacheClearOut


class PriceIn(Schema):
    variant_id = Id(required=True)
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=10_000_000))
    attribute_value_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=50))
    customer_id = Id(load_default=None, allow_none=True, metadata={"description": "none: an anonymous shopper"})


class PriceOut(Schema):
    price = fields.Float(allow_none=True, metadata={"description": "null: please call for price (see message)"})
    currency = fields.String(allow_none=True)
    source = fields.String(allow_none=True, metadata={"description": "estimate | price_list"})
    estimate_id = fields.Integer(allow_none=True)
    estimate_ref = fields.String(allow_none=True)
    message = fields.String()
    reason = fields.String(allow_none=True, metadata={"description": "why there is no price (null when there is); "
                                                                     "when Tharstern failed, its problem: unreachable | "
                                                                     "wrong_url | bad_credentials | rejected"})
    cause = fields.String(allow_none=True, metadata={"description": "when Tharstern failed: what happened (timeout, "
                                                                    "not_tharstern, server_error, ...)"})
    problems = fields.List(fields.String())
    quantity = fields.Integer()
    tharstern_price = fields.Float(allow_none=True)
    unit_price = fields.Float(allow_none=True)
    markup_percent = fields.Float()
    customer_code = fields.Nested(CodeAnswer)
    required_date = fields.String(allow_none=True)
    dispatch_date = fields.String(allow_none=True)


blp = Blueprint("pricing", __name__, url_prefix="/api/storefronts/<string:sf>",
                description="Live pricing from Tharstern, and the cache of Tharstern data")


@blp.route("/prices", methods=["POST"])
@blp.arguments(PriceIn)
@blp.response(200, PriceOut)
@errors_doc(blp, 404, 409, 422)
def post_price(data, sf):
    """The price of a variant for a quantity, chosen attribute values and a customer: from a
    Tharstern estimate (source ``estimate``) or the stock item's unit price (``price_list``), plus
    the markup. No price → ``price: null`` and "Please call for price" with the reason."""
    session = db()
    storefront = lookup.storefront(session, sf)
    variant = lookup.referenced(session, Variant, data["variant_id"], storefront, "variant_id")
    customer = (lookup.referenced(session, Customer, data["customer_id"], storefront, "customer_id")
                if data["customer_id"] is not None else None)
    values = lookup.attribute_values(session, storefront, variant, data["attribute_value_ids"], "attribute_value_ids")
    session.commit()
    return price(runtime(), storefront, variant, data["quantity"], values, customer).to_dict()


@blp.route("/cache/clear", methods=["POST"])
@blp.response(200, CacheClearOut)
@errors_doc(blp, 404)
def clear_cache(sf):
    """Forget the cached Tharstern data of this storefront (stock items, product types, the
    customer list), so that what changed in Tharstern shows at once. Tokens are kept."""
    storefront = lookup.storefront(db(), sf)
    cleared = runtime().cache.clear(storefront.id)
    return {"cleared": cleared, "message": f"Cleared {cleared} cached Tharstern list(s) of storefront '{storefront.key}'."}
