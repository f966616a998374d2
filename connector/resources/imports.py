"""Pressero-style imports of Tharstern stock items, their progress, and the imported products
with their synced price and stock."""
from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import ValidationError, fields, post_load, validate, validates
from sqlalchemy import select

from tharstern_kit.schema import Schema

from ..domain.imports import MAX_PER_IMPORT, normalise_site
from ..models import Import, ImportedProduct, Product
from ..models.imports import ITEM_STATES
from ..services import lookup
from ..services.pressero.importing import resume_import, start_import
from ..services.runtime import db, runtime
from . import answers, links
from .blueprint import errors_doc
from .fields import Id, StrictBool, StrictNumber, Text

blp = Blueprint("imports", __name__, url_prefix="/api/storefronts/<string:sf>",
                description="Pressero-style import of Tharstern products, with price and stock kept in sync")
SITE = validate.Regexp(r"^(https?://)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
                       r"(:\d{1,5})?/?$", error="a site domain such as shop.example.com")
LABEL = Text(max_length=100)


class ImportIn(Schema):
    stock_item_ids = fields.List(Id(), required=True, metadata={"description": f"at most {MAX_PER_IMPORT}",
                                                                 "minItems": 1, "maxItems": MAX_PER_IMPORT})
    site = Text(required=True, max_length=253, validate=[SITE], metadata={"description": "the store's domain"})
    external_user_id = Text(required=True, max_length=40, validate=[validate.Regexp(
        r"^[A-Za-z0-9]+$", error="letters and digits (Aleyant gives it)")])
    categories = fields.List(LABEL, load_default=list, validate=validate.Length(max=50))
    user_groups = fields.List(LABEL, load_default=list, validate=validate.Length(max=50))
    markup_percent = StrictNumber(load_default=0.0, allow_nan=False,
                                  validate=validate.Range(min=-100, max=1000, min_inclusive=False))
    mandatory_upload = StrictBool(load_default=False)
    background = StrictBool(load_default=False, metadata={"description": (
        "true: answer 202 at once with the import (running, nothing done yet) and run it in the "
        "background, committing item by item; follow it with GET /imports/{iid}. false (default): "
        "answer when the import is done or interrupted")})

    @validates("stock_item_ids")
    def _batch(self, value: list[int], **_kwargs) -> None:
        if not value:
            raise ValidationError("Give at least one stock item id.")
        if len(value) > MAX_PER_IMPORT:
            raise ValidationError(f"At most {MAX_PER_IMPORT} stock items per import ({len(value)} given); "
                                  "split them into several imports.")

    @post_load
    def _site(self, data: dict, **_kwargs) -> dict:
        data["site"] = normalise_site(data["site"])
        return data


class ImportedProductOut(Schema):
    product_id = fields.Integer()
    variant_id = fields.Integer(allow_none=True)
    name = fields.String()
    site = fields.String()
    stock_item_id = fields.Integer()
    stock_item_code = fields.String()
    part_number = fields.String()
    public_part_number = fields.String(allow_none=True)
    mis_product_id = fields.String()
    categories = fields.List(fields.String())
    user_groups = fields.List(fields.String())
    mandatory_upload = fields.Boolean()
    markup_percent = fields.Float()
    unit_price = fields.Float(allow_none=True)
    price = fields.Float(allow_none=True)
    available = fields.Float(allow_none=True)
    tracks_stock = fields.Boolean()
    out_of_stock = fields.Boolean()
    stock_sequence = fields.Integer()
    synced_at = fields.String(allow_none=True)


class ImportItemOut(Schema):
    stock_item_id = fields.Integer()
    state = fields.String(metadata={"description": "pending | imported | skipped | failed"})
    product_id = fields.Integer(allow_none=True)
    message = fields.String(allow_none=True)


class ImportOut(Schema):
    id = fields.Integer()
    state = fields.String(metadata={"description": "running | interrupted | completed"})
    site = fields.String()
    external_user_id = fields.String()
    categories = fields.List(fields.String())
    user_groups = fields.List(fields.String())
    markup_percent = fields.Float()
    mandatory_upload = fields.Boolean()
    progress = fields.Dict(keys=fields.String(), values=fields.Integer())
    runs = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.String()
    finished_at = fields.String(allow_none=True)
    message = fields.String()
    items = fields.List(fields.Nested(ImportItemOut))


class ResumeIn(Schema):
    background = StrictBool(load_default=False, metadata={"description": (
        "true: answer 202 at once with the import (running, nothing done yet) and run it in the "
        "background, committing item by item; follow it with GET /imports/{iid}. false (default): "
        "answer when the import is done or interrupted")})


class ImportedQuery(Schema):
    site = Text(max_length=253)


def import_answer(job: Import) -> dict[str, Any]:
    progress = {state: 0 for state in ITEM_STATES}
    for item in job.items:
        progress[item.state] += 1
    progress["total"] = len(job.items)
    message = {"completed": "Import complete.", "running": "Import running.",
               "interrupted": f"Interrupted ({job.last_error}); POST .../resume carries on "
                              f"with the {progress['pending']} item(s) still pending."}[job.state]
    return {"id": job.id, "state": job.state, "site": job.site, "external_user_id": job.external_user_id,
            "categories": job.categories, "user_groups": job.user_groups, "markup_percent": job.markup_percent,
            "mandatory_upload": job.mandatory_upload, "progress": progress, "runs": job.runs,
            "last_error": job.last_error, "created_at": answers.iso(job.created_at),
            "finished_at": answers.iso(job.finished_at), "message": message,
            "items": [{"stock_item_id": i.stock_item_id, "state": i.state, "product_id": i.product_id,
                       "message": i.message} for i in job.items]}


def imported_product(item: ImportedProduct, session) -> dict[str, Any]:
    product = session.get(Product, item.product_id)
    return {"product_id": item.product_id, "variant_id": product.variants[0].id if product and product.variants else None,
            "name": product.name if product else "", "site": item.site, "stock_item_id": item.stock_item_id,
            "stock_item_code": item.stock_item_code, "part_number": item.part_number,
            "public_part_number": item.public_part_number, "mis_product_id": item.mis_product_id,
            "categories": item.categories, "user_groups": item.user_groups, "mandatory_upload": item.mandatory_upload,
            "markup_percent": item.markup_percent,
            "unit_price": float(item.unit_price) if item.unit_price is not None else None,
            "price": float(item.price) if item.price is not None else None, "available": item.available,
            "tracks_stock": item.tracks_stock, "out_of_stock": item.out_of_stock,
            "stock_sequence": item.stock_sequence, "synced_at": answers.iso(item.synced_at)}


@blp.route("/imports", methods=["POST"])
@blp.arguments(ImportIn)
@blp.response(201, ImportOut)
@blp.alt_response(202, schema=ImportOut, description="With \"background\": true: the import is running")
@blp.doc(**links.created("iid", ("GetImport", "GET", "/imports/{iid}"), ("ResumeImport", "POST", "/imports/{iid}/resume")))
@errors_doc(blp, 404, 409, 422)
def create_import(data, sf):
    """Import up to 50 Tharstern stock items as products of a site: named from the stock item,
    part number ``ExternalUserID-TharsternProductID``, MIS product id
    ``ExternalUserID-TharsternProductID-SiteDomain``, categories, user groups, markup, upload flag.
    Items already imported for the site are skipped and said so. A Tharstern failure leaves the
    import ``interrupted`` (still 201): resume it with ``POST /imports/{iid}/resume``. With
    ``"background": true`` the answer is 202 at once and ``GET /imports/{iid}`` shows the progress."""
    session = db()
    background = data.pop("background")
    job = start_import(runtime(), session, lookup.storefront(session, sf), data, background=background)
    return (import_answer(job), 202) if background else import_answer(job)


@blp.route("/imports/<int:iid>", methods=["GET"])
@blp.response(200, ImportOut)
@errors_doc(blp, 404)
def get_import(sf, iid):
    """An import's progress: items pending, imported, skipped and failed, and its state."""
    session = db()
    return import_answer(lookup.owned(session, Import, iid, lookup.storefront(session, sf)))


@blp.route("/imports/<int:iid>/resume", methods=["POST"])
@blp.arguments(ResumeIn, required=False)
@blp.response(200, ImportOut)
@blp.alt_response(202, schema=ImportOut, description="With \"background\": true: the import is running again")
@errors_doc(blp, 404, 409, 422)
def resume(data, sf, iid):
    """Carry on with an interrupted import's pending items (409 while this connector is running it
    in the background). The body is optional; ``"background": true`` answers 202 at once."""
    session = db()
    storefront = lookup.storefront(session, sf)
    background = bool(data and data.get("background"))
    job = resume_import(runtime(), session, storefront, lookup.owned(session, Import, iid, storefront), background)
    return (import_answer(job), 202) if background else import_answer(job)


@blp.route("/imported-products", methods=["GET"])
@blp.arguments(ImportedQuery, location="query")
@blp.response(200, ImportedProductOut(many=True))
@errors_doc(blp, 404)
def list_imported(args, sf):
    """Products imported from Tharstern, with the price (markup included) and stock kept in
    sync by StockItemChanged events."""
    session = db()
    storefront = lookup.storefront(session, sf)
    query = select(ImportedProduct).where(ImportedProduct.storefront_id == storefront.id)
    if args.get("site"):
        query = query.where(ImportedProduct.site == args["site"].lower())
    return [imported_product(p, session) for p in session.scalars(query.order_by(ImportedProduct.id))]
