"""The worked examples of rss.md §5 as answers to the form (shared by the tests and the demo's
checks)."""

from __future__ import annotations

EXAMPLE_A: dict[str, str] = {
    # economic
    "q1": "satisfied",
    "q2": "sometimes",
    "q3": "yes",
    "q4": "rarely",
    "q5": "spending_larger",
    "q6": "fair",
    "q7": "yes",
    "q8": "any_asset",
    "q9": "no",
    # social
    "q10": "good",
    "q11": "fair",
    "q12": "good",
    "q13": "some",
    "q14": "poor",
    "q15": "yes",
    "q16": "fair",
    "q17": "very_good",
    "q18": "fair",
    "q19": "poor",
    # psychosocial
    "q21": "sometimes",
    "q22": "good",
    "q23": "somewhat_agree",
    "q24": "safe_mostly",
    "q25": "rarely",
    "q26": "never",
    "q27": "sometimes",
    "q28": "no",
    "q29": "yes",
}

EXAMPLE_B: dict[str, str] = {
    "q1": "dissatisfied",
    "q2": "often",
    "q3": "no",
    "q4": "sometimes",
    "q5": "no_debt",
    "q6": "poor",
    "q7": "not_applicable",
    "q8": "none",
    "q9": "yes",
    "q10": "fair",
    "q11": "poor",
    "q12": "fair",
    "q13": "no_school_age_children",
    "q14": "poor",
    "q15": "no",
    "q16": "poor",
    "q17": "fair",
    "q18": "poor",
    "q19": "dont_know",
    "q21": "rarely",
    "q22": "prefer_not_to_answer",
    "q23": "neither",
    "q24": "neutral",
    "q25": "sometimes",
    "q26": "sometimes",
    "q27": "often",
    "q28": "yes",
    "q29": "no",
    "q30": "need_to_leave",
}

# Example C: B with Q17 (drinking water) very good.
EXAMPLE_C: dict[str, str] = {**EXAMPLE_B, "q17": "very_good"}
