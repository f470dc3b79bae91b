"""The bar figure of a sensitivity study, in SALib's plotting style.

:func:`bar_data` computes what is drawn (tested on its own); :func:`plot` draws it on
``ax`` (or a new figure) and returns the axes, like ``SALib.plotting.bar.plot``: one
bar per parameter for each index, with its confidence interval as an error bar.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib as mpl
import pandas as pd

from ..files.outputs import write_atomic
from .plots import OKABE_ITO, STYLE, _metadata, _styled

BARS = {"mu_star": ("mu_star", "mu_star_conf", "mu* (mean absolute effect of the full range)"),
        "ST": ("ST", "ST_conf", "ST (total-order index)")}
SECOND = {"mu_star": ("sigma", None, "sigma (spread of the effects: interactions, non-linearity)"),
          "ST": ("S1", "S1_conf", "S1 (first-order index)")}


def bar_data(table: pd.DataFrame, key: str = "mu_star", top: int = 20) -> pd.DataFrame:
    """The bars to draw: the ``top`` parameters by ``key``, one row each, with columns
    ``parameter``, the indices and their half-widths (``*_conf``, 95%), largest first."""
    first, first_conf, _ = BARS[key]
    second, second_conf, _ = SECOND[key]
    rows = table.sort_values(first, ascending=False, kind="stable").head(top)
    data = pd.DataFrame({"parameter": rows["parameter"].to_numpy(), first: rows[first].to_numpy(),
                         f"{first}_conf": rows[first_conf].to_numpy(), second: rows[second].to_numpy()})
    data[f"{second}_conf"] = rows[second_conf].to_numpy() if second_conf else 0.0
    data.attrs["key"] = key
    return data


@_styled
def plot(data: pd.DataFrame, ax=None, title: str | None = None):
    """Horizontal bars of the indices in ``data`` (from :func:`bar_data`) with 95% intervals."""
    import numpy as np

    key = data.attrs.get("key", "mu_star" if "mu_star" in data else "ST")
    (first, _, first_label), (second, _, second_label) = BARS[key], SECOND[key]
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.figure(figsize=(11, 1.5 + 0.45 * max(len(data), 3)), layout="constrained").add_subplot()
    y = np.arange(len(data))[::-1]
    h = 0.38
    ax.barh(y + h / 2, data[first], h, xerr=data[f"{first}_conf"], color=OKABE_ITO[2],
            label=first_label, capsize=3, error_kw={"elinewidth": 1.2})
    conf = data[f"{second}_conf"] if data[f"{second}_conf"].any() else None  # Morris' sigma has none
    ax.barh(y - h / 2, data[second], h, xerr=conf, color=OKABE_ITO[1],
            label=second_label, capsize=3, error_kw={"elinewidth": 1.2})
    ax.set_yticks(y, data["parameter"])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=11)
    if title:
        ax.set_title(textwrap.fill(title, 80), loc="left", fontsize=13)
    ax.set_xlabel("change in the outcome measure from one end of the range to the other\n(whiskers: 95% bootstrap interval)"
                  if key == "mu_star" else "share of the outcome's variance (whiskers: 95% bootstrap interval)")
    return ax


def save(data: pd.DataFrame, stem: Path, title: str | None = None, formats=("png", "svg")) -> list[Path]:
    """Draw ``data`` and write ``stem.png`` and ``stem.svg`` atomically, without dates in the files."""
    import matplotlib.pyplot as plt

    fig = plot(data, title=title).figure
    written = []
    try:
        for fmt in formats:
            path = Path(f"{stem}.{fmt}")
            with mpl.rc_context(STYLE):
                write_atomic(path, lambda tmp: fig.savefig(tmp, format=fmt, metadata=_metadata(fmt)))
            written.append(path)
    finally:
        plt.close(fig)
    return written
