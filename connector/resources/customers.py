"""Departments and customers, their Tharstern customer codes and Connect Links."""
from __future__ import annotations

from flask_smorest import Blueprint
from sqlalchemy import select

from ..errors import Conflict
from ..models import Customer, Department
from ..services import lookup
from ..services.customers import popup as customer_popup
from ..services.customers.codes import resolve
from ..services.runtime import db, runtime
from . import answers, links
from .blueprint import errors_doc
from .schemas_customers import (
    CodeAnswer,
    CustomerIn,
    CustomerLinkIn,
    CustomerOut,
    CustomerPatch,
    DepartmentIn,
    DepartmentLinkIn,
    DepartmentOut,
    PopupOut,
    PopupQuery,
)

blp = Blueprint("customers", __name__, url_prefix="/api/storefronts/<string:sf>",
                description="Departments, customers and which Tharstern customer code applies to them")


@blp.route("/departments", methods=["GET"])
@blp.response(200, DepartmentOut(many=True))
@errors_doc(blp, 404)
def list_departments(sf):
    """The storefront's departments."""
    storefront = lookup.storefront(db(), sf)
    found = db().scalars(select(Department).where(Department.storefront_id == storefront.id).order_by(Department.id))
    return [answers.department(d) for d in found]


@blp.route("/departments", methods=["POST"])
@blp.arguments(DepartmentIn)
@blp.response(201, DepartmentOut)
@blp.doc(**links.created("did", ("GetDepartment", "GET", "/departments/{did}"), ("LinkDepartment", "PUT", "/departments/{did}/link")))
@errors_doc(blp, 404)
def create_department(data, sf):
    """Add a department (a group of users, e.g. one company), optionally with its Tharstern code."""
    session = db()
    department = Department(storefront_id=lookup.storefront(session, sf).id, **data)
    session.add(department)
    session.commit()
    return answers.department(department)


@blp.route("/departments/<int:did>", methods=["GET"])
@blp.response(200, DepartmentOut)
@errors_doc(blp, 404)
def get_department(sf, did):
    session = db()
    return answers.department(lookup.owned(session, Department, did, lookup.storefront(session, sf)))


@blp.route("/departments/<int:did>/link", methods=["PUT"])
@blp.arguments(DepartmentLinkIn)
@blp.response(200, DepartmentOut)
@errors_doc(blp, 404, 422, 502)
def link_department(data, sf, did):
    """Connect Link → ExternalId: the department's Tharstern customer code (null removes it). From
    then on its members' estimates and orders use it, unless they have a link of their own. The
    code is checked against Tharstern as a customer's link is (``verify: false`` stores it as given)."""
    session = db()
    storefront = lookup.storefront(session, sf)
    department = lookup.owned(session, Department, did, storefront)
    code = data["code"]
    if code is not None and data["verify"]:
        code = customer_popup.verified_code(runtime(), storefront, code, "code")
    department.code = code
    session.commit()
    return answers.department(department)


@blp.route("/customers", methods=["GET"])
@blp.response(200, CustomerOut(many=True))
@errors_doc(blp, 404)
def list_customers(sf):
    """The storefront's customers with the code that applies to each."""
    storefront = lookup.storefront(db(), sf)
    found = db().scalars(select(Customer).where(Customer.storefront_id == storefront.id).order_by(Customer.id))
    return [answers.customer(storefront, c) for c in found]


def _email_free(storefront_id: int, email: str, except_id: int | None = None) -> None:
    clash = db().scalar(select(Customer.id).where(Customer.storefront_id == storefront_id,
                                                  Customer.email_key == email.strip().lower()))
    if clash is not None and clash != except_id:
        raise Conflict(f"Customer {clash} already has the e-mail {email}.", {"email": ["already used in this storefront"]})


@blp.route("/customers", methods=["POST"])
@blp.arguments(CustomerIn)
@blp.response(201, CustomerOut)
@blp.doc(**links.created("cid", ("GetCustomer", "GET", "/customers/{cid}"), ("CustomerCode", "GET", "/customers/{cid}/customer-code"),
                         ("CustomerPopup", "GET", "/customers/{cid}/link"), ("EditCustomer", "PATCH", "/customers/{cid}")))
@errors_doc(blp, 404, 409, 422, 502, 504)
def create_customer(data, sf):
    """Add a customer (a storefront user), optionally in a department and with a ConnectId, which
    is checked in Tharstern as ``PUT …/link`` checks it (unless ``verify`` is false)."""
    session = db()
    storefront = lookup.storefront(session, sf)
    email = data["email"].strip()
    _email_free(storefront.id, email)
    department = (lookup.referenced(session, Department, data["department_id"], storefront, "department_id")
                  if data["department_id"] is not None else None)
    customer = Customer(storefront_id=storefront.id, email=email, email_key=email.lower(),
                        name=data["name"] or email.split("@")[0], department=department)
    if data["connect_id"]:
        session.commit()  # no transaction stays open while Tharstern is asked
        customer_popup.set_link(runtime(), storefront, customer, data["connect_id"], data["verify"])
        _email_free(storefront.id, email)  # a customer with the e-mail may have been added meanwhile
    session.add(customer)
    session.commit()
    return answers.customer(storefront, customer)


def _customer(sf: str, cid: int):
    session = db()
    storefront = lookup.storefront(session, sf)
    return storefront, lookup.owned(session, Customer, cid, storefront)


@blp.route("/customers/<int:cid>", methods=["GET"])
@blp.response(200, CustomerOut)
@errors_doc(blp, 404)
def get_customer(sf, cid):
    """A customer, their link and the code that applies to them."""
    return answers.customer(*_customer(sf, cid))


@blp.route("/customers/<int:cid>", methods=["PATCH"])
@blp.arguments(CustomerPatch)
@blp.response(200, CustomerOut)
@errors_doc(blp, 404, 409, 422, 502, 504)
def patch_customer(data, sf, cid):
    """Change a customer's name, e-mail, department (null: no department) or ConnectId (checked
    in Tharstern unless ``verify`` is false, as ``PUT …/link``; null unlinks)."""
    storefront, customer = _customer(sf, cid)
    if "connect_id" in data:
        db().commit()  # no transaction stays open while Tharstern is asked
        customer_popup.set_link(runtime(), storefront, customer, data["connect_id"], data["verify"])
    if "email" in data:
        _email_free(storefront.id, data["email"], customer.id)
        customer.email, customer.email_key = data["email"].strip(), data["email"].strip().lower()
    if "name" in data:
        customer.name = data["name"]
    if "department_id" in data:
        customer.department = (lookup.referenced(db(), Department, data["department_id"], storefront, "department_id")
                               if data["department_id"] is not None else None)
    db().commit()
    return answers.customer(storefront, customer)


@blp.route("/customers/<int:cid>/customer-code", methods=["GET"])
@blp.response(200, CodeAnswer)
@errors_doc(blp, 404)
def customer_code(sf, cid):
    """Which Tharstern customer code this customer's estimates and orders use, the rule that
    chose it and why. No side effects: automatic linking runs at order placement."""
    storefront, customer = _customer(sf, cid)
    return resolve(storefront, customer).to_dict()


@blp.route("/customers/<int:cid>/link", methods=["GET"])
@blp.arguments(PopupQuery, location="query")
@blp.response(200, PopupOut)
@errors_doc(blp, 404, 409, 502, 504)
def get_link(args, sf, cid):
    """The Connect Link popup: the current link (checked against Tharstern) and candidate Tharstern
    customers from the cached list, those with the customer's e-mail first."""
    storefront, customer = _customer(sf, cid)
    db().commit()
    return customer_popup.popup(runtime(), storefront, customer, args.get("q"), args["limit"])


@blp.route("/customers/<int:cid>/link", methods=["PUT"])
@blp.arguments(CustomerLinkIn)
@blp.response(200, CustomerOut)
@errors_doc(blp, 404, 409, 422, 502, 504)
def put_link(data, sf, cid):
    """Save Connect External Id: link the customer to a Tharstern customer code (checked in
    Tharstern unless ``verify`` is false), or unlink with null."""
    storefront, customer = _customer(sf, cid)
    db().commit()
    customer_popup.set_link(runtime(), storefront, customer, data["connect_id"], data["verify"])
    db().commit()
    return answers.customer(storefront, customer)
