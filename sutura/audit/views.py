from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.audit.forms import AuditFilterForm
from sutura.audit.selectors import audit_entries_for


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_AUDIT_LOG)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_entries_for(request.user, filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/list.html", context)
