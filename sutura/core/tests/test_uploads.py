"""Uploads are judged by their whole content, and their files follow the database: written when
the row commits, never left behind by a rollback, and the replaced photo is deleted."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.cases.models import CaseDocument
from sutura.cases.services import records
from sutura.cases.tests.helpers import open_test_case
from sutura.core.uploads import ACCEPTED_DOCUMENTS, ACCEPTED_PHOTOS, check_upload
from sutura.people import services as people
from sutura.people.consent import record_consent
from sutura.people.models import Person
from tests import files
from tests.factories import PersonFactory


def refused(
    name: str, content: bytes, accepted: dict[str, str] = ACCEPTED_DOCUMENTS, language: str = "en"
) -> str:
    with translation.override(language), pytest.raises(ValidationError) as error:
        check_upload(files.upload(name, content), accepted)
    return " ".join(error.value.message_dict["file"])


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.png", files.png, "image/png"),
        ("photo.JPG", files.jpeg, "image/jpeg"),
        ("certificat.pdf", files.pdf, "application/pdf"),
        ("lettre.docx", files.docx, ACCEPTED_DOCUMENTS[".docx"]),
        ("budget.xlsx", files.xlsx, ACCEPTED_DOCUMENTS[".xlsx"]),
        ("rapport.odt", files.odt, ACCEPTED_DOCUMENTS[".odt"]),
    ],
)
def test_genuine_files_of_every_accepted_type_pass(name, content, content_type):
    assert check_upload(files.upload(name, content()), ACCEPTED_DOCUMENTS) == content_type


def test_a_png_header_on_anything_else_is_refused():
    assert "does not match" in refused("p.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)


def test_a_truncated_image_is_refused():
    """verify() alone accepts a JPEG cut short; load() decodes every pixel."""
    assert "does not match" in refused("p.jpg", files.jpeg()[:-40])


def test_an_image_under_another_types_name_is_refused():
    assert "does not match" in refused("p.jpg", files.png())
    assert "does not match" in refused("p.pdf", files.png())


def test_a_pdf_header_on_anything_else_is_refused():
    assert "does not match" in refused("a.pdf", b"%PDF-1.7 hello")


def test_a_pdf_with_javascript_or_an_attached_file_is_refused():
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.pdf())))
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    scripted = io.BytesIO()
    writer.write(scripted)
    assert "scripts" in refused("a.pdf", scripted.getvalue())

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.pdf())))
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    attached = io.BytesIO()
    writer.write(attached)
    assert "scripts" in refused("a.pdf", attached.getvalue())


def test_polyglots_are_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.js", "alert(1)")
    assert "another file" in refused("p.png", files.png() + archive.getvalue())
    assert "another file" in refused("a.pdf", files.pdf() + archive.getvalue())
    # data in front of an office file: a picture that unzips into a document
    assert "does not match" in refused("d.docx", files.png() + files.docx())


def test_office_files_must_be_sound_containers_of_the_right_kind():
    assert "does not match" in refused("d.docx", files.xlsx())  # a spreadsheet named .docx
    assert "does not match" in refused("d.odt", files.docx())
    broken = bytearray(files.docx())
    broken[60] ^= 0xFF  # damage a compressed member: its checksum fails
    assert "does not match" in refused("d.docx", bytes(broken))
    with_macros = io.BytesIO()
    with zipfile.ZipFile(with_macros, "w") as z:
        z.writestr("[Content_Types].xml", files.DOCX_TYPES)
        z.writestr("word/vbaProject.bin", "Sub AutoOpen()")
    assert "macros" in refused("d.docx", with_macros.getvalue())


def test_photos_accept_images_only():
    assert "Accepted files" in refused("a.pdf", files.pdf(), ACCEPTED_PHOTOS)


def test_the_message_is_in_french_for_french_users():
    assert "ne correspond pas" in refused("p.png", b"\x89PNG\r\n\x1a\n", language="fr")


# --- storage follows the database ------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


@pytest.mark.django_db
def test_a_document_is_written_only_when_its_row_commits(users_a, media):
    case = open_test_case(users_a[Role.CASE_MANAGER])
    with files.committed():
        document = upload_document(users_a, case)
        assert stored(media) == []  # not before the commit
    assert stored(media) == [document.file.name]
    assert default_storage.open(document.file.name).read() == files.pdf()


@pytest.mark.django_db
def test_a_save_rolled_back_midway_leaves_no_file_and_no_row(users_a, media):
    case = open_test_case(users_a[Role.CASE_MANAGER])
    with files.committed(), pytest.raises(RuntimeError), transaction.atomic():
        upload_document(users_a, case)
        raise RuntimeError("the request fails after the upload")
    assert stored(media) == []
    assert not CaseDocument.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_a_failed_write_after_the_commit_removes_the_row(users_a, media, monkeypatch):
    case = open_test_case(users_a[Role.CASE_MANAGER])

    def disk_full(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(default_storage, "save", disk_full)
    with pytest.raises(OSError), files.committed():
        upload_document(users_a, case)
    assert not CaseDocument.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_a_replaced_photo_leaves_no_old_file(users_a, media):
    actor = users_a[Role.CASE_MANAGER]
    person = PersonFactory.create(organisation=actor.organisation)
    record_consent(actor=actor, person=person, purpose="photo", status="given", method="verbal")
    with files.committed():
        people.set_photo(actor=actor, person=person, upload=files.png_upload())
    first = Person.objects.get(pk=person.pk).photo.name
    with files.committed():
        people.set_photo(
            actor=actor, person=person, upload=files.upload("p.jpg", files.jpeg(), "image/jpeg")
        )
    second = Person.objects.get(pk=person.pk).photo.name
    assert second != first and stored(media) == [second]


@pytest.mark.django_db
def test_a_photo_replacement_rolled_back_keeps_the_old_photo(users_a, media):
    actor = users_a[Role.CASE_MANAGER]
    person = PersonFactory.create(organisation=actor.organisation)
    record_consent(actor=actor, person=person, purpose="photo", status="given", method="verbal")
    with files.committed():
        people.set_photo(actor=actor, person=person, upload=files.png_upload())
    first = Person.objects.get(pk=person.pk).photo.name
    with files.committed(), pytest.raises(RuntimeError), transaction.atomic():
        people.set_photo(actor=actor, person=person, upload=files.png_upload())
        raise RuntimeError
    assert Person.objects.get(pk=person.pk).photo.name == first
    assert stored(media) == [first]


def upload_document(users, case):
    return records.upload_document(
        actor=users[Role.CASE_MANAGER],
        case=case,
        upload=files.pdf_upload(),
        description="Certificat",
        confidentiality="normal",
    )
