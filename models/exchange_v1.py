"""The shape of an exchange file, version 1, declared once (models/exchange_schema.py).

Limits on lengths are far above what any chart holds, so every real export fits, while a
runaway file (a pasted document in a name, a million readings) is refused before it is
stored: a page of notes is about 3,000 characters, and a visit records a handful of
readings, complaints and exercises.

Photos (schema 0010) travel inside the file, each image as base64 text, so an export stays
one file and an import stays all-or-nothing: `photos` of a visit and `photo_consent` of a
patient are optional keys, so version 1 holds them and every older file still imports.
An image is a photo as Holdfast keeps it (models/photo_files.py: an upright JPEG without
metadata, at most 2400 px a side, a few MB), never a camera's original.

A patient's `running_goal_km` (schema 0011: the weekly volume the runner wants back, null
for none) is an optional key too; its range is the record's to check (models/records.py).
"""

from __future__ import annotations

from charting.outcomes import LEFS_ITEMS, ROLAND_MORRIS_ITEMS
from models.exchange_schema import (
    Base64,
    Day,
    Exactly,
    FalseOr,
    Flag,
    Key,
    ListOf,
    MapOf,
    Matching,
    Moment,
    Nullable,
    Number,
    Obj,
    Spec,
    Text,
)

FORMAT, VERSION = "holdfast", 1

LINE_LENGTH = 1_000  # characters: a name, a phone number, a word of the vocabulary
TEXT_LENGTH = 100_000  # characters: a note, a reasoning, an addendum (about 30 pages)
MOST_PATIENTS = 1_000_000
MOST_VISITS = 10_000  # a patient seen weekly for 190 years
MOST_ENTRIES = 200  # readings, complaints, findings, exercises, outcomes of one visit
MOST_ADDENDA = 1_000
MOST_ITEMS = max(LEFS_ITEMS, ROLAND_MORRIS_ITEMS)  # item answers of one questionnaire
MOST_PHOTOS = 100  # of one visit: pre and post of four views is 8
MOST_PHOTO_BYTES = 16 * 1024 * 1024  # a kept 2400 px JPEG is 1-5 MB
MOST_LANDMARKS = 10  # a view marks two

LINE, TEXT, NUMBER = Text(LINE_LENGTH), Text(TEXT_LENGTH), Number()
OPTIONAL_NUMBER = Nullable(NUMBER)


def _required(spec: Spec) -> Key:
    return Key(spec, required=True)


READING = Obj({
    "phase": _required(LINE), "device": _required(LINE), "rater": Key(LINE),
    "position": Key(LINE), "left_tilt_deg": Key(OPTIONAL_NUMBER),
    "right_tilt_deg": Key(OPTIONAL_NUMBER), "rotation_deg": Key(OPTIONAL_NUMBER),
    "obliquity_deg": Key(OPTIONAL_NUMBER), "asymmetry": Key(Nullable(LINE)),
    "rotation": Key(Nullable(LINE)), "obliquity": Key(Nullable(LINE)),
})  # fmt: skip
COMPLAINT = Obj({
    "region": _required(LINE), "side": _required(LINE), "pain": _required(NUMBER),
    "carried_over": Key(Flag()),
})  # fmt: skip
FINDING = Obj({
    "muscle": _required(LINE), "side": _required(LINE), "state": _required(LINE),
    "evidence": Key(TEXT),
})  # fmt: skip
PLAN_ENTRY = Obj({
    "exercise": _required(LINE), "sets": _required(NUMBER), "per_week": _required(NUMBER),
    "reps": Key(OPTIONAL_NUMBER), "hold_s": Key(OPTIONAL_NUMBER), "side": Key(LINE),
    "notes": Key(TEXT),
})  # fmt: skip
OUTCOME = Obj({
    "measure": _required(LINE), "score": _required(NUMBER), "label": Key(LINE),
    "items": Key(ListOf(OPTIONAL_NUMBER, MOST_ITEMS, "item answers")),
})  # fmt: skip
NOTE = Obj({name: Key(TEXT) for name in ("subjective", "objective", "assessment", "plan")})
HYPOTHESIS = Obj({
    "findings": Key(ListOf(FINDING, MOST_ENTRIES, "findings")), "reasoning": Key(TEXT),
})  # fmt: skip
CONTENT_HASH = Matching("[0-9a-f]{64}", "a SHA-256 hash (64 hex digits)")
SIGNED = Obj({"by": _required(LINE), "at": _required(Moment()), "hash": Key(CONTENT_HASH)})
ADDENDUM = Obj({
    "text": _required(TEXT), "reason": _required(TEXT), "author": _required(LINE),
    "at": _required(Moment()),
})  # fmt: skip
POINT = ListOf(NUMBER, 2, "coordinates")
LANDMARKS = Obj({
    "view": _required(LINE), "points": Key(MapOf(POINT, MOST_LANDMARKS, "points")),
    "reference": Key(Nullable(Obj({
        "kind": _required(LINE), "a": _required(POINT), "b": _required(POINT),
    }))),
})  # fmt: skip
SHA256 = Matching("[0-9a-f]{64}", "a SHA-256 hash (64 hex digits)")
PHOTO = Obj({
    "phase": _required(LINE), "view": _required(LINE), "media_type": _required(LINE),
    "width": _required(NUMBER), "height": _required(NUMBER), "sha256": _required(SHA256),
    "landmarks": Key(Nullable(LANDMARKS)),
    "image": _required(Base64(MOST_PHOTO_BYTES, "a JPEG")),
})  # fmt: skip
VISIT = Obj({
    "date": _required(Day()), "kind": Key(LINE),
    "complaints": Key(ListOf(COMPLAINT, MOST_ENTRIES, "complaints")),
    "running_km_per_week": Key(OPTIONAL_NUMBER), "adherence_pct": Key(OPTIONAL_NUMBER),
    "readings": Key(ListOf(READING, MOST_ENTRIES, "readings")),
    "hypothesis": Key(HYPOTHESIS),
    "plan": Key(ListOf(PLAN_ENTRY, MOST_ENTRIES, "exercises")),
    "no_plan_reason": Key(TEXT),
    "outcomes": Key(ListOf(OUTCOME, MOST_ENTRIES, "outcomes")),
    "note": Key(NOTE), "correction": Key(TEXT), "next_visit_date": Key(Nullable(Day())),
    "carried_over": Key(Flag()),
    "signed": Key(FalseOr(SIGNED)),
    "addenda": Key(ListOf(ADDENDUM, MOST_ADDENDA, "addenda")),
    "photos": Key(ListOf(PHOTO, MOST_PHOTOS, "photos")),
})  # fmt: skip
# Where the visit record's fields are in the file, where the names differ.
VISIT_KEYS_OF_FIELDS = {"visit_date": ("date",), "reasoning": ("hypothesis", "reasoning")}
PATIENT = Obj({
    "chart_number": _required(LINE), "first_name": _required(LINE),
    "last_name": _required(LINE), "date_of_birth": Key(Nullable(Day())), "sex": Key(LINE),
    "phone": Key(LINE), "email": Key(LINE), "running_profile": Key(TEXT), "notes": Key(TEXT),
    "photo_consent": Key(Flag()), "running_goal_km": Key(OPTIONAL_NUMBER),
    "archived": Key(Flag()), "visits": Key(ListOf(VISIT, MOST_VISITS, "visits")),
})  # fmt: skip
VERSION_1 = Exactly(VERSION)
DOCUMENT = Obj({
    "format": _required(Exactly(FORMAT)), "version": _required(VERSION_1),
    "patients": _required(ListOf(PATIENT, MOST_PATIENTS, "patients")),
})  # fmt: skip
