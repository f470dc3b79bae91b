"""pactsim: a counterfactual simulation of the Soviet-Japanese Neutrality Pact, 1941-1946.

From a notebook::

    import sim
    result = sim.run("scenarios/historical.yaml", worlds=1000, seed=0)
    result.worlds      # one row per world, one column per outcome
    result.events      # what happened, when, and the factors behind each decision
    result.save("results/my-run")
    again = sim.load("results/my-run")
    table = sim.sensitivity("stalingrad_german_victory", "japan_attacks_ussr<1944-01-01", baseline="historical")
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pactsim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

from .ensemble import Result, run  # noqa: E402
from .files.scenario import Scenario, ScenarioError, load_scenario  # noqa: E402
from .files.store import load  # noqa: E402

__all__ = ["Result", "Scenario", "ScenarioError", "discover", "load", "load_scenario", "run", "sensitivity",
           "__version__"]


def __getattr__(name: str):
    # The studies load SALib, EMA Workbench and matplotlib: only when first used.
    if name == "sensitivity":
        from .analysis.sensitivity import sensitivity
        return sensitivity
    if name == "discover":
        from .analysis.discovery import discover
        return discover
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
