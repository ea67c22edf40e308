"""The muscle catalogue and the vocabulary of imbalance findings.

See docs/clinical-model.md#muscle-imbalance-hypothesis.
"""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class MuscleState(StrEnum):
    SHORT_OVERACTIVE = "short_overactive"
    LONG_WEAK_INHIBITED = "long_weak_inhibited"


MUSCLES: dict[str, str] = {
    "iliopsoas": "Iliopsoas",
    "rectus_femoris": "Rectus femoris",
    "tensor_fasciae_latae": "Tensor fasciae latae",
    "adductors": "Adductors",
    "hamstrings": "Hamstrings",
    "gluteus_maximus": "Gluteus maximus",
    "gluteus_medius": "Gluteus medius",
    "piriformis": "Piriformis",
    "quadratus_lumborum": "Quadratus lumborum",
    "erector_spinae": "Erector spinae",
    "multifidus": "Multifidus",
    "transversus_abdominis": "Transversus abdominis",
    "obliques": "Obliques",
    "rectus_abdominis": "Rectus abdominis",
    "calf": "Calf (gastrocnemius and soleus)",
}

# Keyed by the stored value (a MuscleState is its string), so stored text looks up directly.
STATE_WORDS: dict[str, str] = {
    MuscleState.SHORT_OVERACTIVE: "short / overactive",
    MuscleState.LONG_WEAK_INHIBITED: "long / weak / inhibited",
}


def muscle_name(slug: str) -> str:
    """Display name of a catalogue muscle; unknown slugs read as words."""
    return MUSCLES.get(slug, slug.replace("_", " ").capitalize())


def finding_line(muscle: str, side: str, state: str) -> str:
    """'Iliopsoas (left): short / overactive': one finding of the hypothesis on one line; a
    state this version does not know is given as stored."""
    return f"{muscle_name(muscle)} ({side}): {STATE_WORDS.get(state, state)}"
