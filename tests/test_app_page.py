"""The seminar page's components, rendered in this process (no browser, no server): what
a lever shows after another lever moved, and how little a new answer rebuilds."""

from __future__ import annotations

import time

import ipyvuetify
import ipywidgets
import pytest
import solara
import solara.routing
import solara.server.app  # noqa: F401  (Solara's patches for widgets in a virtual kernel)
from solara.server import kernel, kernel_context

from sim.interface import app
from sim.interface import levers as lv
from sim.world.vocabulary import CATALOGUE

WORLDS = 60
WAIT = 120  # seconds: the longest any step may take on a crowded machine


class Rendered:
    """The page, as ``pactsim app`` serves it (in Solara's app layout, with a router),
    rendered in a virtual kernel of this process."""

    def __init__(self, base, query: str = ""):
        app.configure(base, WORLDS)
        self.context = kernel_context.VirtualKernelContext(id=f"test-{id(self)}", kernel=kernel.Kernel(),
                                                           session_id="test")
        self.path = None

        @solara.component
        def Routed():
            path, set_path = solara.use_state("/" + query)
            self.path = path
            solara.routing.router_context.provide(solara.routing.Router(path, [solara.Route("/")], set_path))
            with solara.AppLayout():
                app.Page()

        with self.context:
            _, self.rc = solara.render(Routed(), handle_error=False)

    def widgets(self, kind=ipywidgets.Widget, **traits) -> list:
        with self.context:
            return [w for w in list(self.context.widgets.values())
                    if isinstance(w, kind) and all(getattr(w, k, None) == v for k, v in traits.items())]

    def one(self, kind, **traits):
        found = self.widgets(kind, **traits)
        assert len(found) == 1, (kind.__name__, traits, len(found))
        return found[0]

    def set(self, kind, value, **traits) -> None:
        """Set the value of the one control of ``kind`` with ``traits``, as a user does."""
        widget = self.one(kind, **traits)
        with self.context:
            widget.v_model = value

    def click(self, kind, **traits) -> None:
        widget = self.one(kind, **traits)
        with self.context:
            widget.fire_event("click", {})

    def answered(self, query: str) -> None:
        """Wait until the page shows the answer to ``query`` with all its figures."""
        marker = f'data-query="{query}"'
        deadline = time.monotonic() + WAIT
        # The marker and the pictures change in one render, which runs in the task's thread:
        # wait for both, or the pictures may be counted halfway through it.
        while not (any(marker in str(getattr(w, "unsafe_innerHTML", "")) and "figures-3" in str(w.attributes)
                       for w in self.widgets(solara.widgets.HTML))
                   and len(self.widgets(ipywidgets.Image)) == 3):
            assert time.monotonic() < deadline, f"no answer to {query!r} within {WAIT} s"
            time.sleep(0.05)

    def close(self) -> None:
        with self.context:
            self.rc.close()
        self.context.close()


@pytest.fixture
def page(historical):
    opened = []
    yield lambda query="": opened.append(Rendered(historical, query)) or opened[-1]
    for p in opened:
        p.close()


@pytest.mark.slow
def test_pinning_the_judgements_shows_each_parameter_at_its_catalogue_default(page, historical):
    """``judgement: pinned`` puts every judgement the scenario does not set at its catalogue
    default; one the scenario draws from its own distribution stays uncertain."""
    p = page()
    spec, own = CATALOGUE["japan.manchuria_floor"], CATALOGUE["japan.oil_stock_months"]
    assert spec.plausible is not None and spec.name not in historical.params
    assert own.name in historical.params  # the historical scenario's own distribution
    p.click(ipyvuetify.Btn, children=["▸ Parameters: japan"])
    uncertain = f"uncertain over [{spec.plausible[0]:g}, {spec.plausible[1]:g}]"
    kept = p.widgets(ipyvuetify.Checkbox, v_model=True)
    assert p.one(ipyvuetify.Checkbox, label=uncertain).v_model is True
    p.click(ipyvuetify.Btn, children=["▸ Worlds"])
    p.set(ipyvuetify.Select, "pinned", label="Judgement parameters")
    assert p.path == "?judgement=pinned"  # the parameters follow the judgement: nothing else moved
    assert p.one(ipyvuetify.Checkbox, label=uncertain).v_model is False
    label = next(w for w in p.widgets(solara.widgets.HTML) if "Manchuria floor:" in str(w.unsafe_innerHTML))
    assert f"<b>{spec.default:g} {spec.unit}</b>" in label.unsafe_innerHTML
    still = p.widgets(ipyvuetify.Checkbox, v_model=True)
    assert 0 < len(still) < len(kept)
    assert any("Oil stock months: <b>uncertain</b>" in str(w.unsafe_innerHTML) for w in p.widgets(solara.widgets.HTML))
    # A parameter moved by hand stays where it was put when the judgement changes back.
    p.set(ipyvuetify.Checkbox, True, label=uncertain)
    assert p.path == "?param.japan.manchuria_floor=uncertain&judgement=pinned"
    p.set(ipyvuetify.Select, "sampled", label="Judgement parameters")
    assert p.path == "?"
    assert p.one(ipyvuetify.Checkbox, label=uncertain).v_model is True


@pytest.mark.slow
def test_a_new_answer_rewrites_values_and_builds_no_new_widgets(page, monkeypatch):
    """The latency fix: a lever release and the figures that follow it update the widgets
    in place (a rebuilt page costs the browser and the server seconds)."""
    p = page()
    p.answered("")
    opened = []
    original = ipywidgets.Widget.open
    monkeypatch.setattr(ipywidgets.Widget, "open", lambda w: opened.append(type(w).__name__) or original(w))
    figures = {w.model_id: w.value for w in p.widgets(ipywidgets.Image)}
    assert len(figures) == 3
    p.set(ipyvuetify.Switch, False, label="Yalta")
    p.answered("event.yalta.on=off")
    assert opened == []
    now = {w.model_id: w.value for w in p.widgets(ipywidgets.Image)}
    assert now.keys() == figures.keys() and all(now[k] != figures[k] for k in now)


def test_judgement_lever_moves_only_the_parameters_nobody_moved(historical):
    state = lv.parse_query(historical, "param.japan.manchuria_floor=80")
    pinned = lv.moved(historical, state, "judgement", "pinned")
    assert pinned["param.japan.manchuria_floor"] == 80.0  # moved: stays
    assert pinned["param.japan.north_strike_min"] == float(CATALOGUE["japan.north_strike_min"].default)
    assert pinned["param.japan.oil_stock_months"] == lv.UNCERTAIN  # the scenario's own distribution
    assert lv.to_query(historical, pinned) == "param.japan.manchuria_floor=80.0&judgement=pinned"
    assert lv.parse_query(historical, lv.to_query(historical, pinned)) == pinned
    assert lv.whatif(historical, pinned).param("japan.north_strike_min") == CATALOGUE["japan.north_strike_min"].default
    assert lv.moved(historical, pinned, "judgement", "sampled") == state
