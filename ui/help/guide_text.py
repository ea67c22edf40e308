"""The words of the Help guide: the workflow, the hold rule and the sign conventions.

Keys are not written here: `guide_html` is given each action's keys as the menus define
them, and the tolerances the practice uses, so the guide cannot contradict the app.
"""

from __future__ import annotations

from collections.abc import Mapping

from charting.readings import Dimension
from charting.tolerances import Tolerances
from charting.vocabulary import DIMENSION_TERMS, SIGNS, TILT_SIGN

PICTURE_URL = "holdfast:sign-conventions"
# What the + of each sign means on the body, beside the sign as forms and figures write it
# (docs/clinical-model.md#sign-conventions).
SIGN_MEANINGS = {
    Dimension.ASYMMETRY: "left tilt − right tilt: + when the left side is tipped further forward",
    Dimension.ROTATION: "+ when the pelvis is turned to the patient's right, the left ASIS forward",
    Dimension.OBLIQUITY: "+ when the left iliac crest is higher",
}
TILT_MEANING = "+ when the side is tipped forward, the ASIS lower than the PSIS"
SECTIONS = (
    ("workflow", "Charting a visit"),
    ("hold", "Did the correction hold?"),
    ("signs", "Sign conventions"),
    ("photos", "Photos"),
    ("data", "Your data"),
)


def guide_html(keys: Mapping[str, str], tolerances: Tolerances) -> str:
    """The guide as HTML; `keys` maps an action's name ('New visit') to its keys or menu."""

    def key(name: str) -> str:
        return f"<b>{keys.get(name, name)}</b>"

    t = tolerances
    names = {dimension: term.label.lower() for dimension, term in DIMENSION_TERMS.items()}
    asymmetry, rotation, obliquity = (names[d] for d in Dimension)
    contents = " · ".join(f'<a href="#{anchor}">{title}</a>' for anchor, title in SECTIONS)
    return f"""
<h2>Holdfast guide</h2>
<p>{contents}</p>

<h3><a name="workflow"></a>Charting a visit</h3>
<ol>
<li>Find the patient ({key("Find patient")} searches names, chart numbers, birth dates and
what was written at visits; Enter on a patient found by a visit's text opens that visit) or
create one ({key("New patient")}); {key("Edit patient")} edits the patient on screen.</li>
<li>Start the visit with {key("New visit")}. It begins with the last visit's complaints (to be
rated again), hypothesis and exercise plan in italics, marked as carried over: keep them or
change them.</li>
<li>Work down the form with Tab, in SOAP order. <b>S</b>: complaints on the body diagram with
their pain (0-10), running and adherence since the last visit. <b>O</b>: the pelvic reading
before the correction. <b>A</b>: the muscle-imbalance hypothesis
({key("Suggest hypothesis from pattern")} proposes findings for the pattern just measured;
you decide).
<b>P</b>: the correction you performed, the reading after it, the exercise plan and the next
visit.</li>
<li>A draft saves itself while you type; {key("Save draft")} saves at once.</li>
<li>Sign with {key("Sign visit")} when the visit is complete. A signed visit can no longer
be changed; a later correction is a dated addendum ({key("Add addendum")}).</li>
<li>Print for the patient: {key("Exercise handout")}; for the file or a colleague:
{key("Visit summary")} and {key("Progress report")}.</li>
</ol>
<p>Dates are typed as year-month-day (2026-07-20) or in your computer's short date form;
F4 in a date box opens a calendar. In tables, F2 or a double-click edits a cell.</p>

<h3><a name="hold"></a>Did the correction hold?</h3>
<p>Holdfast compares the reading <i>after</i> the correction at one visit with the reading
<i>before</i> the correction at the next visit, for each dimension measured both times:
{asymmetry}, {rotation} and {obliquity}.</p>
<p style="margin-left: 16px"><b>drift = before (next visit) − after (this visit)</b><br>
a dimension held when the size of its drift is within its tolerance;<br>
the interval held when every dimension measured both times held.</p>
<p>With no dimension measured both times the interval is <i>not assessable</i>. A position
recorded in words (for example "left anterior") held when its category stayed the same.</p>
<p>Tolerances in use (File ▸ Preferences): with the same device and examiner, {asymmetry}
{t.asymmetry_deg:g}°, {rotation} {t.rotation_deg:g}°, {obliquity} {t.obliquity_deg:g}°; with
another device or examiner {t.asymmetry_other_setup_deg:g}°, {t.rotation_other_setup_deg:g}° and
{t.obliquity_other_setup_deg:g}°, and the interval is marked as less comparable. They come from
the published measurement error of the instruments: a smallest real change of about 3° for a
palpation meter and about 7° between examiners with an inclinometer (Beardsley 2016), with
frontal-plane readings the least reliable (Hagins 1998).</p>
<p>The patient is compared with their own position after the correction, never with a level
pelvis: few pelves are symmetric. <i>Retention</i>, 1 − |drift| / |correction|, tells how much
of a correction larger than the tolerance remained.</p>

<h3><a name="signs"></a>Sign conventions</h3>
<p>Left and right are always the patient's own sides. Forms and figures write each sign
in short, as shown in italics here.</p>
<ul>
<li><b>Tilt</b> of each side, <i>{TILT_SIGN}</i>: {TILT_MEANING}.</li>
{sign_items()}
</ul>
<p><img src="{PICTURE_URL}"></p>

<h3><a name="photos"></a>Photos</h3>
<p>Photos are measured readings and a picture the patient understands. Tick <i>Photos may be
taken</i> in the patient's details first ({key("Edit patient")}); no photo is attached
without it. In the visit, under the reading before the correction, choose before or after
the correction and the view (left side, right side, back, front), then <i>Attach photo…</i>,
<i>From camera folder…</i>, or drop files on the panel. Holdfast keeps the photo upright and
without its camera data (place, time, phone).</p>
<p><i>Measure…</i> opens the photo: click the skin markers as asked (ASIS then PSIS on a
side view; the patient's left then right crest on a back or front view), then two points on a
plumb line or a level line so a crooked camera is taken out. Drag a handle to adjust; the
angle follows. <i>Use for the reading</i> fills that phase's reading with device
<i>photo</i>: left and right tilt from the two side views, obliquity from the back (or
front) view. Two photo readings by you are compared with {asymmetry}
{t.asymmetry_photo_deg:g}° and {obliquity} {t.obliquity_photo_deg:g}°; a photo reading against
a palpation meter reading is a change of device.</p>
<p>The chart's <i>Photos</i> tab shows before and after side by side, or the last visit
against this one; the handout and progress report print them when <i>Include before/after
photos</i> is ticked in the preview.</p>

<h3><a name="data"></a>Your data</h3>
<p>Everything is kept in one database file on this computer (Help ▸ About shows where), with
the settings beside it. Checked backups are made when Holdfast opens and closes (if anything
changed) into the folder File ▸ Backups… shows, where you can choose another folder (an
external drive) and restore one. Every change is written to the audit trail
({key("Audit trail")}); a signed visit is never changed.</p>
"""


def sign_items() -> str:
    """One list item per dimension: its name and sign as the vocabulary spells them."""
    return "\n".join(
        f"<li><b>{DIMENSION_TERMS[d].label}</b>, <i>{SIGNS[d]}</i>: {SIGN_MEANINGS[d]}.</li>"
        for d in Dimension
    )
