"""``POST /prices`` (live pricing) and ``POST /cache/clear``."""
from __future__ import annotations

from ..models import Customer, Variant
from ..services import lookup
from ..services.pricing import price
from ..services.runtime import db, runtime
from . import views
from .fields import ConnectorBlueprint
from .schemas_customers import PriceIn, PriceOut
from .schemas_settings import CacheClearOut

blp = ConnectorBlueprint("pricing", __name__, url_prefix="/api/storefronts/<string:sf>",
                         description="Live pricing from Tharstern, and the cache of Tharstern data")


@blp.route("/prices", methods=["POST"])
@blp.arguments(PriceIn)
@blp.response(200, PriceOut)
@views.errors_doc(blp, 404, 409, 422)
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
@views.errors_doc(blp, 404)
def clear_cache(sf):
    """Forget the cached Tharstern data of this storefront (stock items, product types, the
    customer list), so that what changed in Tharstern shows at once. Tokens are kept."""
    storefront = lookup.storefront(db(), sf)
    cleared = runtime().cache.clear(storefront.id)
    return {"cleared": cleared, "message": f"Cleared {cleared} cached Tharstern list(s) of storefront '{storefront.key}'."}
