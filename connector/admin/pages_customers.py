"""Admin pages: step 5 customer codes (the storefront code, departments and their codes,
customers with the code that applies to each, clearing the cache) and a customer's Connect Link
popup (candidates from the cached Tharstern list, e-mail matches first)."""
from __future__ import annotations

from flask import Blueprint, request
from sqlalchemy import select

from tharstern_kit.pages.queries import read_query

from ..models import Customer, Department
from ..resources import answers
from ..services import lookup
from ..services.customers import popup as customer_popup
from ..services.runtime import db, runtime
from ..tharstern.errors import TharsternError
from ..tharstern.factory import ConnectionIncomplete
from . import reads
from .queries import SearchFilter
from .render import render, storefront, tharstern_problem

CANDIDATES_SHOWN = 50


def customers(sf: str):
    found = storefront(sf)
    departments = [answers.department(d) for d in
                   db().scalars(select(Department).where(Department.storefront_id == found.id).order_by(Department.id))]
    people = [answers.customer(found, c) for c in
              db().scalars(select(Customer).where(Customer.storefront_id == found.id).order_by(Customer.id))]
    return render("customers.html", "5 · Customer codes", found, departments=departments, customers=people,
                  behaviour=found.behaviour.to_dict(), rules=reads.RULE_LABELS, sources=reads.LINK_SOURCE_LABELS)


def customer(sf: str, cid: int):
    found = storefront(sf)
    person = lookup.owned(db(), Customer, cid, found)
    args, errors = read_query(SearchFilter(), request.args)
    shown = answers.customer(found, person)
    popup, problem = None, None
    try:
        popup = customer_popup.popup(runtime(), found, person, args.get("q"), CANDIDATES_SHOWN)
    except (TharsternError, ConnectionIncomplete) as error:
        problem = tharstern_problem(error)
    return render("customer.html", f"Connect Link: {shown['name']}", found, step="admin.customers", customer=shown,
                  popup=popup, problem=problem, args=args, errors=errors, rules=reads.RULE_LABELS,
                  sources=reads.LINK_SOURCE_LABELS, behaviour=found.behaviour.to_dict(),
                  link_statuses=reads.LINK_STATUS_LABELS)


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/<sf>/customers", "customers", customers)
    blueprint.add_url_rule("/<sf>/customers/<int:cid>", "customer", customer)
