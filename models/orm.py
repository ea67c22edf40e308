"""The ORM: one table per clinical entity (SQLAlchemy 2.0 declarative style).

Signed visits are locked by triggers in the database itself (see the first migration), so
no code path, not even a hand-typed UPDATE in sqlite3, can change them silently. The
full-text index of visit text (`visit_search`, FTS5) is created and kept in step by
triggers too (migration 0005); it has no ORM class: `models/services/search.py` queries it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from models.records import CHART_NUMBER_MAX

# A visit owns its readings, complaints, findings, plan items and scores.
OWNED = "all, delete-orphan"


class Base(DeclarativeBase):
    pass


class Patient(Base):
    __tablename__ = "patient"
    __table_args__ = (
        Index("ix_patient_name", "last_name", "first_name"),
        # The list's order, walked a page at a time (schema 0008).
        Index("ix_patient_list_order", "last_name", "first_name", "chart_number", "archived"),
        # One chart whatever the case: "r-001" is "R-001" (see models/chart_numbers.py).
        Index("ux_patient_chart_number_nocase", text("chart_number COLLATE NOCASE"), unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chart_number: Mapped[str] = mapped_column(String(CHART_NUMBER_MAX), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    running_profile: Mapped[str] = mapped_column(Text, default="")
    running_goal_km: Mapped[float | None] = mapped_column(Float)  # weekly volume wanted back
    notes: Mapped[str] = mapped_column(Text, default="")
    # The patient agreed to photos for their chart: none is attached without it (0010).
    photo_consent: Mapped[bool] = mapped_column(default=False, server_default=false())
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    visits: Mapped[list[Visit]] = relationship(
        back_populates="patient", order_by="Visit.visit_date, Visit.id"
    )


class Visit(Base):
    __tablename__ = "visit"
    __table_args__ = (
        CheckConstraint("kind IN ('initial', 'follow_up', 'discharge')", name="visit_kind"),
        CheckConstraint("status IN ('draft', 'signed')", name="visit_status"),
        CheckConstraint("adherence_pct BETWEEN 0 AND 100", name="visit_adherence"),
        CheckConstraint("running_km_per_week BETWEEN 0 AND 400", name="visit_km"),
        Index("ix_visit_patient_date", "patient_id", "visit_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="RESTRICT"))
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="follow_up")
    subjective: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    plan_text: Mapped[str] = mapped_column(Text, default="")
    correction: Mapped[str] = mapped_column(Text, default="")
    hypothesis_reasoning: Mapped[str] = mapped_column(Text, default="")
    no_plan_reason: Mapped[str] = mapped_column(Text, default="")
    running_km_per_week: Mapped[float | None] = mapped_column(Float)
    adherence_pct: Mapped[int | None] = mapped_column(Integer)
    next_visit_date: Mapped[date | None] = mapped_column(Date)
    carried_over: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_by: Mapped[str | None] = mapped_column(String(200))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # Set when the signature came in an import: signer and time are the original ones.
    signature_imported_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Counted up by every save of the draft, so a save from a stale copy is noticed (0009).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    patient: Mapped[Patient] = relationship(back_populates="visits")
    readings: Mapped[list[ReadingRow]] = relationship(order_by="ReadingRow.id", cascade=OWNED)
    complaints: Mapped[list[Complaint]] = relationship(order_by="Complaint.id", cascade=OWNED)
    findings: Mapped[list[MuscleFinding]] = relationship(order_by="MuscleFinding.id", cascade=OWNED)
    plan_items: Mapped[list[PlanItem]] = relationship(order_by="PlanItem.position", cascade=OWNED)
    outcomes: Mapped[list[OutcomeScore]] = relationship(order_by="OutcomeScore.id", cascade=OWNED)
    addenda: Mapped[list[Addendum]] = relationship(order_by="Addendum.created_at")
    photos: Mapped[list[Photo]] = relationship(order_by="Photo.id", cascade=OWNED)


class ReadingRow(Base):
    __tablename__ = "reading"
    __table_args__ = (
        CheckConstraint("phase IN ('pre', 'post')", name="reading_phase"),
        CheckConstraint("left_tilt_deg BETWEEN -30 AND 45", name="reading_left_tilt"),
        CheckConstraint("right_tilt_deg BETWEEN -30 AND 45", name="reading_right_tilt"),
        CheckConstraint("rotation_deg BETWEEN -30 AND 30", name="reading_rotation"),
        CheckConstraint("obliquity_deg BETWEEN -30 AND 30", name="reading_obliquity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(4))
    device: Mapped[str] = mapped_column(String(20))
    rater: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(20), default="standing")
    left_tilt_deg: Mapped[float | None] = mapped_column(Float)
    right_tilt_deg: Mapped[float | None] = mapped_column(Float)
    rotation_deg: Mapped[float | None] = mapped_column(Float)
    obliquity_deg: Mapped[float | None] = mapped_column(Float)
    asymmetry: Mapped[str | None] = mapped_column(String(20))
    rotation: Mapped[str | None] = mapped_column(String(20))
    obliquity: Mapped[str | None] = mapped_column(String(20))


class Photo(Base):
    """A photo of the pelvis taken at a visit (schema 0010): locked with its visit when it is
    signed and covered by its content hash. The image and thumbnail are loaded only when
    asked for, so listing a visit's photos reads no pixels."""

    __tablename__ = "photo"
    __table_args__ = (
        CheckConstraint("phase IN ('pre', 'post')", name="photo_phase"),
        CheckConstraint("view IN ('left', 'right', 'posterior', 'anterior')", name="photo_view"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(4))
    view: Mapped[str] = mapped_column(String(10))
    media_type: Mapped[str] = mapped_column(String(20))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    image: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    landmarks: Mapped[str] = mapped_column(Text, default="")  # charting/photo_marks.py JSON
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Complaint(Base):
    __tablename__ = "complaint"
    __table_args__ = (CheckConstraint("pain BETWEEN 0 AND 10", name="complaint_pain"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    region: Mapped[str] = mapped_column(String(40))
    side: Mapped[str] = mapped_column(String(10))
    pain: Mapped[int] = mapped_column(Integer)
    # Brought from the last visit and not re-rated yet (migration 0006).
    carried_over: Mapped[bool] = mapped_column(default=False, server_default=false())


class MuscleFinding(Base):
    __tablename__ = "muscle_finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    muscle: Mapped[str] = mapped_column(String(40))
    side: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(30))
    evidence: Mapped[str] = mapped_column(Text, default="")


class Exercise(Base):
    """The exercise library, synchronised from resources/exercises.json at start-up."""

    __tablename__ = "exercise"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(30), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    target_muscles: Mapped[str] = mapped_column(Text, default="")


class PlanItem(Base):
    __tablename__ = "plan_item"
    __table_args__ = (
        CheckConstraint("sets BETWEEN 1 AND 20", name="plan_sets"),
        CheckConstraint("per_week BETWEEN 1 AND 21", name="plan_per_week"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    hold_s: Mapped[int | None] = mapped_column(Integer)
    per_week: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(10), default="both")
    notes: Mapped[str] = mapped_column(Text, default="")

    exercise: Mapped[Exercise] = relationship()


class OutcomeScore(Base):
    __tablename__ = "outcome_score"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    measure: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200), default="")
    score: Mapped[float] = mapped_column(Float)
    items: Mapped[str] = mapped_column(Text, default="")  # JSON of item answers, if any


class Addendum(Base):
    __tablename__ = "addendum"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="RESTRICT"), index=True)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # The audit event that records it: a trigger refuses an addendum without one (0007).
    audit_event_id: Mapped[int | None] = mapped_column(Integer)


class AuditEvent(Base):
    """Append-only: triggers reject UPDATE and DELETE. `patient_id` names whose chart the
    change belongs to (the patient's own events and their visits'), so a patient's trail is
    read through its index and keeps the events of a discarded draft (migration 0006).
    `prev_hash` and `hash` chain the events (models/audit_chain.py, migration 0007)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    patient_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    # On a clinic server, the role signed in when it was written (set by the server: 0009).
    account: Mapped[str | None] = mapped_column(String(200))
