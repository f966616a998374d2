"""Where requests go: the path rules for connector and tharstern steps."""
from __future__ import annotations

import pytest

from harness.run.targets import NoConnector, Targets, split_tharstern_url


@pytest.fixture
def targets():
    return Targets(tharstern_root="http://127.0.0.1:1", connector_root="http://127.0.0.1:2")


def test_connector_paths_are_under_the_storefront_api_unless_they_name_a_root_resource(targets):
    assert targets.connector("/customers") == "http://127.0.0.1:2/api/storefronts/default/customers"
    assert targets.connector("/orders/5", "shop2") == "http://127.0.0.1:2/api/storefronts/shop2/orders/5"
    assert targets.connector("/_control/reset") == "http://127.0.0.1:2/_control/reset"
    assert targets.connector("/webhooks/tharstern/default") == "http://127.0.0.1:2/webhooks/tharstern/default"
    assert targets.connector("/openapi.json") == "http://127.0.0.1:2/openapi.json"
    assert targets.connector("/api/storefronts/x/behaviour") == "http://127.0.0.1:2/api/storefronts/x/behaviour"


def test_tharstern_paths_without_a_slash_are_the_faked_api(targets):
    assert targets.tharstern("products") == "http://127.0.0.1:1/TharsternAPI/api/products"
    assert targets.tharstern("/_fake/journal") == "http://127.0.0.1:1/_fake/journal"
    assert targets.is_tharstern_api(targets.tharstern("products"))
    assert targets.is_tharstern_api("http://127.0.0.1:1/tharsternapi/API/Products")
    assert not targets.is_tharstern_api(targets.tharstern("/_fake/journal"))


def test_no_connector_is_said_plainly():
    with pytest.raises(NoConnector):
        Targets(tharstern_root="http://127.0.0.1:1").connector("/customers")


def test_a_tharstern_url_splits_into_root_and_base_path():
    assert split_tharstern_url("http://h:8910/TharsternAPI") == ("http://h:8910", "/TharsternAPI")
    assert split_tharstern_url("http://h:8910/TharsternAPI/api/") == ("http://h:8910", "/TharsternAPI")
    assert split_tharstern_url("http://h:8910") == ("http://h:8910", "/TharsternAPI")
    with pytest.raises(ValueError):
        split_tharstern_url("h:8910")
