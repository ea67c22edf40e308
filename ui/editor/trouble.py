"""What the visit session says while a write fails: the save and the safety copy of the
typing (the recovery file) in one message, in words, with when Holdfast tries again.

Qt-free; the words of each error come from `ui.messages.error_text`, so neither SQL nor a
stored value ever reaches the screen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Trouble:
    """The standing problem of the visit on screen ("" parts: that write is fine)."""

    save: str = ""  # why the last save failed
    copy: str = ""  # why the last write (or deletion) of the recovery file failed
    retry_in: float | None = None  # seconds to the next try after the latest failure

    def text(self) -> str:
        """The message under the editor's header, or "" when nothing is wrong."""
        if self.save and self.copy:
            reason = self.save if self.save == self.copy else f"{self.save} {self.copy}"
            head = f"Not saved, and no safety copy of your typing could be kept either: {reason}"
        elif self.save:
            head = f"Not saved: {self.save}"
        elif self.copy:
            head = (
                "No safety copy of your typing could be kept (it guards against a crash): "
                f"{self.copy}"
            )
        else:
            return ""
        if self.retry_in is None:
            return head
        return (
            f"{head} What you typed stays here, and Holdfast tries again by itself (next in "
            f"{self.retry_in:g} s)."
        )
