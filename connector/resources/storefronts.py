"""``/api/storefronts``, and the storefront's connection and behaviour settings with Check Connection."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy import select

from ..domain.behaviour import Behaviour
from ..errors import Conflict, Invalid
from ..models import Storefront
from ..services import lookup
from ..services.connection import check_connection
from ..services.start_over import start_over as start_over_storefront
from ..services.runtime import db, runtime
from . import answers, links
from .blueprint import errors_doc
from .schemas_settings import (
    BehaviourIn,
    BehaviourOut,
    CheckOut,
    ConnectionOut,
    ConnectionPatch,
    ConnectionPut,
    StartOverOut,
    StorefrontDetail,
    StorefrontIn,
    StorefrontOut,
)

blp = Blueprint("storefronts", __name__, url_prefix="/api/storefronts",
                description="Storefronts, their connection settings (Check Connection) and behaviour settings")


@blp.route("", methods=["GET"])
@blp.response(200, StorefrontOut(many=True))
def list_storefronts():
    """Every storefront (``default`` always exists after a reset)."""
    return [answers.storefront_summary(sf) for sf in db().scalars(select(Storefront).order_by(Storefront.id))]


@blp.route("", methods=["POST"])
@blp.arguments(StorefrontIn)
@blp.response(201, StorefrontDetail)
@blp.doc(**links.created("sf", ("GetStorefront", "GET", ""), ("GetConnection", "GET", "/connection"),
                         ("GetBehaviour", "GET", "/behaviour"), field="key", under_storefront=False))
@errors_doc(blp, 409)
def create_storefront(data):
    """Add a storefront (its connection settings are set with PUT .../connection)."""
    session = db()
    if session.scalar(select(Storefront.id).where(Storefront.key == data["key"])) is not None:
        raise Conflict(f"A storefront with the key '{data['key']}' exists.", {"key": ["already used"]})
    sf = Storefront(key=data["key"], name=data["name"], platform=data["platform"], created_at=runtime().clock.now(),
                    outgoing_ip="127.0.0.1", behaviour_json=Behaviour().to_dict())
    session.add(sf)
    session.commit()
    return answers.storefront_detail(sf)


@blp.route("/<string:sf>", methods=["GET"])
@blp.response(200, StorefrontDetail)
@errors_doc(blp, 404)
def get_storefront(sf):
    """A storefront with its settings (never the password)."""
    return answers.storefront_detail(lookup.storefront(db(), sf))


@blp.route("/<string:sf>/connection", methods=["GET"])
@blp.response(200, ConnectionOut)
@errors_doc(blp, 404)
def get_connection(sf):
    """The connection settings; the password is write-only (``password_set`` says whether one is stored)."""
    return answers.connection(lookup.storefront(db(), sf))


def _save_connection(sf_key: str, data: dict, *, replace: bool):
    session = db()
    storefront = lookup.storefront(session, sf_key)
    if replace and "password" not in data and not storefront.password_sealed:
        raise Invalid({"password": ["required: no password is stored yet"]})
    for name, value in data.items():
        if name == "password":
            storefront.password_sealed = runtime().passwords.seal(value)  # never stored in plain text
        else:
            setattr(storefront, name, value)
    session.commit()
    runtime().forget_connection_state(storefront.id)
    current_app.logger.info("Connection settings of storefront %s changed: %s", storefront.key,
                            ", ".join(sorted(data)))  # names only: never values (the password)
    return answers.connection(storefront)


@blp.route("/<string:sf>/connection", methods=["PUT"])
@blp.arguments(ConnectionPut)
@blp.response(200, ConnectionOut)
@errors_doc(blp, 404)
def put_connection(data, sf):
    """Replace the connection settings. ``password`` may be left out to keep the stored one."""
    return _save_connection(sf, data, replace=True)


@blp.route("/<string:sf>/connection", methods=["PATCH"])
@blp.arguments(ConnectionPatch(partial=True))
@blp.response(200, ConnectionOut)
@errors_doc(blp, 404)
def patch_connection(data, sf):
    """Change the connection settings given."""
    return _save_connection(sf, data, replace=False)


@blp.route("/<string:sf>/connection/check", methods=["POST"])
@blp.response(200, CheckOut)
@errors_doc(blp, 404, 409)
def check(sf):
    """Check Connection: a token, the storefront customer code, the stock items it sees. ``problem``
    says what went wrong (bad_credentials, unreachable, wrong_url, unknown_customer_code) and
    ``advice`` how to fix it."""
    storefront = lookup.storefront(db(), sf)
    db().commit()
    result = check_connection(runtime(), storefront).to_dict()
    runtime().checks[storefront.id] = {"ok": result["ok"], "problem": result["problem"], "message": result["message"],
                                       "at": runtime().clock.now()}
    return result


@blp.route("/<string:sf>/behaviour", methods=["GET"])
@blp.response(200, BehaviourOut)
@errors_doc(blp, 404)
def get_behaviour(sf):
    """The behaviour settings."""
    return lookup.storefront(db(), sf).behaviour.to_dict()


def _save_behaviour(sf_key: str, data: dict, *, replace: bool):
    session = db()
    storefront = lookup.storefront(session, sf_key)
    before = storefront.behaviour
    storefront.behaviour = (Behaviour() if replace else before).updated(**data)
    session.commit()
    if storefront.behaviour.cache_ttl_s != before.cache_ttl_s:
        runtime().cache.clear(storefront.id)  # entries keep the lifetime they were stored with
    return storefront.behaviour.to_dict()


@blp.route("/<string:sf>/behaviour", methods=["PUT"])
@blp.arguments(BehaviourIn)
@blp.response(200, BehaviourOut)
@errors_doc(blp, 404)
def put_behaviour(data, sf):
    """Replace the behaviour settings; the ones left out take their defaults."""
    return _save_behaviour(sf, data, replace=True)


@blp.route("/<string:sf>/behaviour", methods=["PATCH"])
@blp.arguments(BehaviourIn)
@blp.response(200, BehaviourOut)
@errors_doc(blp, 404)
def patch_behaviour(data, sf):
    """Change the behaviour settings given."""
    return _save_behaviour(sf, data, replace=False)


@blp.route("/<string:sf>/start-over", methods=["POST"])
@blp.response(200, StartOverOut)
@errors_doc(blp, 404, 409)
def start_over(sf):
    """Start the storefront over from scratch for a class: connection settings and behaviours
    back to empty and defaults; Connect Links, attribute mappings, department codes and customer
    ConnectIds removed; orders, webhook events, the subscription record and Pressero imports
    deleted. Products, attributes, departments and customers stay. 409 while the outbox still has
    something of this storefront to send."""
    storefront = lookup.storefront(db(), sf)
    undone = start_over_storefront(runtime(), db(), storefront)
    current_app.logger.info("Storefront %s started over", storefront.key)
    return {"storefront": storefront.key, "undone": undone,
            "message": f"Storefront '{storefront.key}' starts over: fill in the connection settings (step 1)."}
