"""Figures kept for reuse between renders, so a patient switch redraws one instead of
building one (building the figure and its axes, and warming the renderer's text caches,
cost about as much as drawing it).

The single background worker draws a pooled figure while the canvas may still show another
one from the same pool: a figure goes back to the pool only once the canvas stops showing
it (`RenderedFigure.release`), so the worker never draws into the picture on screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

Plot = TypeVar("Plot")


@dataclass(frozen=True)
class Pooled(Generic[Plot]):
    """One reusable plot and the Agg canvas it is always drawn with (its renderer, and the
    text measurements matplotlib caches per renderer, survive between draws)."""

    plot: Plot
    canvas: FigureCanvasAgg


class FigurePool(Generic[Plot]):
    """Plots made by `make` (whose `.figure` is a Figure), lent out one draw at a time."""

    def __init__(self, make: Callable[[], Plot], figure_of: Callable[[Plot], Figure]) -> None:
        self._make, self._figure_of = make, figure_of
        self._free: list[Pooled[Plot]] = []
        self._lock = threading.Lock()

    def acquire(self) -> Pooled[Plot]:
        """A plot no canvas shows (a new one when every plot is lent out)."""
        with self._lock:
            if self._free:
                return self._free.pop()
        plot = self._make()
        return Pooled(plot, FigureCanvasAgg(self._figure_of(plot)))

    def release(self, pooled: Pooled[Plot]) -> None:
        """Give a plot back once nothing shows it any more (any thread)."""
        with self._lock:
            if all(item is not pooled for item in self._free):
                self._free.append(pooled)
