"""What "nothing is cut off" means, checked on shown widgets and on drawn figures.

A widget's text fits when the widget is at least as large as the text needs (or it wraps to
a height that holds it, or a tooltip carries the full text), and the widget lies inside every
widget around it: a scroll area may scroll its contents up and down, never sideways.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from PySide6 import QtGui
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QMenuBar,
    QScrollArea,
    QStyle,
    QTabBar,
    QTableView,
    QToolBar,
    QWidget,
)

# Widgets drawn inside another control are that control's business (a spin box's line
# edit, a combo box's popup), not text of ours.
COMPOUND = (QComboBox, QAbstractSpinBox, QTabBar, QToolBar, QMenuBar)
CHECKED = (QLabel, QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox)


def name_of(widget: QWidget) -> str:
    text = getattr(widget, "text", lambda: "")()
    return f"{type(widget).__name__} {text!r}" if text else type(widget).__name__


def shown(root: QWidget) -> Iterator[QWidget]:
    """Every widget under `root` that is on screen, not counting parts of compound controls."""
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not widget.window().isVisible():
            continue
        parent = widget.parentWidget()
        inner = False
        while parent is not None and parent is not root:
            if isinstance(parent, COMPOUND):
                inner = True
                break
            parent = parent.parentWidget()
        if not inner:
            yield widget


def plain_words(label: QLabel) -> str:
    if label.textFormat() == Qt.TextFormat.PlainText or not QtGui.Qt.mightBeRichText(label.text()):
        return label.text()
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


def label_problem(label: QLabel) -> str | None:
    text = plain_words(label)
    if not text.strip() or label.toolTip().strip() == text.strip():
        return None
    room = label.contentsRect()
    if label.wordWrap():
        font = QFont(label.font())
        font.setBold(True)  # rich text may set words in bold: measure the wider face
        widest = max(QFontMetrics(font).horizontalAdvance(w) for w in text.split())
        if widest > room.width() + 1:
            return f"a word is wider than the label ({widest} > {room.width()})"
        if label.height() < label.heightForWidth(label.width()):
            return f"wrapped text taller than the label ({label.height()})"
        return None
    needed = label.sizeHint()
    if label.width() < needed.width() or label.height() < needed.height() - 2:
        return (
            f"text needs {needed.width()}x{needed.height()}, has {label.width()}x{label.height()}"
        )
    return None


def button_problem(button: QAbstractButton) -> str | None:
    if not button.text().strip():
        return None
    needed = button.sizeHint()
    if button.width() < needed.width() or button.height() < needed.height() - 2:
        return f"needs {needed.width()}x{needed.height()}, has {button.width()}x{button.height()}"
    return None


def header_problems(header: QHeaderView) -> list[str]:
    problems = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        needed, size = header.sectionSizeHint(section), header.sectionSize(section)
        if size < needed:
            words = header.model().headerData(section, header.orientation())
            problems.append(f"header {words!r} needs {needed}, has {size}")
    return problems


def cell_problems(view: QTableView) -> list[str]:
    """Each cell's text fits its cell: on one line, or wrapped within the row's height, or
    with the whole text in its tooltip."""
    problems = []
    model = view.model()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            if view.isColumnHidden(column):
                continue
            index = model.index(row, column)
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if not text or text in str(index.data(Qt.ItemDataRole.ToolTipRole) or ""):
                continue
            font = index.data(Qt.ItemDataRole.FontRole) or view.font()
            metrics = QFontMetrics(font)
            room = view.columnWidth(column) - 2 * margin
            if metrics.horizontalAdvance(text) <= room:
                continue
            wrapped = metrics.boundingRect(
                QRect(0, 0, room, 100_000), Qt.TextFlag.TextWordWrap, text
            )
            widest = max(metrics.horizontalAdvance(word) for word in text.split())
            if not view.wordWrap() or widest > room or wrapped.height() > view.rowHeight(row):
                problems.append(f"cell {text!r} cut ({room} px wide, row {view.rowHeight(row)})")
    return problems


def list_problems(view: QListWidget) -> list[str]:
    problems = []
    room = view.viewport().width() - 2 * view.spacing() - 8
    for row in range(view.count()):
        item = view.item(row)
        text = item.text()
        if text in item.toolTip():
            continue
        if view.fontMetrics().horizontalAdvance(text) > room:
            problems.append(f"list item {text!r} cut")
    return problems


def clipped_by(widget: QWidget, root: QWidget) -> str | None:
    """The first widget around `widget` (up to `root`) that cuts part of it off. A scroll
    area's viewport may hide what is above or below it (that scrolls), nothing at the sides."""
    child, rect = widget, widget.rect()
    parent = widget.parentWidget()
    while parent is not None:
        rect = rect.translated(child.pos())
        outer = parent.rect()
        if rect.left() < outer.left() - 1 or rect.right() > outer.right() + 1:
            return f"cut sideways by {name_of(parent)}"
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            rect = QRect(rect.left(), outer.top(), rect.width(), outer.height()) & rect
            if rect.isEmpty():
                return None  # scrolled out of view
        elif rect.top() < outer.top() - 1 or rect.bottom() > outer.bottom() + 1:
            return f"cut top or bottom by {name_of(parent)}"
        if parent is root:
            return None
        child, parent = parent, parent.parentWidget()
    return None


def widget_problems(root: QWidget) -> list[str]:
    """Everything cut off in `root`, in words (empty when everything fits)."""
    problems: list[str] = []
    for widget in shown(root):
        found: list[str] = []
        if isinstance(widget, QLabel):
            found.append(label_problem(widget) or "")
        elif isinstance(widget, QAbstractButton):
            found.append(button_problem(widget) or "")
        elif isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            found += header_problems(widget)
        if isinstance(widget, QTableView):
            found += cell_problems(widget)
        if isinstance(widget, QListWidget):
            found += list_problems(widget)
        if isinstance(widget, QScrollArea) and widget.horizontalScrollBar().maximum() > 0:
            found.append("scrolls sideways")
        if isinstance(widget, CHECKED):
            found.append(clipped_by(widget, root) or "")
        problems += [f"{name_of(widget)}: {problem}" for problem in found if problem]
    for bar in root.findChildren(QTabBar):
        if bar.isVisible():
            for tab in range(bar.count()):
                if not bar.rect().contains(bar.tabRect(tab)):
                    problems.append(f"tab {bar.tabText(tab)!r} cut")
    for bar in [*root.findChildren(QToolBar), *root.findChildren(QMenuBar)]:
        for button in bar.findChildren(QAbstractButton):
            if button.objectName().endswith("_ext_button") and button.isVisible():
                problems.append(f"{name_of(bar)} hides entries behind »")
    return problems


def tick_labels(axes: Axes) -> list[Text]:
    """The tick labels drawn (a tick outside the view keeps a label that is never drawn)."""
    axes_shown = [axis for axis in (axes.xaxis, axes.yaxis) if axis.get_visible()]
    drawn = [tick for axis in axes_shown for tick in axis._update_ticks()]  # type: ignore[attr-defined]
    return [label for tick in drawn for label in (tick.label1, tick.label2)]


def shown_texts(figure: Figure) -> list[Text]:
    """Every visible, non-empty text of a drawn figure: titles, labels, ticks, legends, notes."""
    texts: list[Text] = [*figure.texts]  # the suptitle is one of them
    for legend in figure.legends:
        texts += [*legend.get_texts(), legend.get_title()]
    for axes in figure.axes:
        texts += [axes.title, axes._left_title, axes._right_title]  # type: ignore[attr-defined]
        texts += [*axes.texts, axes.xaxis.label, axes.yaxis.label]
        texts += tick_labels(axes)
        if (legend := axes.get_legend()) is not None:
            texts += [*legend.get_texts(), legend.get_title()]
    unique = {id(text): text for text in texts}.values()
    return [text for text in unique if text.get_visible() and text.get_text().strip()]


def figure_problems(figure: Figure) -> list[str]:
    """Texts of a drawn figure outside it or over another text (tick labels of one axis are
    matplotlib's own to space, and may touch at a corner when slanted)."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = shown_texts(figure)
    boxes = [(text, text.get_window_extent(renderer)) for text in texts]
    inside = figure.bbox.padded(0.5)
    problems = [
        f"{text.get_text()!r} leaves the figure"
        for text, box in boxes
        if not (inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1))
    ]
    ticks = {id(text) for axes in figure.axes for text in tick_labels(axes)}
    for (first, box), (second, other) in combinations(boxes, 2):
        if id(first) in ticks and id(second) in ticks:
            continue
        if box.overlaps(other):
            problems.append(f"{first.get_text()!r} overlaps {second.get_text()!r}")
    return problems
