"""Query-string schemas of the faked API. ``data_key`` is the name on the wire; the attribute
name is the keyword the backend method takes."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from tharstern_kit.schema import Schema

from ..backend.records import enums
from ..backend.records.paging import MAX_PAGE
from .body_rules import WS, enum_name


class EnumArg(fields.String):
    """An enum-valued query parameter, bound as ASP.NET binds an enum: a name in any letter case,
    or its number. Anything else is a 400 naming the parameter. Loads the canonical name."""

    def __init__(self, table: dict[str, int], **kwargs) -> None:
        listed = ", ".join(f"{name} ({number})" for name, number in table.items())
        kwargs.setdefault("metadata", {})
        kwargs["metadata"] = {**kwargs["metadata"], "enum": [*table, *map(str, table.values())], "description": (
            kwargs["metadata"].get("description", "") + f" one of {listed}; names in any letter case, or numbers").strip()}
        super().__init__(**kwargs)
        self.table = table

    def _deserialize(self, value, attr, data, **kwargs):
        name = enums.lookup(self.table, super()._deserialize(value, attr, data, **kwargs))
        if name is None:
            raise ValidationError(f"The value '{value}' is not valid for {self.data_key or attr}.")
        return name


class AspBool(fields.Boolean):
    """A boolean query parameter as .NET parses one: ``true``/``false`` in any letter case
    (clients send ``True``/``False``)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise ValidationError(f"The value '{value}' is not valid for {self.data_key or attr}.")


class PagingQuery(Schema):
    start_index = fields.Int(data_key="paging_startIndex", validate=validate.Range(min=0),
                             metadata={"description": "0-based row offset of the first item"})
    number = fields.Int(data_key="paging_numberOfRecords", validate=validate.Range(min=1, max=MAX_PAGE),
                        metadata={"description": f"items per page (default 50, at most {MAX_PAGE})"})


def sorted_paging(name: str, columns: dict[str, int]) -> type[Schema]:
    """Paging plus ``sortColumn`` (the resource's sort-column enum) and ``sortDirection``."""
    return type(name, (PagingQuery,), {
        "sort_column": EnumArg(columns, data_key="sortColumn"),
        "sort_direction": EnumArg(enums.SORT_DIRECTIONS, data_key="sortDirection"),
    })


def _required(name: str) -> dict:
    """ASP.NET's words for a missing (or empty) required query value."""
    message = f"The {name} field is required."
    return {"required": True, "error_messages": {"required": message}, "validate": validate.Length(min=1, error=message)}


class TokenQuery(Schema):
    email = fields.Str(**_required("email"))
    password = fields.Str(**_required("password"))
    application_id = fields.Str(data_key="applicationId", **_required("applicationId"))


class CustomerQuery(sorted_paging("CustomerPaging", enums.CUSTOMER_SORT_COLUMNS)):  # type: ignore[misc]  # a base made by sorted_paging
    customer_code = fields.Str(data_key="customerCode")
    keyword = fields.Str()
    ids = fields.List(fields.Int(), data_key="id")
    email = fields.Str(metadata={"description": "[fake] exact e-mail of the customer or one of its contacts"})


class ContactQuery(PagingQuery):
    customer_code = fields.Str(data_key="customerCode", **_required("customerCode"))


def stock_item_types_pattern() -> str:
    """What ``_type_names`` (backend/resources/catalog.py) takes in one ``types`` value: pieces
    separated by commas, each blank or a type's name in any letter case or its number."""
    piece = f"(?:{enum_name(enums.STOCK_ITEM_TYPES)}|{WS}*)"
    return f"^{piece}(?:,{piece})*$"


class ProductQuery(sorted_paging("StockItemPaging", enums.STOCK_ITEM_SORT_COLUMNS)):  # type: ignore[misc]  # a base made by sorted_paging
    ids = fields.List(fields.Int(), data_key="id")
    product_code = fields.Str(data_key="productCode")
    keyword = fields.Str()
    customer_code = fields.Str(data_key="customerCode")
    types = fields.List(fields.Str(metadata={"pattern": stock_item_types_pattern()}), metadata={"description": (
        "stock item types by name (any letter case: " + ", ".join(enums.STOCK_ITEM_TYPES) + ") or number; "
        "repeatable, index-style (types[0]=) or comma-separated")})
    include_generic = AspBool(data_key="includeGeneric", metadata={"description": "true or false, any letter case"})


class ProductTypeQuery(sorted_paging("ProductTypePaging", enums.PRODUCT_TYPE_SORT_COLUMNS)):  # type: ignore[misc]  # a base made by sorted_paging
    ids = fields.List(fields.Int(), data_key="id")
    name = fields.Str()


class EstimateQuery(sorted_paging("EstimatePaging", enums.ESTIMATE_SORT_COLUMNS)):  # type: ignore[misc]  # a base made by sorted_paging
    ids = fields.List(fields.Int(), data_key="id")
    estimate_ref = fields.Str(data_key="estimateRef")
    keyword = fields.Str()
    customer_code = fields.Str(data_key="customerCode")


class OrderQuery(PagingQuery):
    order_nos = fields.List(fields.Str(), data_key="orderNos")
    ids = fields.List(fields.Int(), data_key="orderIDs")
    customer_codes = fields.List(fields.Str(), data_key="customerCode")
    statuses = fields.List(EnumArg(enums.ORDER_STATUSES))
    keyword = fields.Str()


class JobQuery(PagingQuery):
    job_nos = fields.List(fields.Str(), data_key="jobNo")
    ids = fields.List(fields.Int(), data_key="id")
    estimate_id = fields.Int(data_key="estimateId")
    ref1 = fields.Str()
    customer_code = fields.Str(data_key="customerCode")


class NewEstimateFromExistingQuery(Schema):
    estimate_id = fields.Int(data_key="estimateId", required=True, validate=validate.Range(min=1),
                             metadata={"description": "the estimate to copy"})
    quantity = fields.Int(required=True, validate=validate.Range(min=1, error="The Quantity must be greater than zero."),
                          metadata={"description": "the new estimate's quantity"})
