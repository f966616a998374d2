"""The Connect Link list and its diagnosis, and linking variants to stock items."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from ..models import Variant
from ..services import lookup
from ..services.catalog import variant_links
from ..services.catalog.connect_link import ConnectLinkCatalog
from ..services.runtime import db, runtime
from . import answers
from .blueprint import errors_doc
from .schemas_catalog import ConnectLinkOption, DiagnoseQuery, DiagnosisOut, LinkIn, LinkOut, OptionsQuery, SelectionIn, TemplateIn

blp = Blueprint("connect-link", __name__, url_prefix="/api/storefronts/<string:sf>",
                description="Connect Link: the stock item list, why a product type is missing, variant links")


@blp.route("/connect-link/options", methods=["GET"])
@blp.arguments(OptionsQuery, location="query")
@blp.response(200, ConnectLinkOption(many=True))
@errors_doc(blp, 404, 409, 502, 504)
def options(args, sf):
    """The Connect Link list: stock items Tharstern returns for the storefront customer code (every
    page), filtered by the Product Type Filter, each with its product type (one producttypes call
    per distinct ProductTypes_ID > 0); cached for cache_ttl_s. ``q`` searches code, description and
    product type name."""
    storefront = lookup.storefront(db(), sf)
    db().commit()
    return ConnectLinkCatalog(runtime(), storefront).options(args.get("q"))


@blp.route("/connect-link/diagnose", methods=["GET"])
@blp.arguments(DiagnoseQuery, location="query")
@blp.response(200, DiagnosisOut)
@errors_doc(blp, 404, 409)
def diagnose(args, sf):
    """Why a product type is (not) in the Connect Link list, and whom to escalate to (seed:
    Tharstern when its stock item is missing from /api/products, the connector when it is there)."""
    storefront = lookup.storefront(db(), sf)
    db().commit()
    return ConnectLinkCatalog(runtime(), storefront).diagnose(args["product_type_id"]).to_dict()


def _variant(sf: str, vid: int):
    session = db()
    storefront = lookup.storefront(session, sf)
    return storefront, lookup.owned(session, Variant, vid, storefront)


@blp.route("/variants/<int:vid>/link", methods=["GET"])
@blp.response(200, LinkOut)
@errors_doc(blp, 404)
def get_link(sf, vid):
    """The variant's Connect Link (``linked: false`` when it has none)."""
    return answers.link(_variant(sf, vid)[1])


@blp.route("/variants/<int:vid>/link", methods=["PUT"])
@blp.arguments(LinkIn)
@blp.response(200, LinkOut)
@errors_doc(blp, 404, 409, 422, 502, 504)
def put_link(data, sf, vid):
    """Link the variant to a stock item of the Connect Link list (Save External Reference). With a
    product type and estimate pricing on, Tharstern's sample estimate request becomes the template,
    with the required and default parts and processes chosen."""
    storefront, variant = _variant(sf, vid)
    warnings = variant_links.link_variant(runtime(), db(), storefront, variant, data["stock_item_id"],
                                          data["use_estimate_pricing"])
    db().commit()
    return answers.link(variant, warnings)


@blp.route("/variants/<int:vid>/link", methods=["DELETE"])
@blp.response(200, LinkOut)
@errors_doc(blp, 404)
def delete_link(sf, vid):
    """Remove the variant's Connect Link."""
    _, variant = _variant(sf, vid)
    variant.link = None
    db().commit()
    return answers.link(variant)


@blp.route("/variants/<int:vid>/link/selection", methods=["PUT"])
@blp.arguments(SelectionIn)
@blp.response(200, LinkOut)
@errors_doc(blp, 404, 409, 422)
def put_selection(data, sf, vid):
    """Choose the parts and processes to use. The template is rebuilt from the sample request,
    which discards manual edits and mapping code (``warnings`` says so)."""
    _, variant = _variant(sf, vid)
    warnings = variant_links.choose_parts_and_processes(variant, data["part_ids"], data["process_ids"])
    db().commit()
    return answers.link(variant, warnings)


@blp.route("/variants/<int:vid>/link/template", methods=["PUT"])
@blp.arguments(TemplateIn)
@blp.response(200, LinkOut)
@errors_doc(blp, 404, 409, 422)
def put_template(data, sf, vid):
    """Advanced mapping: the estimate request template as JSON, or mapping code (a sandboxed Jinja2
    template whose output must be that JSON; errors name the line)."""
    storefront, variant = _variant(sf, vid)
    if "template" in data:
        warnings = variant_links.set_template(variant, data["template"])
    else:
        warnings = variant_links.set_mapping_code(runtime().mapping, variant, data["mapping_code"],
                                                  storefront.storefront_customer_code,
                                                  int(current_app.config["MAPPING_CODE_MAX_CHARS"]))
    db().commit()
    return answers.link(variant, warnings)
