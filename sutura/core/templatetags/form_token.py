"""`{% form_token %}`: the hidden field that makes a create form's double submit create once
(see `sutura.core.idempotency`). The shared form includes render it, so every form has one."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from sutura.core.idempotency import FORM_TOKEN, new_form_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_TOKEN, new_form_token())
