"""``GET api/customers``, ``POST api/customers/create`` [I] and ``GET api/contacts``."""
from __future__ import annotations

from .answers import ContactSchema, CustomerSchema, enveloped
from ..body_schemas import CUSTOMER
from .bodies import json_body
from .envelope import envelope
from .operation import backend, follow, json_payload, tharstern_operation
from .parser import FakeBlueprint
from .queries import ContactQuery, CustomerQuery

blp = FakeBlueprint("customers", __name__, description="Tharstern customers and contacts")


@blp.route("/customers", methods=["GET"])
@blp.arguments(CustomerQuery(), location="query")
@tharstern_operation(blp, enveloped(CustomerSchema, "Customers", many=True))
@blp.doc(operationId="listCustomers")
def list_customers(args):
    """Customers, by code, keyword (code, name or any contact e-mail), id or e-mail."""
    return envelope(backend().list_customers(**args))


@blp.route("/customers/create", methods=["POST"])
@tharstern_operation(blp, enveloped(CustomerSchema, "CreatedCustomers", many=True),
                     body=json_body(CUSTOMER, "The customer; Code is generated when omitted"))
@blp.doc(**follow("ReadCustomer", "listCustomers", id="$response.body#/Details/Items/0/ID"))
def create_customer():
    """[fake] Create a customer (the real endpoint Infigo uses is not public)."""
    customer = backend().create_customer(json_payload("customer"), path="customer")
    return envelope({"Items": [customer], "TotalItemCount": 1})


@blp.route("/contacts", methods=["GET"])
@blp.arguments(ContactQuery(), location="query")
@tharstern_operation(blp, enveloped(ContactSchema, "Contacts", many=True))
def list_contacts(args):
    """The contacts of one customer."""
    return envelope(backend().list_contacts(**args))
