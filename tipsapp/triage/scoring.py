"""Priority: a number that puts what matters most for the promise on top of the queue.

Weights follow the citizen promise: violence and sexual and domestic crime first, then drugs
among young people, then property crime and traffic, then disorder and the environment.
Something happening now outranks everything, and a resident's new answer outranks that.
"""

from __future__ import annotations

CATEGORY_WEIGHT = {
    "violence": 60,
    "sexual_offence": 60,
    "domestic_violence": 60,
    "drugs": 50,
    "online_abuse": 40,
    "burglary_theft": 40,
    "fraud": 40,
    "traffic": 35,
    "vandalism": 30,
    "disorder": 30,
    "unsafe_environment": 25,
    "other": 10,
}
# The promise's three focus areas get a lift over crimes outside them.
FOCUS_BONUS = {"trygghet": 10, "narkotika": 15, "trafik": 10, "brott": 5}
URGENT_BONUS = 100
SUPPORT_BONUS_EACH = 5
SUPPORT_BONUS_MAX = 30
ATTENTION_BONUS = 1000
MIN_PRIORITY, MAX_PRIORITY = 0, 999
# The least priority of a text no one has read yet because it needs a translation: that of a
# new theft, fraud, traffic or online-abuse tip (45), the middle of what new tips in the focus
# areas get (35 for an unsafe environment up to 70 for violence). Its suggestion is the least
# trustworthy there is (a lexicon that half-understood, often "other" at 10), so the floor puts
# it with ordinary focus-area tips, above every litter or lighting report, but not above what
# the suggestion read as violence, drugs or sexual crime.
TRANSLATION_FLOOR = CATEGORY_WEIGHT["burglary_theft"] + FOCUS_BONUS["brott"]


def priority_score(
    category: str,
    focus_area: str | None,
    urgent: bool,
    supporting: int,
    awaiting_translation: bool = False,
) -> int:
    """The automatic priority; ``awaiting_translation`` lifts it to at least the floor above."""
    score = CATEGORY_WEIGHT.get(category, 10) + FOCUS_BONUS.get(focus_area or "", 0)
    score += URGENT_BONUS if urgent else 0
    score += min(supporting * SUPPORT_BONUS_EACH, SUPPORT_BONUS_MAX)
    if awaiting_translation:
        score = max(score, TRANSLATION_FLOOR)
    return max(MIN_PRIORITY, min(MAX_PRIORITY, score))


def queue_rank(priority: int, attention: bool) -> int:
    return priority + (ATTENTION_BONUS if attention else 0)
