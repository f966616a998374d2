"""The storefront catalog: products, variants, attributes and attribute values, and the mapping
of attribute values onto estimate request nodes."""
from __future__ import annotations

from flask_smorest import Blueprint
from sqlalchemy import select

from ..models import Attribute, AttributeValue, Product, Variant
from ..services import lookup
from ..services.catalog import attribute_fit
from ..services.runtime import db
from . import answers, links
from .blueprint import errors_doc
from .schemas_catalog import (
    AttributeIn,
    AttributeOut,
    AttributeValueLinkIn,
    AttributeValueLinkOut,
    ProductIn,
    ProductOut,
    ProductSummary,
    VariantIn,
    VariantOut,
)

blp = Blueprint("catalog", __name__, url_prefix="/api/storefronts/<string:sf>",
                description="The storefront catalog: products, variants, attributes, attribute mapping")


@blp.route("/products", methods=["GET"])
@blp.response(200, ProductSummary(many=True))
@errors_doc(blp, 404)
def list_products(sf):
    """The storefront's products."""
    storefront = lookup.storefront(db(), sf)
    products = db().scalars(select(Product).where(Product.storefront_id == storefront.id).order_by(Product.id))
    return [answers.product_summary(p) for p in products]


@blp.route("/products", methods=["POST"])
@blp.arguments(ProductIn)
@blp.response(201, ProductOut)
@blp.doc(**links.created("pid", ("GetProduct", "GET", "/products/{pid}"), ("AddVariant", "POST", "/products/{pid}/variants"),
                         ("AddAttribute", "POST", "/products/{pid}/attributes")))
@errors_doc(blp, 404)
def create_product(data, sf):
    """Add a product (then its variants and attributes)."""
    session = db()
    product = Product(storefront_id=lookup.storefront(session, sf).id, **data)
    session.add(product)
    session.commit()
    return answers.product(product)


@blp.route("/products/<int:pid>", methods=["GET"])
@blp.response(200, ProductOut)
@errors_doc(blp, 404)
def get_product(sf, pid):
    """A product with its variants (and their Connect Links) and attributes (and value mappings)."""
    session = db()
    return answers.product(lookup.owned(session, Product, pid, lookup.storefront(session, sf)))


@blp.route("/products/<int:pid>/variants", methods=["POST"])
@blp.arguments(VariantIn)
@blp.response(201, VariantOut)
@blp.doc(**links.created("vid", ("GetVariant", "GET", "/variants/{vid}"), ("GetVariantLink", "GET", "/variants/{vid}/link"),
                         ("LinkVariant", "PUT", "/variants/{vid}/link")))
@errors_doc(blp, 404)
def create_variant(data, sf, pid):
    """Add a variant to a product; map it with PUT .../variants/{vid}/link."""
    session = db()
    product = lookup.owned(session, Product, pid, lookup.storefront(session, sf))
    variant = Variant(product=product, **data)
    session.add(variant)
    session.commit()
    return answers.variant(variant)


@blp.route("/products/<int:pid>/attributes", methods=["POST"])
@blp.arguments(AttributeIn)
@blp.response(201, AttributeOut)
@errors_doc(blp, 404)
def create_attribute(data, sf, pid):
    """Add an attribute with its values (each optionally mapped to a node right away)."""
    session = db()
    product = lookup.owned(session, Product, pid, lookup.storefront(session, sf))
    attribute = Attribute(product=product, name=data["name"],
                          values=[AttributeValue(**value) for value in data["values"]])
    session.add(attribute)
    session.commit()
    return answers.attribute(attribute)


@blp.route("/variants/<int:vid>", methods=["GET"])
@blp.response(200, VariantOut)
@errors_doc(blp, 404)
def get_variant(sf, vid):
    """A variant with its Connect Link."""
    session = db()
    return answers.variant(lookup.owned(session, Variant, vid, lookup.storefront(session, sf)))


def _fit_warnings(value: AttributeValue) -> list[str]:
    """Where the node does not fit a variant's template, say so (pricing would fail there)."""
    return [f"Variant {variant.id} ({variant.name}): {why}, so pricing it with this value will fail."
            for variant, why in attribute_fit.misfits(value)]


@blp.route("/attribute-values/<int:avid>/link", methods=["PUT"])
@blp.arguments(AttributeValueLinkIn)
@blp.response(200, AttributeValueLinkOut)
@errors_doc(blp, 404)
def link_attribute_value(data, sf, avid):
    """Map an attribute value onto a node of the estimate request: choosing it sets ``node`` to
    ``value`` (``Parts[0].PaperCode`` = ``DIG GLO 130``) when the price is asked for."""
    session = db()
    value = lookup.owned(session, AttributeValue, avid, lookup.storefront(session, sf))
    value.node, value.value = data["node"], data["value"]
    session.commit()
    return {**answers.attribute_value(value), "attribute_id": value.attribute_id,
            "attribute_name": value.attribute.name, "warnings": _fit_warnings(value)}


@blp.route("/attribute-values/<int:avid>/link", methods=["DELETE"])
@blp.response(200, AttributeValueLinkOut)
@errors_doc(blp, 404)
def unlink_attribute_value(sf, avid):
    """Remove an attribute value's mapping."""
    session = db()
    value = lookup.owned(session, AttributeValue, avid, lookup.storefront(session, sf))
    value.node = value.value = None
    session.commit()
    return {**answers.attribute_value(value), "attribute_id": value.attribute_id,
            "attribute_name": value.attribute.name, "warnings": []}
