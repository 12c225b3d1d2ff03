from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sutura.access import get_visible_or_404, visible
from sutura.notifications.models import Notification
from sutura.notifications.services import mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = visible(request.user, Notification)[:100]
    return render(request, "notifications/list.html", {"notifications": notifications})


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: Any) -> HttpResponse:
    notification = get_visible_or_404(request.user, Notification, pk=notification_id)
    mark_read(actor=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:list")
