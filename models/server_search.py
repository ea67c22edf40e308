"""What SQLite keeps in step by triggers (schemas 0005 and 0008), on a PostgreSQL clinic
server (schema 0009): the words of each visit, the words that find a patient, and which
patients' stored hold verdicts are out of date.

The tables hold what their SQLite counterparts hold, so the services read them the same
way; only the lookup differs (models/services/search.py, patient_search.py): a visit's
words are matched through a `tsvector` (the `simple` configuration: every word kept, none
stemmed, as FTS5's unicode61 does), a patient's by substring through a trigram index when
the server offers `pg_trgm`.
"""

from __future__ import annotations

NEWLINE = "chr(10)"
VISIT_DOCUMENT = f"""SELECT v.id,
  v.subjective || {NEWLINE} || v.objective || {NEWLINE} || v.assessment || {NEWLINE}
    || v.plan_text || {NEWLINE} || v.correction || {NEWLINE} || v.no_plan_reason,
  v.hypothesis_reasoning || {NEWLINE} || coalesce((
    SELECT string_agg(replace(f.muscle, '_', ' ') || ' ' || f.evidence, {NEWLINE} ORDER BY f.id)
    FROM muscle_finding f WHERE f.visit_id = v.id), ''),
  coalesce((
    SELECT string_agg(replace(c.region, '_', ' ') || ' (' || c.side || ')', {NEWLINE}
      ORDER BY c.id)
    FROM complaint c WHERE c.visit_id = v.id), ''),
  coalesce((
    SELECT string_agg(a.text || {NEWLINE} || a.reason, {NEWLINE} ORDER BY a.id)
    FROM addendum a WHERE a.visit_id = v.id), '')
FROM visit v"""
VISIT_COLUMNS = "visit_id, notes, hypothesis, complaints, addenda"
PATIENT_WORDS = (
    f"p.first_name || ' ' || p.last_name || {NEWLINE} || p.chart_number || {NEWLINE}"
    f" || coalesce(to_char(p.date_of_birth, 'YYYY-MM-DD'), '') || {NEWLINE}"
    " || coalesce(to_char(p.date_of_birth, 'DD.MM.YYYY'), '')"
)
TABLES = (
    """CREATE TABLE visit_search (
    visit_id INTEGER PRIMARY KEY,
    notes TEXT NOT NULL, hypothesis TEXT NOT NULL, complaints TEXT NOT NULL,
    addenda TEXT NOT NULL,
    words tsvector GENERATED ALWAYS AS (to_tsvector('simple',
        notes || ' ' || hypothesis || ' ' || complaints || ' ' || addenda)) STORED
)""",
    "CREATE INDEX ix_visit_search_words ON visit_search USING gin (words)",
    "CREATE TABLE patient_search (patient_id INTEGER PRIMARY KEY, words TEXT NOT NULL)",
    f"""CREATE FUNCTION holdfast_reindex_visit(target integer) RETURNS void
LANGUAGE sql AS $body$
DELETE FROM visit_search WHERE visit_id = target;
INSERT INTO visit_search ({VISIT_COLUMNS}) {VISIT_DOCUMENT} WHERE v.id = target;
$body$""",
    """CREATE FUNCTION holdfast_mark_stale(target integer) RETURNS void
LANGUAGE sql AS $body$
INSERT INTO hold_stale (patient_id) SELECT target WHERE target IS NOT NULL
ON CONFLICT DO NOTHING;
$body$""",
)
# The trigram index, when the server has pg_trgm (a trusted extension since PostgreSQL 13:
# the database's owner may create it). Without it a search reads the whole table.
# On the words themselves, not lower(words): the search asks with ILIKE (SQLAlchemy's
# icontains), which the trigram index answers whatever the case.
TRIGRAM_INDEX = (
    "CREATE INDEX ix_patient_search_words ON patient_search USING gin (words gin_trgm_ops)"
)
FILL = (
    f"INSERT INTO visit_search ({VISIT_COLUMNS}) {VISIT_DOCUMENT}",
    f"INSERT INTO patient_search (patient_id, words) SELECT p.id, {PATIENT_WORDS} FROM patient p",
    "INSERT INTO hold_stale (patient_id) SELECT id FROM patient ON CONFLICT DO NOTHING",
)

NOTE_COLUMNS = (
    "subjective, objective, assessment, plan_text, correction, no_plan_reason, hypothesis_reasoning"
)
SEARCH_VISIT = """
IF TG_OP = 'DELETE' THEN DELETE FROM visit_search WHERE visit_id = OLD.id; RETURN NULL; END IF;
PERFORM holdfast_reindex_visit(NEW.id);
RETURN NULL;"""
SEARCH_CHILD = """
IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM holdfast_reindex_visit(OLD.visit_id); END IF;
IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM holdfast_reindex_visit(NEW.visit_id); END IF;
RETURN NULL;"""
SEARCH_PATIENT = f"""
DELETE FROM patient_search WHERE patient_id = OLD.id OR patient_id = NEW.id;
IF TG_OP <> 'DELETE' THEN
  INSERT INTO patient_search (patient_id, words)
  SELECT p.id, {PATIENT_WORDS} FROM patient p WHERE p.id = NEW.id;
END IF;
RETURN NULL;"""
STALE_VISIT = """
IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM holdfast_mark_stale(OLD.patient_id); END IF;
IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM holdfast_mark_stale(NEW.patient_id); END IF;
RETURN NULL;"""
STALE_CHILD = """
IF TG_OP IN ('UPDATE', 'DELETE') THEN
  PERFORM holdfast_mark_stale((SELECT patient_id FROM visit WHERE id = OLD.visit_id));
END IF;
IF TG_OP IN ('INSERT', 'UPDATE') THEN
  PERFORM holdfast_mark_stale((SELECT patient_id FROM visit WHERE id = NEW.visit_id));
END IF;
RETURN NULL;"""
STALE_PATIENT = """
PERFORM holdfast_mark_stale(OLD.id);
RETURN NULL;"""

_EVERY_CHANGE = "AFTER INSERT OR UPDATE OR DELETE"
SEARCH_FUNCTIONS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "holdfast_search_visit": (
        SEARCH_VISIT,
        [("visit_search_visit", f"AFTER INSERT OR UPDATE OF {NOTE_COLUMNS} OR DELETE", "visit")],
    ),
    "holdfast_search_child": (
        SEARCH_CHILD,
        [(f"visit_search_{t}", _EVERY_CHANGE, t) for t in ("complaint", "muscle_finding")]
        + [("visit_search_addendum", "AFTER INSERT", "addendum")],
    ),
    "holdfast_search_patient": (
        SEARCH_PATIENT,
        [
            (
                "patient_search_patient",
                "AFTER INSERT OR UPDATE OF first_name, last_name, chart_number, date_of_birth"
                " OR DELETE",
                "patient",
            )
        ],
    ),
    "holdfast_stale_visit": (
        STALE_VISIT,
        [
            (
                "hold_stale_visit",
                "AFTER INSERT OR UPDATE OF patient_id, visit_date, status OR DELETE",
                "visit",
            )
        ],
    ),
    "holdfast_stale_child": (
        STALE_CHILD,
        [(f"hold_stale_{t}", _EVERY_CHANGE, t) for t in ("reading", "plan_item")],
    ),
    "holdfast_stale_patient": (
        STALE_PATIENT,
        [("hold_stale_patient_delete", "AFTER DELETE", "patient")],
    ),
}
# Schema 0011: pain, running volume, the visit kind and the booked visit decide a course's
# stage, so they mark it stale too, through the same functions as above.
COURSE_STALE_FUNCTIONS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "holdfast_stale_visit": (
        STALE_VISIT,
        [
            (
                "hold_stale_visit_course",
                "AFTER UPDATE OF kind, running_km_per_week, next_visit_date",
                "visit",
            )
        ],
    ),
    "holdfast_stale_child": (STALE_CHILD, [("hold_stale_complaint", _EVERY_CHANGE, "complaint")]),
}
