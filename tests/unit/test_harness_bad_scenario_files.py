"""Scenario files that are not scenarios at all get one clear problem with file and line — never
a crash, a hang or code run: empty, the wrong shape, Python tags, an alias bomb, deep nesting,
wrong types, tabs, bytes that are not UTF-8, a file that is not there."""
from __future__ import annotations

import pytest

from harness.scenario import ScenarioFileError, load_file, load_text

LAUGHS = "".join(f"{a}: &{a} [{', '.join([f'*{p}'] * 9)}]\n" for p, a in zip("abcdefgh", "bcdefghi", strict=True))
CASES = {
    "empty": ("", 1, "got nothing"),
    "a list": ("- a\n- b\n", 1, "got a list of 2"),
    "a sentence": ("just text\n", 1, "got 'just text'"),
    "a Python tag": ("scenario: x\nsteps: !!python/object/apply:os.system ['touch CANARY']\n", 2,
                     "could not determine a constructor"),
    "an alias bomb": ("a: &a [x, x, x, x, x, x, x, x, x]\n" + LAUGHS + "scenario: x\nsteps: []\n", 1,
                      "expands to more than 100000 values"),
    "deep nesting": ("scenario: x\nsteps: " + "[" * 1500 + "]" * 1500 + "\n", 1, "nested too deeply"),
    "wrong types": ("scenario: 5\nsteps: [{connector: GET /x}]\n", 1, "expected the scenario's title"),
    "a tab": ("scenario: x\n\tsteps: []\n", 2, "found character '\\t'"),
}


@pytest.mark.parametrize("name", CASES)
def test_text_that_is_no_scenario_gets_one_clear_problem(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text, line, words = CASES[name]
    with pytest.raises(ScenarioFileError) as caught:
        load_text(text, "bad.scenario.yaml")
    first = str(caught.value.problems[0])
    assert first.startswith(f"bad.scenario.yaml:{line}: ") and words in first, first
    assert not (tmp_path / "CANARY").exists()


def test_files_that_cannot_be_read_say_why(tmp_path):
    binary = tmp_path / "binary.scenario.yaml"
    binary.write_bytes(b"scenario: \xff\xfe\n")
    for path, words in ((binary, "can't decode byte 0xff"), (tmp_path / "missing.scenario.yaml", "No such file")):
        with pytest.raises(ScenarioFileError) as caught:
            load_file(path)
        [problem] = caught.value.problems
        assert str(problem).startswith(f"{path}:1: cannot read the file: ") and words in str(problem)
