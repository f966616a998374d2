"""Scenario files: the YAML format, its JSON Schema, and loading with file:line problems."""
from .loader import LoadResult, discover, load_file, load_many, load_text
from .model import Scenario, Step
from .problems import Problem, ScenarioFileError

__all__ = ["LoadResult", "Problem", "Scenario", "ScenarioFileError", "Step", "discover", "load_file",
           "load_many", "load_text"]
