"""pactsim: a counterfactual simulation of the Soviet-Japanese Neutrality Pact, 1941-1946.

From a notebook::

    import sim
    result = sim.run("historical", worlds=1000, seed=0)   # a bundled name or a file
    result.worlds      # one row per world, one column per outcome
    result.events      # what happened, when, and the factors behind each decision
    result.save("results/my-run")
    again = sim.load("results/my-run")
    cmp = sim.compare("historical", ["no_pact"], worlds=1000, seed=0)
    lived = sim.compare("historical", ["stalingrad_german_victory"], worlds=4000, seed=3,
                        given="record@divergence")   # read on the worlds that lived our history
    sim.chronicle(result, world=17)                       # one world in sentences
    sim.plots.plot_ecdf(...)                              # every figure, with ax=None
    table = sim.sensitivity("stalingrad_german_victory", "japan_attacks_ussr<1944-01-01", baseline="historical")
    swept = sim.sweep("stalingrad_german_victory", {"japan.w_german_success": [1, 1.75, 2.5]}, baseline="historical")
    swept.table, swept.summary                            # one row per world and point; per point
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pactsim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

from .ensemble import Result, run  # noqa: E402
from .files.scenario import Scenario, ScenarioError, load_scenario  # noqa: E402
from .files.store import load  # noqa: E402

# The notebook's way in: comparisons, chronicles, figures and saved results from `import sim`,
# imported when first used, so that the command line does not pay for matplotlib.
_LAZY = {"plots": ("sim.analysis.plots", None), "chronicle": ("sim.analysis.chronicle", "chronicle"),
         "typical_world": ("sim.analysis.chronicle", "typical_world"),
         "Comparison": ("sim.analysis.compare", "Comparison"), "compare": ("sim.analysis.compare", "compare"),
         "load_comparison": ("sim.analysis.saved", "load_comparison"),
         # the studies load SALib, EMA Workbench and matplotlib
         "sensitivity": ("sim.analysis.sensitivity", "sensitivity"),
         "discover": ("sim.analysis.discovery", "discover"),
         "sweep": ("sim.analysis.sweep", "sweep"), "load_sweep": ("sim.analysis.sweep", "load_sweep")}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    import importlib

    module, attribute = _LAZY[name]
    value = importlib.import_module(module)
    value = value if attribute is None else getattr(value, attribute)
    globals()[name] = value
    return value


__all__ = ["Comparison", "Result", "Scenario", "ScenarioError", "chronicle", "compare", "load", "load_comparison",
           "load_scenario", "plots", "run", "typical_world", "sensitivity", "discover", "sweep", "load_sweep",
           "__version__"]
