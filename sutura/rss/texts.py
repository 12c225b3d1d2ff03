"""The words of the survey, translatable: the instrument file holds codes and numbers only, this
module the questions and answers in English (rss.md's own translation of the French form),
with their French in the catalogues. A question or answer code without words here fails a
test, so a new instrument version that adds one adds its words too."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DIMENSIONS: dict[str, Promise] = {
    "economic": _("Economic"),
    "social": _("Social"),
    "psychosocial": _("Psychosocial"),
    "composite": _("Composite"),
}

QUESTIONS: dict[str, Promise] = {
    "q1": _("How satisfied are you with your current economic situation?"),
    "q2": _(
        "In the past 30 days, how often did you cut the quantity or quality of your food "
        "because of its cost?"
    ),
    "q3": _("Could you borrow money if you needed to (from any source)?"),
    "q4": _("Do you borrow money, and how often?"),
    "q4b": _("Do you currently have a debt to repay?"),
    "q5": _("On average, which is larger: your monthly spending or your debt?"),
    "q6": _("How would you rate your access to opportunities (employment and training)?"),
    "q7": _(
        "Do you currently work (formal or informal work, self-employed, own farm or business)?"
    ),
    "q8": _("Do you own any productive assets (land, livestock, tools, equipment, a shop)?"),
    "q9": _("Are you currently looking for a job?"),
    "q10": _("How would you rate access to housing in your community?"),
    "q11": _("How would you rate the condition of the housing you live in today?"),
    "q12": _("How would you rate access to education in your community?"),
    "q13": _("Do all the school-age children in your household attend school?"),
    "q14": _("How would you rate access to justice and law enforcement in your community?"),
    "q15": _("Do you have at least one identity document?"),
    "q16": _(
        "How would you rate access to documentation (identity papers, birth certificates) "
        "in your community?"
    ),
    "q17": _("How would you rate access to safe drinking water in your community?"),
    "q18": _("How would you rate access to health care in your community?"),
    "q19": _("How would you rate the quality of the health services available to you?"),
    "q20": _("Access to services (worked out from questions 10, 12, 14, 16, 17 and 18)"),
    "q21": _(
        "How often are you invited to, or do you take part in, social activities in your community?"
    ),
    "q22": _("How would you rate your support network: can you count on it?"),
    "q23": _("Do you feel part of the community where you live?"),
    "q24": _("How physically safe do you and your family feel in your daily activities outside?"),
    "q25": _(
        "Since your return, how often has there been serious tension or conflict in your family?"
    ),
    "q26": _("Have you felt discriminated against since your return?"),
    "q27": _(
        "Do you often feel any of these: anger, sadness, fear, stress, loneliness, low "
        "self-esteem, difficulty concentrating?"
    ),
    "q28": _("Would you like to receive specialised psychological support?"),
    "q29": _("Do you feel able to stay and live in this country?"),
    "q30": _("What makes you feel this way?"),
    "q29_30": _("Able to stay, or leaving by choice rather than necessity (questions 29 and 30)"),
}

# The answers whose words are the same wherever they are offered.
ANSWERS: dict[str, Promise] = {
    "yes": _("Yes"),
    "no": _("No"),
    "dont_know": _("Don't know"),
    "prefer_not_to_answer": _("Prefer not to answer"),
    # the frequency scale F
    "never": _("Never"),
    "rarely": _("Rarely (once a month or less)"),
    "sometimes": _("Sometimes (2–3 times a month)"),
    "often": _("Often (at least once a week)"),
    "very_often": _("Very often (several times a week or daily)"),
    # the rating scale R5
    "very_good": _("Very good"),
    "good": _("Good"),
    "fair": _("Fair"),
    "poor": _("Poor"),
    "very_poor": _("Very poor"),
}

# The answers whose words depend on the question.
QUESTION_ANSWERS: dict[str, dict[str, Promise]] = {
    "q1": {
        "very_satisfied": _("Very satisfied"),
        "satisfied": _("Satisfied"),
        "neutral": _("Neither satisfied nor dissatisfied"),
        "dissatisfied": _("Dissatisfied"),
        "very_dissatisfied": _("Very dissatisfied"),
    },
    "q5": {
        "spending_larger": _("My monthly spending"),
        "debt_larger": _("My debt"),
        "no_debt": _("I have no debts"),
    },
    "q7": {"not_applicable": _("Not applicable (in unpaid training or at school)")},
    "q8": {"any_asset": _("Yes, at least one"), "none": _("None")},
    "q9": {"no": _("No"), "yes": _("Yes")},
    "q13": {
        "all": _("Yes, all of them"),
        "some": _("Some, but not all"),
        "none": _("None of them"),
        "no_school_age_children": _("No school-age children in the household"),
    },
    "q21": {
        "very_often": _("Very often"),
        "often": _("Often"),
        "sometimes": _("Sometimes"),
        "rarely": _("Rarely"),
        "never": _("Never"),
    },
    "q22": {
        "very_good": _("Very good"),
        "good": _("Good"),
        "fair": _("Fair"),
        "bad": _("Bad"),
        "very_bad": _("Very bad"),
    },
    "q23": {
        "strongly_agree": _("Strongly agree"),
        "somewhat_agree": _("Somewhat agree"),
        "neither": _("Neither agree nor disagree"),
        "somewhat_disagree": _("Somewhat disagree"),
        "strongly_disagree": _("Strongly disagree"),
    },
    "q24": {
        "very_safe_always": _("Very safe, all the time"),
        "safe_mostly": _("Safe most of the time"),
        "neutral": _("Neither safe nor unsafe"),
        "unsafe_mostly": _("Unsafe most of the time"),
        "very_unsafe_always": _("Very unsafe, all the time"),
    },
    "q26": {
        "never": _("Never"),
        "rarely": _("Rarely (once)"),
        "sometimes": _("Sometimes (several times)"),
        "often": _("Often (weekly or daily)"),
        "all_the_time": _("All the time"),
    },
    "q30": {
        "wish_to_leave": _("I wish to leave (by choice)"),
        "need_to_leave": _("I need to leave (by necessity)"),
    },
}


def question(qid: str) -> Promise:
    return QUESTIONS[qid]


def answer(qid: str, code: str) -> Promise:
    """The words of an answer code to this question."""
    own = QUESTION_ANSWERS.get(qid, {})
    return own[code] if code in own else ANSWERS[code]


def number(qid: str) -> str:
    """What the form calls the question: "4b", "20", "29+30"."""
    return qid.removeprefix("q").replace("_", "+")
