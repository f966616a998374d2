"""Estimate requests: validation, business problems, pricing and the failed-but-created quirk."""
import pytest

from fake_tharstern.backend import FakeTharstern
from fake_tharstern.backend.errors import ModelStateError


@pytest.fixture
def fake():
    return FakeTharstern()


def request(**overrides):
    body = {"ProductTypeID": 2, "Quantity": 100, "Customer": {"Code": "WEB001"}}
    body.update(overrides)
    return body


def test_every_successful_request_creates_an_estimate(fake):
    first = fake.create_estimate(request())
    second = fake.create_estimate(request())
    assert first["Result"] == {"Success": True, "Problems": []}
    assert second["Estimate"]["ID"] == first["Estimate"]["ID"] + 1
    assert fake.list_estimates()["TotalItemCount"] == 2
    assert first["Estimate"]["EstimateRef"].startswith("E")


def test_same_request_same_price(fake):
    assert fake.create_estimate(request())["Estimate"]["Price"] == fake.create_estimate(request())["Estimate"]["Price"]


def test_quantity_breaks_lower_the_unit_price(fake):
    small = fake.create_estimate(request(Quantity=499, IgnoreShipping=True))["Estimate"]
    big = fake.create_estimate(request(Quantity=500, IgnoreShipping=True))["Estimate"]
    assert big["PriceBreakdown"]["Run"] / 500 < small["PriceBreakdown"]["Run"] / 499


def test_customer_specific_pricing(fake):
    web = fake.create_estimate(request())["Estimate"]
    acme = fake.create_estimate(request(Customer={"Code": "ACME01"}))["Estimate"]      # 10 % discount
    globex = fake.create_estimate(request(Customer={"Code": "globex"}))["Estimate"]    # 15 % uplift
    assert acme["PriceExclShipping"] == pytest.approx(web["PriceExclShipping"] * 0.9, abs=0.01)
    assert globex["PriceExclShipping"] == pytest.approx(web["PriceExclShipping"] * 1.15, abs=0.01)
    assert acme["Customer"]["Code"] == "ACME01" and globex["Customer"]["Code"] == "GLOBEX"


def test_ignore_shipping_drops_the_shipping_charge(fake):
    shipped = fake.create_estimate(request())["Estimate"]
    unshipped = fake.create_estimate(request(IgnoreShipping=True))["Estimate"]
    assert unshipped["Price"] == unshipped["PriceExclShipping"] == shipped["PriceExclShipping"]
    assert shipped["Price"] > shipped["PriceExclShipping"]


def test_parts_and_processes_change_the_price(fake):
    base = fake.create_estimate(request(ProductTypeID=1, Quantity=250, IgnoreShipping=True))["Estimate"]
    laminated = fake.create_estimate(request(ProductTypeID=1, Quantity=250, IgnoreShipping=True,
                                             Processes=[{"ProcessTypeId": 13}, {"ProcessTypeID": 11}]))["Estimate"]
    thinner = fake.create_estimate(request(ProductTypeID=1, Quantity=250, IgnoreShipping=True,
                                           Parts=[{"ProductTypePartID": 101, "PaperCode": "DIG GLO 130"}]))["Estimate"]
    assert laminated["Price"] > base["Price"]
    assert [p["ProcessTypeId"] for p in laminated["Processes"]] == [13, 11]
    assert thinner["Price"] < base["Price"] and thinner["Parts"][0]["PaperCode"] == "DIG GLO 130"


@pytest.mark.parametrize("body, field", [
    ({"ProductTypeID": 2, "Customer": {"Code": "WEB001"}}, "estRequestProduct.Quantity"),
    (request(Quantity=0), "estRequestProduct.Quantity"),
    (request(Quantity="lots"), "estRequestProduct.Quantity"),
    ({"Quantity": 10}, "estRequestProduct.ProductTypeID"),
    (request(RequiredDateTime="next tuesday"), "estRequestProduct.RequiredDateTime"),
    (request(Parts=[{"Pages": 2}]), "estRequestProduct.Parts[0].ProductTypePartID"),
    (request(Customer="WEB001"), "estRequestProduct.Customer"),
    (None, "estRequestProduct"),
    ([1, 2], "estRequestProduct"),
])
def test_shape_problems_are_model_state_errors(fake, body, field):
    with pytest.raises(ModelStateError) as error:
        fake.create_estimate(body)
    assert field in error.value.errors
    assert fake.list_estimates()["TotalItemCount"] == 0


@pytest.mark.parametrize("body, words", [
    (request(ProductTypeID=99), "Product type 99 was not found"),
    (request(ProductTypeID=5, Quantity=500), "work type 'Labels'"),
    (request(Customer={"Code": "NOPE"}), "Customer 'NOPE' was not found"),
    (request(Customer={}), "customer code is required"),
    (request(Quantity=10), "below the minimum of 25"),
    (request(ProductTypeID=4, Quantity=300), "steps of 250"),
    (request(Parts=[{"ProductTypePartID": 101}]), "does not belong"),
    (request(Parts=[{"ProductTypePartID": 102, "PaperCode": "GOLD LEAF"}]), "Paper 'GOLD LEAF' for part 'Flyer' was not found"),
    (request(Processes=[{"ProcessTypeId": 15}]), "not available on product type"),
    (request(ProductTypeID=3, Parts=[{"ProductTypePartID": 103}]), "Part 'Text' (104) is required"),
])
def test_business_problems_fail_without_an_estimate(fake, body, words):
    result = fake.create_estimate(body)
    assert result["Estimate"] is None and result["Result"]["Success"] is False
    assert any(words in problem for problem in result["Result"]["Problems"]), result["Result"]["Problems"]
    assert fake.list_estimates()["TotalItemCount"] == 0


def test_numbers_as_strings_and_any_key_case_are_accepted(fake):
    result = fake.create_estimate({"producttypeid": "2", "QUANTITY": "100", "customer": {"code": "WEB001"}})
    assert result["Result"]["Success"]


def test_lenient_dates(fake):
    for text in ("2026-12-01T10:00:00.000-04:00", "2026-12-01", "15-Dec-26", "2021-11-15T13:41:13.5"):
        assert fake.create_estimate(request(RequiredDateTime=text))["Result"]["Success"], text
    estimate = fake.create_estimate(request(RequiredDateTime="2026-12-01T10:00:00.000-04:00"))["Estimate"]
    assert estimate["RequiredDate"] == "2026-12-01T14:00:00Z"


def test_failed_but_created_quirk_hides_an_estimate_that_exists(fake):
    fake.set_quirks({"estimate_failed_but_created": True})
    result = fake.create_estimate(request(Ref1="basket-42"))
    assert result["Result"]["Success"] is False and result["Estimate"] is None
    recovered = fake.list_estimates(keyword="basket-42")["Items"]
    assert len(recovered) == 1 and recovered[0]["Ref1"] == "basket-42"


def test_example_request_has_every_part_and_process_with_defaults(fake):
    example = fake.example_estimate_request(3)
    assert [p["ProductTypePartID"] for p in example["Parts"]] == [103, 104]
    assert [p["PaperCode"] for p in example["Parts"]] == ["DIG SILK 350", "DIG GLO 130"]
    assert [p["ProcessTypeId"] for p in example["Processes"]] == [15, 11]
    assert example["Quantity"] == 10 and example["ProductTypeID"] == 3
    example["Customer"]["Code"] = "WEB001"
    assert fake.create_estimate(example)["Result"]["Success"]
    assert fake.example_estimate_request(404) is None


def test_estimates_are_listed_by_reference_and_customer(fake):
    estimate = fake.create_estimate(request(Customer={"Code": "ACME01"}))["Estimate"]
    fake.create_estimate(request())
    assert fake.list_estimates(estimate_ref=estimate["EstimateRef"].lower())["Items"] == [estimate]
    assert fake.list_estimates(customer_code="acme01")["TotalItemCount"] == 1
