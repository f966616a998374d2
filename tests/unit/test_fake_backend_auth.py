"""Token rules of the fake, without HTTP."""
import pytest

from fake_tharstern.backend import FakeTharstern
from fake_tharstern.backend.resources.auth import ZERO_TOKEN
from fake_tharstern.backend.errors import AuthError, ModelStateError


@pytest.fixture
def fake():
    return FakeTharstern()


def test_good_credentials_give_a_guid_token_valid_for_the_ttl(fake):
    result = fake.generate_api_token("INTEGRATION@demo.test", "tharstern", "app")
    assert result["ok"] and result["Token"] != ZERO_TOKEN and len(result["Token"]) == 36
    assert fake.authenticate(result["Token"]).application_id == "app"
    fake.clock.advance(fake.settings.token_ttl_s + 1)
    with pytest.raises(AuthError) as expired:
        fake.authenticate(result["Token"])
    assert expired.value.status == "Expired"


def test_bad_password_gives_the_zero_token(fake):
    result = fake.generate_api_token("integration@demo.test", "wrong", "app")
    assert not result["ok"] and result["Token"] == ZERO_TOKEN


def test_missing_credentials_are_model_state_errors_naming_each_field(fake):
    with pytest.raises(ModelStateError) as error:
        fake.generate_api_token("", None, "")
    assert set(error.value.errors) == {"email", "password", "applicationId"}


def test_tokens_are_per_user_and_application_and_earlier_ones_stay_valid(fake):
    first_a = fake.generate_api_token("integration@demo.test", "tharstern", "storefront-a")["Token"]
    b = fake.generate_api_token("integration@demo.test", "tharstern", "storefront-b")["Token"]
    second_a = fake.generate_api_token("integration@demo.test", "tharstern", "storefront-a")["Token"]
    assert len({first_a, b, second_a}) == 3
    assert fake.authenticate(b) and fake.authenticate(second_a) and fake.authenticate(first_a)


def test_with_the_quirk_a_new_token_revokes_the_pairs_earlier_one(fake):
    fake.set_quirks({"new_token_revokes_old": True})
    first_a = fake.generate_api_token("integration@demo.test", "tharstern", "storefront-a")["Token"]
    b = fake.generate_api_token("integration@demo.test", "tharstern", "storefront-b")["Token"]
    second_a = fake.generate_api_token("integration@demo.test", "tharstern", "storefront-a")["Token"]
    assert fake.authenticate(b) and fake.authenticate(second_a)
    with pytest.raises(AuthError) as replaced:
        fake.authenticate(first_a)
    assert replaced.value.status == "Invalid"


def test_expired_tokens_say_so_for_a_day_then_are_forgotten_when_a_new_one_is_issued(fake):
    old = fake.generate_api_token("integration@demo.test", "tharstern", "storefront-a")["Token"]
    fake.clock.advance(fake.settings.token_ttl_s + 1)
    fake.generate_api_token("integration@demo.test", "tharstern", "storefront-b")
    with pytest.raises(AuthError) as expired:
        fake.authenticate(old)
    assert expired.value.status == "Expired"
    fake.clock.advance(86400)
    fake.generate_api_token("integration@demo.test", "tharstern", "storefront-b")
    assert old not in fake.state.tokens


def test_missing_and_unknown_tokens_are_refused(fake):
    for token, status in ((None, "Missing"), ("", "Missing"), ("not-a-token", "Invalid")):
        with pytest.raises(AuthError) as error:
            fake.authenticate(token)
        assert error.value.status == status


def test_reset_forgets_tokens_and_clock_offset(fake):
    token = fake.generate_api_token("integration@demo.test", "tharstern", "app")["Token"]
    fake.clock.advance(10)
    fake.reset()
    assert fake.clock.offset_s == 0
    with pytest.raises(AuthError):
        fake.authenticate(token)
