"""Customers, stock items and product types, without HTTP."""
import pytest

from fake_tharstern.backend import FakeTharstern
from fake_tharstern.backend.errors import ModelStateError, NotFound


@pytest.fixture
def fake():
    return FakeTharstern()


def codes(page):
    return [item["Code"] for item in page["Items"]]


def test_products_for_a_customer_code_are_only_those_linked_to_it(fake):
    web = codes(fake.list_products(customer_code="web001"))
    assert "BC-STD" in web and "PEN-BRAND" in web
    assert "BANNER-PU" not in web          # linked to ACME01 only
    assert "DIG GLO 130" not in web        # generic, needs includeGeneric
    assert "OLD-CAL" not in web            # hidden
    assert "BANNER-PU" in codes(fake.list_products(customer_code="ACME01"))


def test_include_generic_adds_items_linked_to_nobody(fake):
    page = fake.list_products(customer_code="WEB001", include_generic=True)
    assert {"DIG GLO 130", "SUN-BOX"} <= set(codes(page))
    ids = [item["ID"] for item in page["Items"]]
    assert ids == sorted(ids)


def test_types_filter_by_name_or_number_any_case(fake):
    finished_or_none = fake.list_products(customer_code="WEB001", types=["finished", "0"])
    assert {i["Type"]["Name"] for i in finished_or_none["Items"]} == {"Finished", "None"}
    assert "FOLDER-PF" not in codes(finished_or_none)
    with pytest.raises(ModelStateError) as error:
        fake.list_products(types=["Finished", "Gizmo"])
    assert "types[1]" in error.value.errors


def test_paging_is_a_row_offset_with_total_count(fake):
    everything = fake.list_products()
    page = fake.list_products(start_index=3, number=4)
    assert page["TotalItemCount"] == everything["TotalItemCount"]
    assert codes(page) == codes(everything)[3:7]


def test_paging_quirk_reads_start_index_as_a_page(fake):
    fake.set_quirks({"paging_start_index_is_page": True})
    everything = fake.list_products()
    assert codes(fake.list_products(start_index=1, number=4)) == codes(everything)[4:8]


def test_stock_items_carry_both_spellings_of_the_product_type_id(fake):
    item = fake.list_products(product_code="bkl-a4")["Items"][0]
    assert item["ProductTypes_ID"] == item["ProductTypeID"] == 3
    assert item["ProductTypes_Name"] == "A4 Booklet"
    assert item["Type"] == {"Value": 0, "Name": "None"}


def test_keyword_matches_code_or_description(fake):
    assert codes(fake.list_products(keyword="flyers")) == ["FLY-A5"]
    assert codes(fake.list_products(keyword="silk")) == ["DIG SILK 350", "DIG SILK 170"]


def test_product_types_by_id_and_name(fake):
    assert [t["Name"] for t in fake.list_product_types(ids=[3, 6])["Items"]] == ["A4 Booklet", "Posters"]
    booklet = fake.list_product_types(name="booklet")["Items"][0]
    assert [p["Name"] for p in booklet["Parts"]] == ["Cover", "Text"]
    assert booklet["WorkType"]["Name"] == "Booklet"


def test_customer_keyword_matches_any_contact_email(fake):
    found = fake.list_customers(keyword="accounts@acme")
    assert [c["Code"] for c in found["Items"]] == ["ACME01"]
    assert fake.list_customers(email="JANE.BUYER@ACME.EXAMPLE")["Items"][0]["Code"] == "ACME01"
    assert fake.list_customers(email="jane")["TotalItemCount"] == 0  # email is exact


def test_create_customer_generates_a_unique_code(fake):
    first = fake.create_customer({"Name": "New Buyer Ltd", "ContactEmail": "nb@example.com"})
    second = fake.create_customer({"Name": "New Buyer Ltd", "ContactEmail": "nb2@example.com"})
    assert first["Code"] == "NEWBUY001" and second["Code"] == "NEWBUY002"
    assert fake.list_customers(email="nb@example.com")["Items"][0]["ID"] == first["ID"]


def test_create_customer_refuses_duplicates_and_bad_fields_all_at_once(fake):
    with pytest.raises(ModelStateError) as error:
        fake.create_customer({"Code": "acme01", "Name": "", "ContactEmail": "not-an-email"})
    assert set(error.value.errors) == {"Code", "Name", "ContactEmail"}


def test_contacts_of_a_customer(fake):
    names = [c["Name"] for c in fake.list_contacts(customer_code="ACME01")["Items"]]
    assert names == ["Jane Buyer", "Accounts"]
    with pytest.raises(ModelStateError):
        fake.list_contacts(customer_code="")


def test_edit_product_changes_price_stock_and_visibility(fake):
    edited = fake.edit_product(1006, {"UnitPrice": 1.5, "Available": 3, "Visible": False})
    assert edited["UnitPrice"] == 1.5 and edited["Available"] == 3 and not edited["Visible"]
    assert "PEN-BRAND" not in codes(fake.list_products(customer_code="WEB001"))
    fake.edit_product(1006, {"visible": True})
    assert "PEN-BRAND" in codes(fake.list_products(customer_code="WEB001"))


def test_edit_product_validates(fake):
    with pytest.raises(NotFound):
        fake.edit_product(1, {"UnitPrice": 1})
    with pytest.raises(ModelStateError) as error:
        fake.edit_product(1006, {"UnitPrice": -1, "Colour": "red"})
    assert set(error.value.errors) == {"UnitPrice", "Colour"}


def test_seed_adds_entities_and_reports_every_problem(fake):
    fake.seed({"customers": [{"Code": "NEW01", "Name": "Newco"}],
               "products": [{"Code": "NEW-ITEM", "Type": "Sundry", "LinkedCustomers": [{"CustomerCode": "NEW01"}]}]})
    assert codes(fake.list_products(customer_code="NEW01")) == ["NEW-ITEM"]
    with pytest.raises(ModelStateError) as error:
        fake.seed({"products": [{"Code": "", "Type": "Gizmo", "ProductTypes_ID": 999}, {"Code": "X", "UnitPrice": "abc"}]})
    assert set(error.value.errors) == {"products[0].Code", "products[0].Type", "products[0].ProductTypes_ID",
                                       "products[1].UnitPrice"}
    assert codes(fake.list_products(product_code="X")) == []  # nothing applied


def test_seed_with_a_fixture_replaces_the_data_and_reset_returns_to_the_start(fake):
    fake.seed({"fixture": "empty"})
    assert fake.list_products()["TotalItemCount"] == 0
    assert fake.generate_api_token("integration@demo.test", "tharstern", "x")["ok"]
    fake.reset()
    assert fake.list_products()["TotalItemCount"] > 0


def test_fixtures_are_deterministic_per_seed():
    a, b, c = FakeTharstern(), FakeTharstern(), FakeTharstern()
    c.reset(seed_value=7)
    assert a.snapshot()["customers"] == b.snapshot()["customers"]
    assert a.snapshot()["customers"] != c.snapshot()["customers"]
    assert [x["Code"] for x in a.snapshot()["customers"]] == [x["Code"] for x in c.snapshot()["customers"]]
