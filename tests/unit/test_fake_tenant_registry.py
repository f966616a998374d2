"""The tenant registry's rules: names, the cap, idle expiry on real time, removal."""
from __future__ import annotations

import pytest

from fake_tharstern.tenants.registry import (BadTenantName, DefaultTenantIsPermanent, TenantCapReached,
                                             TenantRegistry, UnknownTenant, check_name)


class Backend:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


class Now:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def registry(max_tenants: int = 3, idle_s: float = 60.0):
    now = Now()
    made: list[Backend] = []

    def make():
        made.append(Backend())
        return made[-1]
    return TenantRegistry(Backend(), make, max_tenants=max_tenants, idle_s=idle_s, now=now), now, made


def use(reg: TenantRegistry, name: str):
    tenant = reg.enter(name)
    reg.leave(tenant)
    return tenant


@pytest.mark.parametrize("name", ["a", "ci-job-42", "Team_A.1", "x" * 64])
def test_good_names(name):
    assert check_name(name) == name


@pytest.mark.parametrize("name", ["", "-a", ".hidden", "a b", "a/b", "é", "x" * 65, "a?b"])
def test_a_bad_name_is_refused_naming_it(name):
    with pytest.raises(BadTenantName, match="tenant name"):
        check_name(name)


def test_a_tenant_is_made_on_first_use_and_kept():
    reg, _, made = registry()
    first = use(reg, "a")
    assert use(reg, "a").backend is first.backend
    assert len(made) == 1 and len(reg) == 1


def test_the_default_tenant_is_the_given_backend_and_not_counted():
    reg, _, made = registry(max_tenants=0)
    assert use(reg, "default").backend is reg.default_backend
    assert made == [] and len(reg) == 0


def test_past_the_cap_a_new_name_is_refused_while_every_tenant_is_in_use():
    reg, now, _ = registry(max_tenants=2)
    use(reg, "a"), use(reg, "b")
    with pytest.raises(TenantCapReached, match="FAKE_THARSTERN_MAX_TENANTS"):
        reg.enter("c")
    assert use(reg, "a")  # known names still work


def test_an_idle_tenant_makes_room_at_the_cap():
    reg, now, made = registry(max_tenants=2, idle_s=60)
    use(reg, "a")
    now.value += 30
    use(reg, "b")
    now.value += 40  # a idle 70 s, b 40 s
    use(reg, "c")
    assert [t["name"] for t in reg.describe()] == ["default", "b", "c"]
    assert made[0].closed and not made[1].closed


def test_idle_tenants_expire_on_the_next_look_up_and_their_backend_is_closed():
    reg, now, made = registry(idle_s=60)
    use(reg, "a")
    now.value += 61
    use(reg, "b")
    assert made[0].closed
    assert [t["name"] for t in reg.describe()] == ["default", "b"]
    assert use(reg, "a").backend is not made[0]  # the name makes a fresh tenant


def test_a_tenant_with_a_request_in_flight_never_expires():
    reg, now, made = registry(idle_s=60)
    held = reg.enter("a")
    now.value += 3600
    assert [t["name"] for t in reg.describe()] == ["default", "a"]
    reg.leave(held)
    now.value += 61
    assert [t["name"] for t in reg.describe()] == ["default"]
    assert made[0].closed


def test_the_default_tenant_never_expires():
    reg, now, _ = registry(idle_s=1)
    now.value += 10_000
    assert [t["name"] for t in reg.describe()] == ["default"]
    assert not reg.default_backend.closed


def test_remove_closes_the_backend_and_frees_the_name():
    reg, _, made = registry()
    use(reg, "a")
    reg.remove("a")
    assert made[0].closed and len(reg) == 0
    with pytest.raises(UnknownTenant):
        reg.remove("a")
    with pytest.raises(DefaultTenantIsPermanent):
        reg.remove("default")
    with pytest.raises(BadTenantName):
        reg.remove("no good")


def test_close_stops_every_named_tenant():
    reg, _, made = registry()
    use(reg, "a"), use(reg, "b")
    reg.close()
    assert all(b.closed for b in made) and len(reg) == 0


@pytest.mark.parametrize("cap, idle", [(-1, 10), (1, 0)])
def test_bad_limits_stop_the_fake_from_starting(cap, idle):
    with pytest.raises(ValueError):
        TenantRegistry(Backend(), Backend, max_tenants=cap, idle_s=idle)
