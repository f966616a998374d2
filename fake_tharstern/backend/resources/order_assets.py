"""``POST orders/submitorderasset`` ``{OrderId, Filename, Content_Base64}``: artwork sent with a
sales order, as Pressero sends it (C-PECZ; seed 002 says artwork goes with orders).

The file is kept with the order: the order's ``Assets`` list gets ``{ID, Filename, ContentType,
Size, SHA256, UploadedDateTime}`` (shape [I]) and the bytes are kept, base64 as sent, in
``State.order_assets`` (by asset ID). The answer's ``Details`` is that entry plus ``OrderId`` and
``OrderNo`` [I]: the real answer is not public. A body that cannot be read is a 400 naming the
field; an order that does not exist is a business failure (HTTP 200, ``Success=false``).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import mimetypes
from typing import Any

from tharstern_kit.clock import iso

from ..base import BackendBase
from ..records.entities import Fields, raise_if

PREFIX = "orderAsset"


def parse_order_asset(body: Any, errors: dict[str, list[str]]) -> dict[str, Any]:
    f = Fields(body if body is not None else {}, PREFIX, errors)
    order_id = f.number("OrderId", None, integer=True, required=True, minimum=1)
    filename = f.text("Filename", None, required=True, max_len=260)
    if filename and any(c in filename for c in '/\\:*?"<>|\0'):
        f.fail("Filename", "must be a file name without a folder or any of / \\ : * ? \" < > |")
    content = None
    encoded = f.text("Content_Base64", None, required=True, max_len=2_000_000)
    if encoded:
        try:
            content = base64.b64decode("".join(encoded.split()), validate=True)
        except (binascii.Error, ValueError):
            f.fail("Content_Base64", "is not valid base64")
        else:
            if not content:
                f.fail("Content_Base64", "must not be empty")
    return {"OrderId": order_id, "Filename": filename, "Content": content}


class OrderAssetsMixin(BackendBase):
    def submit_order_asset(self, body: Any) -> dict[str, Any]:
        """Attach a file to a sales order. Returns ``{"ok", "Details", "reason"}``."""
        errors: dict[str, list[str]] = {}
        asset = parse_order_asset(body, errors)
        raise_if(errors)
        content: bytes = asset["Content"]
        with self.lock:
            order = self.state.orders.get(asset["OrderId"])
            if order is None:
                return {"ok": False, "Details": None, "reason": f"Sales order {asset['OrderId']} was not found."}
            asset_id = self.state.next_id("order_asset")
            entry = {
                "ID": asset_id,
                "Filename": asset["Filename"],
                "ContentType": mimetypes.guess_type(asset["Filename"])[0] or "application/octet-stream",
                "Size": len(content),
                "SHA256": hashlib.sha256(content).hexdigest(),
                "UploadedDateTime": iso(self.clock.now()),
            }
            self.state.order_assets[asset_id] = base64.b64encode(content).decode("ascii")
            self.state.orders[order["ID"]] = {**order, "Assets": [*order.get("Assets", []), entry]}
            return {"ok": True, "Details": {**entry, "OrderId": order["ID"], "OrderNo": order["OrderNo"]}, "reason": ""}

    def order_asset_content(self, asset_id: int) -> bytes | None:
        """The bytes of an asset (the console offers them for download)."""
        with self.lock:
            encoded = self.state.order_assets.get(asset_id)
        return None if encoded is None else base64.b64decode(encoded)
