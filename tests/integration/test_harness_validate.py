"""``tharness validate``: the connector's settings in ``given.connector`` checked against its own
schemas with file:line, and YAML files not named *.scenario.yaml mentioned, not skipped silently."""
from __future__ import annotations

from click.testing import CliRunner

from harness.cli import main

BAD_SETTINGS = """\
scenario: Settings the connector would refuse
given:
  connector:
    fixture: demo
    behaviour:
      lead_time_days: "3"
      order_grupping: per_order
      markup_percent: 10
    connection: {api_url: "not a url", email: "{storefront}"}
    customers:
      buyer: {email: nope}
steps:
  - connector: GET /behaviour
"""


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_validate_checks_connector_settings_with_file_and_line(write_scenario):
    path = write_scenario(BAD_SETTINGS, name="settings")
    result = invoke("validate", path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"  {path}:6: given.connector.behaviour.lead_time_days: Not a valid integer. (the connector's BehaviourIn)" in lines
    assert any(line.startswith(f"  {path}:7: given.connector.behaviour.order_grupping: unknown setting "
                               "(did you mean 'order_grouping'?)") for line in lines)
    assert f"  {path}:9: given.connector.connection.api_url: Not an http(s) URL. (the connector's ConnectionPatch)" in lines
    assert f"  {path}:11: given.connector.customers.buyer.email: Not a valid email address. (the connector's CustomerIn)" in lines
    assert "behaviour.markup_percent" not in result.output  # a good setting is not a problem
    assert "connection.email" not in result.output  # a variable's value is known only at run time
    assert "1 of 1 files have problems (4 in all)." in result.output


def test_good_connector_settings_pass(write_scenario):
    path = write_scenario("scenario: Fine\ngiven:\n  connector:\n    behaviour: {order_grouping: per_item, "
                          "cutoff_time: '14:00'}\n    products: [{name: Cards}]\nsteps:\n  - connector: GET /behaviour\n")
    result = invoke("validate", path)
    assert result.exit_code == 0, result.output


def test_yaml_files_not_named_as_scenarios_are_mentioned(write_scenario):
    path = write_scenario("scenario: Fine\nsteps:\n  - tharstern: GET products\n", name="good")
    stray = path.parent / "forgot-the-suffix.yaml"
    stray.write_text("scenario: Never run\nsteps:\n  - tharstern: GET products\n", encoding="utf-8")
    (path.parent / "README.md").write_text("notes", encoding="utf-8")
    for command in ("validate", "run"):
        result = invoke(command, path.parent)
        assert result.exit_code == 0, result.output
        assert f"not run: {stray} (only files named *.scenario.yaml are scenarios" in result.output.replace("\n", "")
        assert "README.md" not in result.output
