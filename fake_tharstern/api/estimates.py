"""``GET api/estrequest/{productTypeId}/example``, ``POST api/estrequest``, ``GET api/estimates``,
``POST api/estimate/newestimatefromexisting``."""
from __future__ import annotations

from marshmallow import fields

from .answers import EstimateSchema, EstimateResultSchema, enveloped
from .bodies import EstimateRequestSchema, json_body
from .envelope import envelope
from .operation import backend, follow, json_payload, tharstern_operation
from .parser import FakeBlueprint
from .queries import EstimateQuery, NewEstimateFromExistingQuery

blp = FakeBlueprint("estimates", __name__, description="Estimate requests and estimates")

ExampleAnswer = enveloped(fields.Dict(allow_none=True), "EstimateRequestExample")


@blp.route("/estrequest/<int:product_type_id>/example", methods=["GET"])
@tharstern_operation(blp, ExampleAnswer)
def example_estimate_request(product_type_id):
    """A full sample estimate request with the product type's defaults."""
    example = backend().example_estimate_request(product_type_id)
    if example is None:
        return envelope(None, success=False, reasons=[f"Product type {product_type_id} was not found."])
    return envelope(example)


@blp.route("/estrequest", methods=["POST"])
@tharstern_operation(blp, enveloped(EstimateResultSchema, "EstimateRequestResult"),
                     body=json_body(EstimateRequestSchema, "An estimate request (see the example for all fields)"))
@blp.doc(**follow("ReadEstimate", "listEstimates", id="$response.body#/Details/Estimate/ID"))
def create_estimate():
    """Price an estimate request; every success creates an estimate."""
    return estimate_answer(backend().create_estimate(json_payload("estRequestProduct")))


@blp.route("/estimate/newestimatefromexisting", methods=["POST"])
@blp.arguments(NewEstimateFromExistingQuery(), location="query")
@tharstern_operation(blp, enveloped(EstimateResultSchema, "NewEstimateFromExistingResult"))
@blp.doc(**follow("ReadEstimate", "listEstimates", id="$response.body#/Details/Estimate/ID"))
def new_estimate_from_existing(args):
    """A new estimate from an existing one for another quantity (POST only, as a live server
    taught a public client); priced afresh, with RevisedFromEstimateId."""
    return estimate_answer(backend().new_estimate_from_existing(args["estimate_id"], args["quantity"]))


def estimate_answer(result):
    """``Success=false`` is HTTP 200 by default; the quirk ``estimate_failure_is_400`` makes it
    a 400 with the same envelope, as an older client reads it."""
    outcome = result["Result"]
    status = 400 if not outcome["Success"] and backend().quirks.estimate_failure_is_400 else 200
    return envelope(result, success=outcome["Success"], reasons=outcome["Problems"], status=status)


@blp.route("/estimates", methods=["GET"])
@blp.arguments(EstimateQuery(), location="query")
@tharstern_operation(blp, enveloped(EstimateSchema, "Estimates", many=True))
@blp.doc(operationId="listEstimates")
def list_estimates(args):
    """Estimates by id, reference, keyword (reference, title, Ref1..Ref10) or customer."""
    return envelope(backend().list_estimates(**args))
