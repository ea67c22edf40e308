"""Locking the app: the main window's content gives way to the lock screen, every other window
is hidden and every title loses what could name a patient, until the password unlocks it.

Nothing is closed or rebuilt: the content is taken out of the main window whole and put back,
so a visit being typed keeps its text (and its draft keeps saving) across a lock. While
locked, an application event filter refuses every window shortcut and hides any window that
opens (a background message, say) until the unlock shows it again.
"""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QToolBar, QWidget

from models.app_password import Verifier, unlock_verifier
from ui.context import AppContext
from ui.lock.idle import IdleWatch
from ui.lock.screen import LockScreen
from ui.messages import error_text
from ui.shortcuts import LOCK_KEYS

LOCKED_TITLE = "Holdfast — locked"
MINUTE_MS = 60_000


class AppLock(QObject):
    """The lock of one main window (and of every other window of the application)."""

    def __init__(self, window: QMainWindow, context: AppContext) -> None:
        super().__init__(window)
        self.window, self.context = window, context
        self.screen = LockScreen()
        self.screen.unlock_requested.connect(self.try_unlock)
        self.idle = IdleWatch(self)
        self.idle.idle.connect(self._idle_for_long)
        self.locked = False
        self._content: QWidget | None = None
        self._hidden: list[QWidget] = []  # windows and bars to show again on unlock
        self._titles: list[tuple[QWidget, str]] = []
        self._focus: QWidget | None = None
        context.events.settings_changed.connect(self.watch_idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.watch_idle()

    def watch_idle(self) -> None:
        """Lock after the idle time Preferences sets (again from now)."""
        if not self.locked:
            self.idle.watch(self.context.settings.lock_after_minutes * MINUTE_MS)

    def lock_at_start(self) -> None:
        """Ask for the app password before anything shows, when one is set (an encrypted
        database's passphrase was asked for already, before it opened). Called right after
        the window's first show(), before the event loop paints it: the window lays itself
        out at that show (ui/main_window.py), and the lock then covers it unseen."""
        if self.context.settings.app_password and not self._encrypted:
            self.lock()

    @property
    def _encrypted(self) -> bool:
        return self.context.db.passphrase is not None

    def verifier(self) -> Verifier | None:
        """What checks a typed password: for an encrypted database its passphrase, else the
        app password."""
        return unlock_verifier(self.context.settings, self.context.db.passphrase)

    def _idle_for_long(self) -> None:
        if self._window_shown():  # a window closed (given way to a restore's) stays out
            self.lock()

    def _window_shown(self) -> bool:
        try:
            return self.window.isVisible()
        except RuntimeError:  # the window is being destroyed (this lock goes with it)
            return False

    def lock(self) -> None:
        """Hide every patient detail now (nothing happens when already locked)."""
        if self.locked:
            return
        self.locked = True
        self.idle.stop()
        self._focus = QApplication.focusWidget()
        app_windows = [w for w in QApplication.topLevelWidgets() if w.isWindow()]
        self._titles = [(w, w.windowTitle()) for w in app_windows if w.windowTitle()]
        for other in app_windows:
            if other is not self.window and other.isVisible():
                if is_transient(other):
                    other.hide()  # an open menu or tooltip closes, and stays closed
                else:
                    self._hide(other)
        for bar in (self.window.menuBar(), self.window.statusBar(),
                    *self.window.findChildren(QToolBar)):  # fmt: skip
            if not bar.isHidden():  # not hidden by hand: shown, or shown with the window
                self._hide(bar)
        self._content = self.window.takeCentralWidget()
        self.window.setCentralWidget(self.screen)
        for other, _title in self._titles:
            other.setWindowTitle(LOCKED_TITLE)
        self.screen.ask(needs_password=self.verifier() is not None, passphrase=self._encrypted)
        self.screen.show()
        self.screen.focus()

    def try_unlock(self, password: str) -> None:
        """Check `password` off the GUI thread (it is slow by design), then unlock or say no."""
        verifier = self.verifier()
        if verifier is None:
            self.unlock()
            return
        self.screen.set_checking(True)

        def checked(right: bool) -> None:
            if right:
                self.unlock()
            else:
                self.screen.refuse()

        self.context.runner.run(
            lambda: verifier(password), checked, lambda error: self.screen.refuse(error_text(error))
        )

    def stop_watching(self) -> None:
        """This window gives way to another (a restore's): its lock must not hide that one
        as a window opening while locked, nor lock anything later."""
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def unlock(self) -> None:
        """Put back what the lock took away, as it was."""
        if not self.locked:
            return
        self.locked = False
        self.window.takeCentralWidget()  # the lock screen, kept (hidden) for the next lock
        self.screen.setParent(self.window)
        self.screen.hide()
        if self._content is not None:
            self.window.setCentralWidget(self._content)
            self._content.show()  # taking it out hid it, as reparenting does
        self._content = None
        self._show_again()
        self.window.activateWindow()
        if self._focus is not None:
            with suppress(RuntimeError):
                self._focus.setFocus()
        self._focus = None
        self.watch_idle()

    def _show_again(self) -> None:
        for widget, title in self._titles:
            with suppress(RuntimeError):  # a window deleted meanwhile
                widget.setWindowTitle(title)
        for widget in self._hidden:
            with suppress(RuntimeError):
                widget.show()
        self._hidden, self._titles = [], []

    def _hide(self, widget: QWidget) -> None:
        self._hidden.append(widget)
        widget.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._window_shown():
            return False  # closed (or not shown yet): another main window may be in charge
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and is_lock_key(event):
            self.lock()  # a key no shortcut took: pressed in another window or a dialog
            return True
        if not self.locked:
            return False
        if kind == QEvent.Type.Shortcut and not self._on_screen(watched):
            return True  # no menu action runs behind the lock screen (its own Alt+U does)
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and self._opens(watched):
            # The Show event comes before the window reaches the screen: kept off it now,
            # then hidden properly once Qt has finished showing it.
            watched.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            QTimer.singleShot(0, lambda: self._hide_new(watched))
        return False

    def _on_screen(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and self.screen.isAncestorOf(watched)

    def _opens(self, widget: QWidget) -> bool:
        """Whether `widget` is a window showing while locked that must not (a background
        message box, a dialog a delayed result opened)."""
        if not widget.isWindow() or is_transient(widget):  # the lock screen's own menu, say
            return False
        return widget not in (self.window, self._content, self.screen)

    def _hide_new(self, widget: QWidget) -> None:
        with suppress(RuntimeError):
            shown = widget.isVisible()
            widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
            if shown:
                self._titles.append((widget, widget.windowTitle()))
                widget.setWindowTitle(LOCKED_TITLE)
                self._hide(widget)
            if shown and not self.locked:  # unlocked meanwhile
                self._show_again()


def is_transient(window: QWidget) -> bool:
    """A popup menu or a tooltip: closed by the lock, never shown again by the unlock."""
    return window.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)


def is_lock_key(event: QKeyEvent) -> bool:
    """Whether `event` is the lock's key combination (Ctrl+L)."""
    return QKeySequence(event.keyCombination()) == QKeySequence(LOCK_KEYS)
