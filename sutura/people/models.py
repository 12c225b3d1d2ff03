"""The people whose files we hold: identity, contacts, household, documents, consent."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.people.matching import block_keys
from sutura.people.names import phonetic, search_key

# Languages our users' beneficiaries speak (domain notes §9); a deployment may extend the list.
LANGUAGE_CHOICES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("wo", _("Wolof")),
    ("ff", _("Pulaar / Fulfulde")),
    ("srr", _("Serer")),
    ("mnk", _("Mandinka")),
    ("dyo", _("Diola")),
    ("snk", _("Soninke")),
    ("bm", _("Bambara")),
    ("son", _("Songhai")),
    ("tmh", _("Tamasheq")),
    ("dgo", _("Dogon")),
    ("ar", _("Arabic")),
    ("other", _("Other")),
]


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NOT_STATED = "not_stated", _("Not stated")


# The earliest date of birth a form or the API takes: a typo of the year (1850 for 1950) would
# otherwise make a person of 176 and move every age group they are counted in.
EARLIEST_BIRTH = date(1900, 1, 1)


def check_birth_date(value: date | None) -> None:
    """A date of birth neither in the future nor before `EARLIEST_BIRTH` (forms, API)."""
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError(_("The date of birth cannot be in the future."), code="future")
    if value < EARLIEST_BIRTH:
        raise ValidationError(
            _("The date of birth cannot be before 1 January 1900: check the year."), code="early"
        )


class Person(AuditedModel, VersionedModel):
    audit_sensitive_fields = frozenset(
        {
            "given_names",
            "family_name",
            "sex",
            "birth_date",
            "birth_date_estimated",
            "nationality",
            "phone",
            "other_phones",
            "place_of_origin",
            "aliases",
            "languages",
            "current_location",
            "current_address",
            "photo",
        }
    )

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="persons",
    )
    given_names = models.CharField(_("given names"), max_length=120)
    family_name = models.CharField(_("family name"), max_length=120)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, default=Sex.NOT_STATED)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_estimated = models.BooleanField(_("date of birth is estimated"), default=False)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    aliases = ArrayField(
        models.CharField(max_length=120),
        verbose_name=_("other spellings and aliases"),
        default=list,
        blank=True,
    )
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    other_phones = ArrayField(
        models.CharField(max_length=20), verbose_name=_("other phones"), default=list, blank=True
    )
    current_location = models.ForeignKey(
        "geo.Location",
        verbose_name=_("current place of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_address = models.CharField(_("current address"), max_length=250, blank=True)
    photo = models.FileField(_("photo"), upload_to="photos/%Y/%m/", blank=True)
    # Maintained by save(): the name keys that search and duplicate detection match on.
    search_key = models.TextField(editable=False, default="")
    # Maintained by save(): the blocking keys of duplicate detection (matching.block_keys): a
    # candidate shares at least one key, a phone or a document number with the new person.
    block_keys = ArrayField(models.TextField(), editable=False, default=list)
    # Set when a reviewer merged this file into another (sutura.dedup): the file is hidden from
    # every list and search (access.people), and an undo of the merge clears it.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place_of_origin = models.ForeignKey(
        "geo.Location",
        verbose_name=_("place of origin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_names"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_date__lte=Now()),
                name="people_person_birth_not_in_future",
            )
        ]
        indexes = [
            # Name search within an organisation (btree_gin lets the organisation share the
            # trigram index): at a million people, ~10x fewer rows than a search-key-only index.
            GinIndex(
                F("organisation"),
                OpClass(F("search_key"), name="gin_trgm_ops"),
                name="people_person_org_search_trgm",
            ),
            # Phone search by the end of the number (`phone LIKE '%771234567'`).
            GinIndex(OpClass(F("phone"), name="gin_trgm_ops"), name="people_person_phone_trgm"),
            # Candidates at registration come from `PersonBlockKey` (a narrow table kept by a
            # trigger); the block keys column is what the trigger and the batch read.
            # The other phones, without a pending list (fastupdate): a registration writes
            # into the index at once, and no lookup reads thousands of pending entries one by
            # one (at 100,000 people, 20 ms of a 0.7 ms scan after a bulk load).
            GinIndex(fields=["other_phones"], name="people_person_other_phones", fastupdate=False),
            # The facts an indicator counts a person by (sex, age group, place), read from the
            # index alone when a figure joins a programme's cases to their people: at a million
            # people, a quarterly report's largest query 0.67 → 0.52 s (bench/README.md).
            models.Index(
                fields=["id"],
                include=["sex", "birth_date", "current_location"],
                name="people_person_counted",
            ),
            models.Index(fields=["phone"], name="people_person_phone"),
            # Serves the people list: one organisation's people in alphabetical order.
            models.Index(
                F("organisation"),
                Upper("family_name"),
                F("given_names"),
                F("id"),
                name="people_person_org_alpha",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name.upper()} {self.given_names}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        previous_key = self.search_key
        self.search_key = search_key(self.family_name, self.given_names, *self.aliases)
        self.block_keys = block_keys(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_key", "block_keys"}
        super().save(*args, **kwargs)
        if self.search_key != previous_key or not self.name_words.exists():
            self.index_name_words()

    def index_name_words(self) -> None:
        """Keep the person's rows of the name index in step with their names."""
        words = self.search_key.split()
        self.name_words.all().delete()
        NameWord.objects.bulk_create(
            [NameWord(word=w, phonetic=phonetic(w)) for w in words], ignore_conflicts=True
        )
        PersonNameWord.objects.bulk_create(
            [
                PersonNameWord(organisation_id=self.organisation_id, person=self, word=w)
                for w in words
            ]
        )

    def all_phones(self) -> list[str]:
        return [p for p in [self.phone, *self.other_phones] if p]

    def audit_label(self) -> str:
        # The audit log names a person by identifier only: no names in the log.
        return str(self.pk)[:8]

    @property
    def nationality_name(self) -> str:
        from sutura.geo.countries import country_name

        return country_name(self.nationality) if self.nationality else ""

    def language_labels(self) -> list[str]:
        labels = dict(LANGUAGE_CHOICES)
        return [str(labels.get(code, code)) for code in self.languages]

    def age(self, today: date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        today = today or date.today()  # noqa: DTZ011 - a calendar date, not an instant
        years = today.year - self.birth_date.year
        return years - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))


class HouseholdMember(AuditedModel, TimeStampedModel):
    audit_sensitive_fields = frozenset({"name", "relationship", "birth_year", "sex"})

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household")
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=60)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, default=Sex.NOT_STATED)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    is_dependant = models.BooleanField(_("dependant"), default=False)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class DocumentType(models.TextChoices):
    NATIONAL_ID = "national_id", _("National identity card")
    PASSPORT = "passport", _("Passport")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    CONSULAR_CARD = "consular_card", _("Consular card")
    LAISSEZ_PASSER = "laissez_passer", _("Laissez-passer / travel document")
    OTHER = "other", _("Other")


class IdentityDocument(AuditedModel, TimeStampedModel):
    audit_sensitive_fields = frozenset({"number", "issued_by", "expires_on", "type"})

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField(_("type"), max_length=30, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=60)
    issued_by = models.CharField(_("issued by"), max_length=120, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        # No database uniqueness: two organisations may hold the same real passport, and a
        # global constraint would tell one that the other has it. The service checks within
        # what the user may see.
        indexes = [
            models.Index(fields=["type", "number"], name="people_document_number"),
            # The registration check looks a number up whatever its type.
            models.Index(fields=["number"], name="people_document_any_number"),
        ]

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class ConsentPurpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration and processing")
    REFERRAL = "referral", _("Referral to services")
    SHARING = "sharing", _("Sharing with a named organisation")
    PHOTO = "photo", _("Photograph")


class ConsentStatus(models.TextChoices):
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Verbal")
    WRITTEN = "written", _("Written / signed")
    GUARDIAN = "guardian", _("By parent or guardian")
    # A child without a parent or guardian to consent (an unaccompanied child): registered under
    # a documented best-interests decision, named in `best_interests_basis`.
    BEST_INTERESTS = "best_interests", _("Under a documented best-interests decision")


class Consent(AuditedModel, TimeStampedModel):
    """One decision of a person about one purpose. A later decision supersedes it; nothing is
    overwritten, so the history of what the person agreed to, and when, is kept."""

    audit_sensitive_fields = frozenset({"guardian_name", "childs_views", "best_interests_basis"})

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    shared_with = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation named"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only for consent to share with a named organisation."),
    )
    status = models.CharField(_("decision"), max_length=12, choices=ConsentStatus.choices)
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    childs_views = models.TextField(_("the child's own views"), blank=True)
    best_interests_basis = models.TextField(
        _("best-interests decision relied on"),
        blank=True,
        help_text=_("Who decided, when, and its reference."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("date of the decision"))

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="sharing", shared_with__isnull=False)
                | (~Q(purpose="sharing") & Q(shared_with__isnull=True)),
                name="people_consent_sharing_names_an_organisation",
            )
        ]

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class NameWord(models.Model):
    """Every name key (see names.py) known to Sutura, once: the vocabulary a search expands a
    typed word against, by trigram similarity."""

    personal_data = False  # a vocabulary of folded name words, linked to nobody

    word = models.CharField(max_length=80, primary_key=True)
    # The word's phonetic key (names.phonetic): a typed word finds the known words that sound
    # the same (Diop ~ Jobe) as well as those spelled alike.
    phonetic = models.CharField(max_length=80, default="", db_index=True)
    # How many people (all organisations) carry this key, refreshed in bulk
    # (matching.refresh_frequencies): a shared common name is weak evidence of a duplicate, a
    # rare one strong (term-frequency adjustment).
    people = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [GinIndex(OpClass(F("word"), name="gin_trgm_ops"), name="people_nameword_trgm")]

    def __str__(self) -> str:
        return self.word


class PersonNameWord(models.Model):
    """One name key of one person: a narrow row that a name search reads from its index alone
    (at a million people, ranking the matches of a common name on the wide person rows costs
    ~10x more)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_words")
    word = models.CharField(max_length=80)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "word", "person"], name="people_personword_lookup")
        ]

    def __str__(self) -> str:
        return self.word


class PersonBlockKey(models.Model):
    """One blocking key of one person (`Person.block_keys`, and each of their phones as
    "tel:<number>"): the narrow rows the registration check finds its candidates on from an
    index alone (`people.duplicates`). At a million people, visiting the wide person rows of
    every Mamadou Diallo born around 1990 to count their shared keys took most of a lookup's
    time, and the phone's lookup was planned on the organisation's 200,000 people.

    Kept by PostgreSQL triggers on `people_person` (migration `people/0013`), whatever writes
    the people (a form, a bulk load, a merge, an erasure): one row per distinct key of each
    person not merged into another; none for a merged file. Derived data, never edited: no
    foreign keys (a person's rows go with them by trigger; a merge moves nothing here), no
    audit. Read through the access layer (`access.people`), as the name index is."""

    pk = models.CompositePrimaryKey("person_id", "key")
    person_id = models.UUIDField()
    organisation_id = models.UUIDField()
    key = models.TextField()

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation_id", "key", "person_id"], name="people_blockkey_lookup"
            )
        ]

    def __str__(self) -> str:
        return self.key


class OrganisationNameCount(models.Model):
    """How many of an organisation's people carry a common name word (at least
    `matching.COMMON_WORD_PEOPLE`), as the last bulk recount (`matching.refresh_frequencies`)
    found them: the registration check reads these instead of counting tens of thousands of
    name-index rows for Mamadou or Diallo at each lookup; rarer words are counted live, which
    costs little. A count, never a person: no foreign keys, no audit."""

    pk = models.CompositePrimaryKey("organisation_id", "word")
    organisation_id = models.UUIDField()
    word = models.CharField(max_length=80)
    people = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.word
