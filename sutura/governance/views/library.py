"""Pages of the library: the list (with the live tools), a document and its versions, a
version with its consultation and comments, the editor's forms, the file, and the form that
notes a document presented at a meeting. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.access.library import is_editor, may_comment, version_standing
from sutura.access.meetings import meeting_standing
from sutura.accounts.roles import Perm
from sutura.core.downloads import private_download
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.governance.forms import library as forms
from sutura.governance.selectors import library as selectors
from sutura.governance.services import library as services
from sutura.meetings.models import Meeting

# The meeting page's URL name (the meetings app's): the first that exists is used.
MEETING_PAGES = ("meetings:detail", "meetings:meeting")


def _url(name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs=kwargs)


def _form_page(
    request: HttpRequest,
    form: django_forms.Form,
    action: Callable[[], Any],
    *,
    title: str,
    back: tuple[str, str],
    done: str,
    to: Callable[[Any], HttpResponse],
    intro: str = "",
    multipart: bool = False,
) -> HttpResponse:
    """A small form page: on a valid POST call the service; its refusals show on the form."""
    if request.method == "POST" and form.is_valid():
        result = run_service(form, action)
        if result is not None:
            messages.success(request, done)
            return to(result)
    context = {
        "form": form,
        "title": title,
        "back_url": back[0],
        "back_label": back[1],
        "intro": intro,
        "multipart": multipart,
    }
    return render(request, "governance/library_form.html", context)


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    form = forms.LibraryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    context = {
        "form": form,
        "rows": selectors.documents_for(
            request.user, kind=data.get("kind", ""), query=data.get("q", "")
        ),
        "tools": selectors.live_tools(),
        "is_editor": is_editor(request.user),
    }
    return render(request, "governance/library_list.html", context)


@login_required
@idempotent_form
def document_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    form = forms.DocumentForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        lambda: services.create_document(request.user, **form.cleaned_data),
        title=_("New document"),
        back=(_url("library:list"), _("Library of SOPs and tools")),
        done=_("The document has been added: now add its first version."),
        to=lambda document: redirect("library:document", document_id=document.pk),
    )


@login_required
def document_detail(request: HttpRequest, document_id: Any) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    document = selectors.document_for(request.user, document_id)
    versions = selectors.versions_of(request.user, document)
    validated = next((v for v in versions if v.status == "validated"), None)
    current = validated or next(iter(versions), None)
    context = {
        "document": document,
        "versions": [(v, selectors.share_of(v)) for v in versions],
        "validated": validated,
        "share": selectors.share_of(current) if current else None,
        "share_version": current,
        "open_version": next((v for v in versions if v.is_open), None),
        "is_editor": is_editor(request.user),
    }
    return render(request, "governance/library_document.html", context)


@login_required
def document_edit(request: HttpRequest, document_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    document = selectors.document_for(request.user, document_id)
    initial = {name: getattr(document, name) for name in services.DOCUMENT_FIELDS}
    initial |= {"owner": document.owner_id, "version": document.version}
    form = forms.DocumentEditForm(request.POST or None, initial=initial, user=request.user)

    def save() -> Any:
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return services.update_document(request.user, document, expected_version=version, **data)

    return _form_page(
        request,
        form,
        save,
        title=_("Edit the document"),
        back=(_url("library:document", document_id=document.pk), document.title),
        done=_("The document has been saved."),
        to=lambda saved: redirect("library:document", document_id=saved.pk),
    )


@login_required
@idempotent_form
def version_new(request: HttpRequest, document_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    document = selectors.document_for(request.user, document_id)
    form = forms.VersionForm(request.POST or None, request.FILES or None)
    return _form_page(
        request,
        form,
        lambda: services.add_version(
            request.user,
            document,
            upload=form.cleaned_data.get("file"),
            changes=form.cleaned_data.get("changes", ""),
        ),
        title=_("New version of %(title)s") % {"title": document.title},
        back=(_url("library:document", document_id=document.pk), document.title),
        done=_("The new version has been added as a draft."),
        to=lambda version: redirect("library:version", version_id=version.pk),
        multipart=True,
    )


@login_required
def version_detail(request: HttpRequest, version_id: Any) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    version = selectors.version_for(request.user, version_id)
    standing = version_standing(request.user, version)
    consultation = selectors.consultation_of(request.user, version)
    context = {
        "version": version,
        "document": version.document,
        "standing": standing,
        "consultation": consultation,
        "comments": selectors.comments_of(request.user, version),
        "share": selectors.share_of(version),
        "may_comment": consultation is not None
        and version.status == "consultation"
        and may_comment(request.user, version),
        "answer_form": forms.AnswerForm,
    }
    return render(request, "governance/library_version.html", context)


@login_required
def version_file(request: HttpRequest, version_id: Any) -> FileResponse:
    """A version's file, served only after the access layer said yes."""
    require(request.user, Perm.VIEW_GOVERNANCE)
    version = selectors.version_for(request.user, version_id)
    if not version.file:
        raise Http404
    return private_download(version.file, version.original_name, version.content_type)


@login_required
def replace_file(request: HttpRequest, version_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    version = selectors.version_for(request.user, version_id)
    form = forms.ReplaceFileForm(request.POST or None, request.FILES or None)
    return _form_page(
        request,
        form,
        lambda: services.replace_file(request.user, version, upload=form.cleaned_data["file"]),
        title=_("Replace the file"),
        back=(_url("library:version", version_id=version.pk), str(version)),
        done=_("The file has been replaced."),
        to=lambda saved: redirect("library:version", version_id=saved.pk),
        multipart=True,
    )


@login_required
@idempotent_form
def consult(request: HttpRequest, version_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    version = selectors.version_for(request.user, version_id)
    form = forms.ConsultationForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        lambda: services.open_consultation(request.user, version, **form.cleaned_data),
        title=_("Consult organisations"),
        back=(_url("library:version", version_id=version.pk), str(version)),
        done=_("The consultation is open: the organisations consulted can read and comment."),
        to=lambda consultation: redirect("library:version", version_id=version.pk),
        intro=_(
            "The staff of the organisations you choose read this version and comment on it "
            "between the two dates."
        ),
    )


@login_required
@idempotent_form
def comment(request: HttpRequest, version_id: Any) -> HttpResponse:
    require(request.user, Perm.COMMENT_DOCUMENTS)
    version = selectors.version_for(request.user, version_id)
    consultation = selectors.consultation_of(request.user, version)
    if consultation is None or not may_comment(request.user, version):
        raise PermissionDenied
    form = forms.CommentForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: services.add_comment(request.user, consultation, **form.cleaned_data),
        title=_("Comment on %(version)s") % {"version": version},
        back=(_url("library:version", version_id=version.pk), str(version)),
        done=_("Your comment has been added."),
        to=lambda saved: redirect("library:version", version_id=version.pk),
    )


@login_required
def answer(request: HttpRequest, comment_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    found = selectors.comment_for(request.user, comment_id)
    version = found.consultation.version
    initial = {"integration": found.integration, "reply": found.reply, "version": found.version}
    form = forms.AnswerForm(request.POST or None, initial=initial)

    def save() -> Any:
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        return services.answer_comment(request.user, found, expected_version=expected, **data)

    return _form_page(
        request,
        form,
        save,
        title=_("Answer the comment"),
        back=(_url("library:version", version_id=version.pk), str(version)),
        done=_("Your answer has been saved."),
        to=lambda saved: redirect("library:version", version_id=version.pk),
        intro=found.text,
    )


@login_required
def validate(request: HttpRequest, version_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    version = selectors.version_for(request.user, version_id)
    meetings = selectors.meetings_for_validation(request.user)
    form = forms.ValidationForm(request.POST or None, meetings=meetings)
    return _form_page(
        request,
        form,
        lambda: services.validate_version(request.user, version, **form.cleaned_data),
        title=_("Validate %(version)s") % {"version": version},
        back=(_url("library:version", version_id=version.pk), str(version)),
        done=_("The version is validated; the one validated before it is now superseded."),
        to=lambda saved: redirect("library:document", document_id=saved.document_id),
        intro=_("Validation workshops come first in the list of meetings."),
    )


@login_required
@idempotent_form
def present(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    """Note a document presented at a meeting (the section of the meeting's page posts here)."""
    meeting = selectors.meeting_for(request.user, meeting_id)
    if not meeting_standing(request.user, meeting).records:
        raise PermissionDenied
    form = forms.PresentForm(
        request.POST or None, versions=selectors.readable_versions(request.user)
    )
    return _form_page(
        request,
        form,
        lambda: services.present_document(request.user, meeting, **form.cleaned_data),
        title=_("Document presented at %(meeting)s") % {"meeting": meeting.title},
        back=(_meeting_url(meeting), meeting.title),
        done=_("The document has been added to the meeting."),
        to=lambda saved: redirect(_meeting_url(meeting)),
    )


def _meeting_url(meeting: Meeting) -> str:
    """The meeting's page (the meetings app's, by URL name), or the library without one."""
    for name in MEETING_PAGES:
        try:
            return reverse(name, kwargs={"pk": meeting.pk})
        except NoReverseMatch:
            continue
    return reverse("library:list")
