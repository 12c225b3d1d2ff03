"""Meeting contexts: each one registered by the app that owns it, with the rule of who may
open its page (a meeting's breadcrumb links there only for them)."""

from __future__ import annotations

from sutura.meetings import contexts


def test_every_context_with_a_page_says_who_may_open_it() -> None:
    registered = contexts.all_contexts()
    assert {context.code for context in registered} >= {
        "committee",
        "protocol_consultation",
        "community",
        "peer_group",
        "case_conference",
    }
    for context in registered:
        assert not context.url_name or context.opens is not None, context.code


def test_a_context_without_a_rule_is_never_linked() -> None:
    class Row:
        context_kind = "nowhere"
        context_id = "00000000-0000-0000-0000-000000000001"

    contexts._CONTEXTS["nowhere"] = contexts.Context("nowhere", "Nowhere", "core:home")
    try:
        assert contexts.url_for(Row(), user=None) == ""
    finally:
        del contexts._CONTEXTS["nowhere"]
