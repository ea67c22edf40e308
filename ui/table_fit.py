"""Table columns as wide as their contents, and within the table's width: no text cut off.

Qt's ResizeToContents keeps every column at its content width however narrow the table is,
so a long muscle name or a sentence of evidence made the table scroll sideways or cut it.
Here each column gets its content width while they all fit; when they do not, the widest
columns give way first and their text wraps onto more lines (rows grow to hold it). No
column is made narrower than its header or its longest word, so neither is ever cut.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

READABLE_PX, READABLE_SHARE = 200, 0.4  # what the growing column keeps, if it can


def share_width(natural: Sequence[int], floor: Sequence[int], room: int, grow: int) -> list[int]:
    """Column widths for a table `room` pixels wide.

    Every column gets its `natural` width when they all fit, and column `grow` takes what
    is left over. Otherwise the widest are cut down to one common width (never below their
    `floor`), the widest width that makes the total fit.
    """
    if sum(natural) <= room:
        widths = list(natural)
        widths[grow] += room - sum(natural)
        return widths
    # The growing column holds the long text (evidence, the reasons for a verdict): it keeps
    # a readable width, as far as the others' floors leave room for it.
    floor = list(floor)
    readable = min(natural[grow], max(READABLE_PX, round(room * READABLE_SHARE)))
    floor[grow] = max(floor[grow], min(readable, room - (sum(floor) - floor[grow])))
    if sum(floor) >= room:
        return floor
    low, high = 0, max(natural)
    while low < high:  # the largest cap whose total still fits
        cap = (low + high + 1) // 2
        if sum(max(f, min(n, cap)) for n, f in zip(natural, floor, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    widths = [max(f, min(n, low)) for n, f in zip(natural, floor, strict=True)]
    capped = [i for i, (w, n) in enumerate(zip(widths, natural, strict=True)) if w < n]
    for i in capped[: room - sum(widths)]:  # the pixels the whole-number cap left over
        widths[i] += 1
    return widths


class ColumnFitter(QObject):
    """Keeps `table`'s columns fitted (see the module doc) as its width and rows change.

    `grow` is the column that takes the spare width (the last one unless told); `fitted`
    is emitted after the columns (and so the row heights) may have changed.
    """

    fitted = Signal()

    def __init__(self, table: QTableView, grow: int = -1) -> None:
        super().__init__(table)
        self.table = table
        self.grow = grow
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.fit)
        table.setWordWrap(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(8)
        # Rows are measured once each time the columns are fitted, not by the header's
        # ResizeToContents, which measured every cell again at each of its layout passes: a
        # 100-visit timeline held the GUI thread for a tenth of a second when it opened.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fitting = False  # fit() is resizing the columns: it measures the rows after
        self._rows_pending = QTimer(self, singleShot=True, interval=0)
        self._rows_pending.timeout.connect(table.resizeRowsToContents)
        header.sectionResized.connect(self._column_resized)
        self.viewport = table.viewport()
        self.viewport.installEventFilter(self)
        self._measured: tuple[list[int], list[int]] | None = None  # until the data changes
        model = table.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                       model.dataChanged, model.layoutChanged):  # fmt: skip
            signal.connect(self._data_changed)
        self.fit()

    def _data_changed(self) -> None:
        self._measured = None
        self._pending.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.viewport:
            self._pending.start()
        return False

    def fit(self) -> None:
        """Set the column widths for the table's current width and contents."""
        table, header = self.table, self.table.horizontalHeader()
        columns = range(table.model().columnCount())
        if not columns:
            return
        if self._measured is None:  # a resize alone reuses the measures
            natural = [max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) for c in columns]
            floor = [min(n, max(header.sectionSizeHint(c), self._longest_word(c)))
                     for c, n in zip(columns, natural, strict=True)]  # fmt: skip
            self._measured = natural, floor
        natural, floor = self._measured
        widths = share_width(natural, floor, table.viewport().width(), self.grow % len(natural))
        self._fitting = True
        try:
            for column, width in zip(columns, widths, strict=True):
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False
        self._rows_pending.stop()
        table.resizeRowsToContents()
        self.fitted.emit()

    def _column_resized(self) -> None:
        """A column dragged wider or narrower by hand: its text wraps anew, rows follow."""
        if not self._fitting:
            self._rows_pending.start()

    def _longest_word(self, column: int) -> int:
        """The widest single word in the column, with the cell's margins."""
        table = self.table
        model = table.model()
        margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
        words_by_font: dict[str, tuple[QFont, set[str]]] = {}  # each word measured once
        for row in range(model.rowCount()):
            index = model.index(row, column)
            font = index.data(Qt.ItemDataRole.FontRole) or table.font()
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            words_by_font.setdefault(font.key(), (font, set()))[1].update(text.split())
        widest = 0
        for font, unique in words_by_font.values():
            metrics = QFontMetrics(font)
            widest = max([widest, *(metrics.horizontalAdvance(word) for word in unique)])
        return widest + 2 * (margin + 1) + 2
