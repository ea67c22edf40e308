"""One rule for the clinic logo: `logo_problem` passes a file exactly when the letterhead
prints it, and a picture that does not print never stops a document."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from models.database import Database
from models.services.patients import patient_id_for_chart
from models.settings import Settings, save_settings
from reports.generate import report_pdf
from reports.logo import logo_problem


def make(folder: Path, name: str) -> Path:
    """A logo file of the kind its name says; 'cut' ones lose their last two thirds."""
    path = folder / name
    kind = name.split(".")[-1].upper().replace("JPG", "JPEG")
    if name.startswith("text"):
        path.write_text("not a picture")
    elif name.startswith("cut"):
        whole = folder / f"whole.{kind.lower()}"
        Image.new("RGB", (300, 120), "navy").save(whole, kind)
        path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    else:
        Image.new("RGB", (300, 120), "navy").save(path, kind)
    return path


@pytest.mark.parametrize(
    ("name", "prints"),
    [("logo.png", True), ("logo.jpg", True), ("logo.bmp", True), ("logo.gif", True),
     ("logo.webp", True), ("logo.tiff", True), ("cut.png", False), ("text.png", False)],
)  # fmt: skip
def test_the_check_says_what_the_letterhead_does(
    demo_db: Database, tmp_path: Path, name: str, prints: bool
) -> None:
    logo = make(tmp_path, name)
    assert (logo_problem(str(logo)) == "") is prints
    save_settings(demo_db.path, Settings(clinic_name="Logo Clinic", logo_path=str(logo)))
    pdf = report_pdf(demo_db, "visit", patient_id_for_chart(demo_db, "R-005"))
    first = PdfReader(BytesIO(pdf)).pages[0]
    assert len(first.images) == int(prints) and "Logo Clinic" in first.extract_text()
