"""Training pages: pre- and post-test scores, certificates of attendance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sutura.audit.services import record_export
from sutura.core.downloads import private_pdf
from sutura.core.forms import run_service
from sutura.meetings import attendance, pdf, selectors
from sutura.meetings.forms import ScoresForm
from sutura.meetings.views.common import recorded, seen


def _training(request: HttpRequest, pk: Any) -> Any:
    meeting = recorded(request, pk)
    if not meeting.kind.is_training:
        raise Http404
    return meeting


@login_required
def scores(request: HttpRequest, pk: Any) -> HttpResponse:
    meeting = _training(request, pk)
    participants = list(selectors.certificates_of(request.user, meeting))
    form = ScoresForm(request.POST or None, participants=participants)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: attendance.record_scores(request.user, meeting, scores=form.scores()),
        )
        if done is not None:
            messages.success(request, _("The scores have been saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/scores.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def certificates(request: HttpRequest, pk: Any) -> HttpResponse:
    """Number the certificates of everyone who attended."""
    meeting = _training(request, pk)
    new = attendance.issue_certificates(request.user, meeting)
    messages.success(request, _("Certificates numbered: %(count)s new.") % {"count": new})
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
def certificate(request: HttpRequest, pk: Any, participant_id: Any) -> HttpResponse:
    """A participant's certificate of attendance: for those who record the training, and for
    the participant themselves."""
    meeting, standing = seen(request, pk)
    if not meeting.kind.is_training:
        raise Http404
    participant = selectors.participant_for(request.user, meeting, participant_id)
    own = participant.user_id is not None and participant.user_id == request.user.pk
    if not (standing.records or own):
        raise PermissionDenied
    if not participant.attended or not participant.certificate_number:
        raise Http404
    record_export(request.user, obj=participant, detail=gettext_noop("certificate of attendance"))
    content = pdf.certificate(
        participant,
        topics=selectors.meeting_topics(meeting),
        facilitators=list(selectors.facilitators_of(request.user, meeting)),
    )
    return private_pdf(content, participant.certificate_number)
