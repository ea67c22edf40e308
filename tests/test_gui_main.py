"""The first window, driven through its real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget
from pytestqt.qtbot import QtBot

from models.database import Database
from models.services.patients import search_patients
from tests.dialogs import click_save
from tests.test_dashboard import review_texts
from ui.background import SyncRunner
from ui.context import AppContext
from ui.main_window import MainWindow


def window_for(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(AppContext(db, SyncRunner()))
    qtbot.addWidget(window)
    return window


def double_click_row(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex) -> None:
    """A person's double-click on the row of `index` in a list or table view."""
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def replace_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select what the field holds and type over it, as a person does."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_search_narrows_the_list(qtbot: QtBot, demo_db: Database) -> None:
    window = window_for(qtbot, demo_db)
    model = window.patient_list.model
    assert model.rowCount() == 5
    qtbot.keyClicks(window.patient_list.search, "okafor")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.data(model.index(0, 0)) == "R-001"
    window.patient_list.search.setText("1987-07")
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.data(model.index(0, 0)) == "R-005")
    window.patient_list.search.setText("nobody-by-this-name")
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    assert not window.patient_list.empty.isVisibleTo(window)


def test_selecting_a_patient_shows_verdicts(qtbot: QtBot, demo_db: Database) -> None:
    window = window_for(qtbot, demo_db)
    seed = next(p for p in search_patients(demo_db) if p.chart_number == "R-001")
    window.patient_list.select_patient(seed.id)
    timeline = window.chart.timeline_model
    assert timeline.rowCount() == 8
    verdicts = [timeline.data(timeline.index(row, 5)) for row in range(8)]
    assert verdicts[0] == "first visit"
    assert verdicts[1:4] == ["✘ lost"] * 3
    assert verdicts[4:] == ["✔ held"] * 4
    why = timeline.data(timeline.index(1, 6))
    assert "drifted" in why and "back toward the left side tipping forward" in why
    assert timeline.data(timeline.index(1, 5), Qt.ItemDataRole.BackgroundRole) is not None
    assert "Maya Okafor" in window.chart.header.text()
    assert "4 of 7" in window.chart.header.text()


def test_empty_database_offers_demo(qtbot: QtBot, db: Database) -> None:
    window = window_for(qtbot, db)
    assert window.patient_list.empty.isVisibleTo(window)
    qtbot.mouseClick(window.patient_list.demo_button, Qt.MouseButton.LeftButton)
    assert window.patient_list.model.rowCount() == 5
    assert not window.patient_list.empty.isVisibleTo(window)


def test_dashboard_lists_patients_not_holding(qtbot: QtBot, demo_db: Database) -> None:
    window = window_for(qtbot, demo_db)
    dashboard = window.open_dashboard()
    qtbot.addWidget(dashboard)
    items = review_texts(dashboard.not_holding)
    assert items == [
        "Not holding",
        "Whitfield, Tom (R-004)\n    lost 4 of 4 assessable intervals (hold rate 0%)",
    ]
    texts = [t.get_text() for ax in dashboard.canvas.figure.axes for t in ax.texts]
    assert any("n = " in t for t in texts)
    qtbot.waitExposed(dashboard)
    heading, tom = (dashboard.not_holding.model().index(row, 0) for row in range(2))
    double_click_row(qtbot, dashboard.not_holding, heading)  # a heading opens nothing
    assert window.chart.patient_id is None
    double_click_row(qtbot, dashboard.not_holding, tom)
    assert "Tom Whitfield" in window.chart.header.text()
    assert window.patient_list.current_patient_id() == window.chart.patient_id


def test_graphs_tab_shows_the_course(qtbot: QtBot, demo_db: Database) -> None:
    window = window_for(qtbot, demo_db)
    window.show()
    window.open_chart("R-001")
    graphs = window.chart.graphs
    assert graphs.patient_id == window.chart.patient_id
    assert graphs.stale == {"alignment", "retention", "symptoms"}  # hidden: nothing drawn yet
    window.chart.tabs.setCurrentWidget(graphs)
    assert graphs.stale == {"retention", "symptoms"}  # only the figure on screen is rendered
    graphs.tabs.setCurrentIndex(2)  # symptoms
    assert graphs.stale == {"retention"}
    assert graphs.symptoms.figure.texts or graphs.symptoms.figure.axes
    alignment = graphs.alignment.figure
    assert len(alignment.axes) >= 3
    assert len(graphs.alignment.hover_points) >= 16  # pre and post of 8 visits, first panel
    point = graphs.alignment.hover_points[0]
    axes = alignment.axes[point.axes_index]
    graphs.alignment.resize(900, 600)
    graphs.alignment.resize_to_widget()
    alignment.canvas.draw()
    x, y = axes.transData.transform((point.x, point.y))
    assert graphs.alignment.point_near(x, y) == point
    assert graphs.alignment.point_near(x + 200, y + 200) != point


def test_chart_states_clinically_important_change(qtbot: QtBot, demo_db: Database) -> None:
    window = window_for(qtbot, demo_db)
    window.open_chart("R-001")
    header = window.chart.changes.text()
    assert "pain (NPRS) improved by 5 points since the first visit, more than the 2" in header
    assert "LEFS improved by 30 points" in header
    window.open_chart("R-004")
    assert "LEFS is unchanged since the first visit" in window.chart.changes.text()


def test_edit_patient_keeps_chart_and_audits(qtbot: QtBot, demo_db: Database) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.patient_dialog import PatientDialog

    window = window_for(qtbot, demo_db)
    window.open_chart("R-002")
    window.edit_patient()
    (dialog,) = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, PatientDialog) and w.parent() is window and w.isVisible()
    ]
    assert dialog.chart_number.text() == "R-002"
    replace_text(qtbot, dialog.running_profile, "Marathon, 80 km/week")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert "Marathon, 80 km/week" in window.chart.header.text()


def test_audit_trail_lists_the_patients_changes(qtbot: QtBot, demo_db: Database) -> None:
    from ui.audit_dialog import AuditDialog

    window = window_for(qtbot, demo_db)
    window.open_chart("R-001")
    dialog = AuditDialog(window.context, window.chart.patient_id or 0, window)
    qtbot.addWidget(dialog)
    model = dialog.model
    actions = {model.data(model.index(row, 4)) for row in range(model.rowCount())}
    # The patient and their eight visits, with the signatures and addenda they came with.
    assert actions == {"Imported", "Signature imported", "Addendum imported"}
    assert [model.data(model.index(row, 4)) for row in range(model.rowCount())].count(
        "Imported"
    ) == 9  # fmt: skip
    shown = [model.data(model.index(row, 4)) for row in range(model.rowCount())]
    dialog.table.selectRow(shown.index("Imported"))
    assert dialog.details.rowCount() > 0 and dialog.details.item(0, 1).text() == "—"


def test_graphs_are_drawn_off_the_gui_thread(qtbot: QtBot, demo_db: Database) -> None:
    from ui.figure_canvas import PixelSize
    from ui.graphs_tab import render_figure

    window = window_for(qtbot, demo_db)
    window.open_chart("R-001")
    view = window.chart.graphs.alignment
    view.resize(800, 500)
    course, history = window.chart.course, window.chart.graphs.history
    assert course is not None and history is not None
    tolerances = window.context.settings.tolerances
    rendered = render_figure("alignment", course, history, tolerances, view.pixel_size())
    view.show_rendered(rendered)
    assert view.renderer is rendered.renderer  # adopted: no redraw needed
    assert not view._draw_pending
    other = render_figure("alignment", course, history, tolerances, PixelSize(640, 420))
    view.show_rendered(other)  # drawn for another size: rendered again in the background
    assert not view._draw_pending and view._settle.isActive()
    view.rerender = None  # a canvas nobody re-renders for falls back to drawing itself
    view.show_rendered(render_figure("alignment", course, history, tolerances, PixelSize(640, 420)))
    assert view._draw_pending


def test_preferences_are_kept_and_used(qtbot: QtBot, db: Database) -> None:
    from models.settings import load_settings
    from ui.preferences import PreferencesDialog

    window = window_for(qtbot, db)
    dialog = PreferencesDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    replace_text(qtbot, dialog.texts["practitioner_name"], "Jo Reyes")
    replace_text(qtbot, dialog.texts["credentials"], "DO")
    replace_text(qtbot, dialog.tolerances["rotation_deg"], "4")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert window.context.settings.signer == "Jo Reyes, DO"
    assert window.context.actor == "Jo Reyes, DO"
    stored = load_settings(db.path)
    assert stored.signer == "Jo Reyes, DO" and stored.tolerances.rotation_deg == 4.0


def test_resizing_a_graph_renders_again_in_the_background(qtbot: QtBot, demo_db: Database) -> None:
    window = window_for(qtbot, demo_db)
    window.show()
    window.open_chart("R-001")
    window.chart.tabs.setCurrentWidget(window.chart.graphs)
    view = window.chart.graphs.alignment
    first = view.renderer
    view.resize(view.width() + 120, view.height() + 60)
    assert not view._draw_pending  # no redraw on the GUI thread...
    view.grab()  # ...the last image is painted stretched meanwhile
    qtbot.waitUntil(lambda: view.renderer is not first, timeout=5000)  # ...then a new render
    assert view.renderer is not first
    assert view._lastKey == view._physical_key()


def test_toolbar_shows_the_everyday_actions(qtbot: QtBot, db: Database) -> None:
    from PySide6.QtWidgets import QToolBar

    window = window_for(qtbot, db)
    (toolbar,) = window.findChildren(QToolBar)
    texts = [a.text().replace("&", "").rstrip("…") for a in toolbar.actions() if a.text()]
    assert texts == [
        "New patient", "New visit", "Exercise handout", "Visit summary", "Progress report",
        "Practice dashboard",
    ]  # fmt: skip


def test_a_first_start_in_a_small_window_shares_its_real_width(
    qtbot: QtBot, demo_db: Database
) -> None:
    from ui.main_window import LIST_WIDEST, split_sizes

    window = window_for(qtbot, demo_db)
    window.resize(900, 640)  # a small screen: smaller than the size asked for by default
    window.show()
    qtbot.waitExposed(window)
    wanted, _chart = split_sizes(window.splitter.width())
    assert wanted < LIST_WIDEST
    assert window.splitter.sizes()[0] == wanted
