"""Admin pages: Pressero's import (seed 002), for storefronts with the ``pressero`` preset — the
Tharstern products (stock items the storefront customer code sees) in pages of at most 50 to
select, the SKUs already imported for the chosen site crossed out in red, the import's settings
(site, External User ID, % increase over price, categories, user groups, mandatory file upload)
and the workflow status that transfers orders, the storefront's imports with their progress,
one import's page (a progress bar that follows ``GET /imports/{iid}``, Resume after an
interruption), and the conversion helper for products already in Pressero (the part number
``ExternalUserID-TharsternProductID``)."""
from __future__ import annotations

import math

from flask import Blueprint, request, url_for
from sqlalchemy import select

from ..domain.imports import MAX_PER_IMPORT, mis_product_id, normalise_site, part_number
from ..errors import NotFound
from ..models import Import, ImportedProduct, Storefront
from ..resources.imports import import_answer as import_view
from ..services import lookup
from ..services.catalog.connect_link import ConnectLinkCatalog
from ..services.runtime import db, runtime
from ..tharstern.errors import TharsternError
from ..tharstern.factory import ConnectionIncomplete
from tharstern_kit.pages.queries import read_query

from . import reads_feedback
from .queries import ImportFilter
from .render import render, storefront, tharstern_problem

SHOWN_IMPORTS = 20
IMPORT_WATCH_KEYS = ("state", "progress.pending", "progress.imported", "progress.skipped", "progress.failed")
IMPORT_STATES = {"running": ("Importing", "pending"), "interrupted": ("Interrupted", "warn"),
                 "completed": ("Complete", "done")}
ITEM_STATES = {"pending": "waiting", "imported": "imported", "skipped": "skipped (already imported)",
               "failed": "failed"}


def _pressero(sf: str) -> Storefront:
    found = storefront(sf)
    if found.platform != "pressero":
        raise NotFound(f"The import page is Pressero's: storefront '{found.key}' uses the {found.platform} preset. "
                       "Open a storefront with the pressero preset (the demo has 'pressero').")
    return found


def _site(args: dict) -> str:
    return normalise_site(args["site"]) if args.get("site") else ""


def import_page(sf: str):
    found = _pressero(sf)
    args, errors = read_query(ImportFilter(), request.args)
    site = _site(args)
    problem, options = None, []
    try:
        options = ConnectLinkCatalog(runtime(), found).options(args.get("q"))
    except (TharsternError, ConnectionIncomplete) as error:
        problem = tharstern_problem(error)
    pages = max(1, math.ceil(len(options) / MAX_PER_IMPORT))
    number = min(args.get("page", 1), pages)
    shown = options[(number - 1) * MAX_PER_IMPORT:number * MAX_PER_IMPORT]
    imported = {p.stock_item_id: p for p in db().scalars(select(ImportedProduct).where(
        ImportedProduct.storefront_id == found.id, ImportedProduct.site == site))} if site else {}
    jobs = list(db().scalars(select(Import).where(Import.storefront_id == found.id)
                             .order_by(Import.id.desc()).limit(SHOWN_IMPORTS)))
    conversion = None
    if args.get("convert_user") and args.get("convert_item"):
        conversion = {"part_number": part_number(args["convert_user"], args["convert_item"]),
                      "mis_product_id": mis_product_id(args["convert_user"], args["convert_item"], site) if site else None}
    pager = {"page": number, "pages": pages, "total": len(options), "previous": number - 1 if number > 1 else None,
             "next": number + 1 if number < pages else None, "first": (number - 1) * MAX_PER_IMPORT + 1 if shown else 0,
             "last": (number - 1) * MAX_PER_IMPORT + len(shown)}
    return render("import.html", "Pressero · Import Tharstern products", found, step="admin.import_page", args=args,
                  errors=errors, site=site, options=shown, imported=imported, problem=problem, pager=pager,
                  jobs=[import_view(j) for j in jobs], states=IMPORT_STATES, max_items=MAX_PER_IMPORT,
                  conversion=conversion, transfer_on=found.behaviour.transfer_on)


def import_job(sf: str, iid: int):
    found = _pressero(sf)
    job = import_view(lookup.owned(db(), Import, iid, found))
    return render("import_job.html", f"Import {iid}", found, step="admin.import_page", job=job, states=IMPORT_STATES,
                  item_states=ITEM_STATES, watch_url=url_for("imports.get_import", sf=found.key, iid=iid),
                  watch_keys=" ".join(IMPORT_WATCH_KEYS), watch_print=reads_feedback.fingerprint(job, IMPORT_WATCH_KEYS))


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/<sf>/import", "import_page", import_page)
    blueprint.add_url_rule("/<sf>/imports/<int:iid>", "import_job", import_job)
