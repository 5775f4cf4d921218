"""What column names and small vocabularies say about personal data: name hints, honorifics, given names, sex values."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NameHint:
    """A column name that suggests a kind of personal data, with how sure the name alone makes us."""

    pii_type: str
    confidence: float
    words: str  # the words of the column name that matched


# Whole words of a column name (after splitting camelCase, _, -, spaces) -> (pii_type, confidence).
_WORD_HINTS: dict[str, tuple[str, float]] = {
    "email": ("email", 0.6),
    "mail": ("email", 0.4),
    "phone": ("phone", 0.6),
    "telephone": ("phone", 0.6),
    "mobile": ("phone", 0.5),
    "fax": ("phone", 0.5),
    "ssn": ("ssn", 0.7),
    "iban": ("iban", 0.7),
    "passport": ("national_id", 0.6),
    "nino": ("national_id", 0.6),
    "ip": ("ip_address", 0.5),
    "zip": ("postal_code", 0.6),
    "zipcode": ("postal_code", 0.6),
    "postcode": ("postal_code", 0.6),
    "plz": ("postal_code", 0.5),
    "dob": ("date_of_birth", 0.7),
    "birthdate": ("date_of_birth", 0.7),
    "birthday": ("date_of_birth", 0.7),
    "age": ("age", 0.8),
    "sex": ("sex", 0.8),
    "gender": ("sex", 0.8),
    "firstname": ("person_name", 0.6),
    "lastname": ("person_name", 0.6),
    "surname": ("person_name", 0.6),
    "forename": ("person_name", 0.6),
    "fullname": ("person_name", 0.6),
    "username": ("online_identifier", 0.5),
    "login": ("online_identifier", 0.4),
    "address": ("address", 0.5),
    "street": ("address", 0.5),
    "latitude": ("geolocation", 0.5),
    "longitude": ("geolocation", 0.5),
    "lat": ("geolocation", 0.4),
    "lon": ("geolocation", 0.4),
    "lng": ("geolocation", 0.4),
    "marital": ("marital_status", 0.7),
    "married": ("marital_status", 0.7),
    "relationship": ("marital_status", 0.5),
    "spouse": ("marital_status", 0.5),
    "nationality": ("nationality", 0.7),
    "citizenship": ("nationality", 0.7),
    "birthplace": ("nationality", 0.6),
    "occupation": ("occupation", 0.6),
    "job": ("occupation", 0.5),
    "profession": ("occupation", 0.6),
    "education": ("education", 0.5),
    "race": ("racial_or_ethnic_origin", 0.8),
    "ethnicity": ("racial_or_ethnic_origin", 0.8),
    "ethnic": ("racial_or_ethnic_origin", 0.8),
    "hispanic": ("racial_or_ethnic_origin", 0.7),
    "religion": ("religion", 0.8),
    "religious": ("religion", 0.8),
    "faith": ("religion", 0.6),
    "political": ("political_opinion", 0.7),
    "party": ("political_opinion", 0.4),
    "union": ("trade_union", 0.6),
    "orientation": ("sexual_orientation", 0.5),
    "sexuality": ("sexual_orientation", 0.8),
    "genotype": ("genetic_or_biometric", 0.7),
    "dna": ("genetic_or_biometric", 0.7),
    "biometric": ("genetic_or_biometric", 0.7),
    "fingerprint": ("genetic_or_biometric", 0.5),
    "diagnosis": ("health", 0.8),
    "disease": ("health", 0.7),
    "illness": ("health", 0.7),
    "medical": ("health", 0.6),
    "medication": ("health", 0.7),
    "health": ("health", 0.6),
    "symptom": ("health", 0.7),
    "symptoms": ("health", 0.7),
    "cholesterol": ("health", 0.7),
    "chol": ("health", 0.6),
    "glucose": ("health", 0.6),
    "bmi": ("health", 0.6),
    "diabetes": ("health", 0.7),
    "pregnant": ("health", 0.7),
    "pregnancies": ("health", 0.7),
    "disability": ("health", 0.7),
    "smoker": ("health", 0.6),
    "hiv": ("health", 0.8),
    "criminal": ("criminal_record", 0.7),
    "conviction": ("criminal_record", 0.7),
    "convictions": ("criminal_record", 0.7),
}
# Pairs of words -> (pii_type, confidence); checked before single words.
_PAIR_HINTS: dict[tuple[str, str], tuple[str, float]] = {
    ("first", "name"): ("person_name", 0.7),
    ("last", "name"): ("person_name", 0.7),
    ("full", "name"): ("person_name", 0.7),
    ("given", "name"): ("person_name", 0.7),
    ("family", "name"): ("person_name", 0.7),
    ("user", "name"): ("online_identifier", 0.5),
    ("social", "security"): ("ssn", 0.7),
    ("date", "birth"): ("date_of_birth", 0.7),
    ("birth", "date"): ("date_of_birth", 0.7),
    ("native", "country"): ("nationality", 0.6),
    ("country", "birth"): ("nationality", 0.6),
    ("card", "number"): ("credit_card", 0.5),
    ("credit", "card"): ("credit_card", 0.6),
    ("account", "number"): ("account_number", 0.6),
    ("ip", "address"): ("ip_address", 0.6),
    ("postal", "code"): ("postal_code", 0.6),
    ("blood", "pressure"): ("health", 0.7),
    ("heart", "rate"): ("health", 0.7),
    ("sexual", "orientation"): ("sexual_orientation", 0.8),
    ("patient", "id"): ("account_number", 0.6),
    ("customer", "id"): ("account_number", 0.5),
    ("member", "id"): ("account_number", 0.5),
    ("national", "id"): ("national_id", 0.6),
    ("driver", "license"): ("national_id", 0.6),
    ("tax", "id"): ("national_id", 0.5),
}
# A bare "name" is a person's name unless another word says whose (a file, a column, a species...).
_NOT_A_PERSON = frozenset(
    "file column col field table host user species product company study zone street city country brand model "
    "domain display item project dataset feature class category group team store shop vendor station place "
    "location region town state county borough variable app device server path key sheet".split()
)
_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])")

HONORIFICS = frozenset(
    "mr mrs miss ms mx dr master rev prof sir madam mme mlle don dona col major capt lady countess jonkheer "
    "herr frau sr sra srta".split()
)
# Common given names (US, UK and European usage): a value-level signal for person names.
GIVEN_NAMES = frozenset(
    """james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony
    mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan
    jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander
    patrick frank raymond jack dennis jerry tyler aaron jose adam nathan henry peter zachary douglas harold
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra
    ashley kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca sharon laura cynthia
    kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel
    carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina
    joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances
    kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella
    theresa diana natalie brittany charlotte marie kayla alexis lori juan carlos luis miguel jorge pedro ana
    carmen rosa lucia sofia giulia marco luca giuseppe francesco hans klaus anna lena jan piotr olga ivan
    mohammed ahmed ali fatima wei li yan mei hiroshi yuki akira sven lars ingrid erik pierre jean louis marie
    claire sophie camille""".split()
)
_SEX_VALUES = frozenset("male female m f man woman men women boy girl other non-binary nonbinary diverse x".split())


def name_words(column: str) -> list[str]:
    """The lower-case words of a column name: 'dateOfBirth' -> ['date', 'of', 'birth']."""
    return [w.lower() for w in _SPLIT.split(str(column)) if w]


def name_hint(column: str) -> NameHint | None:
    """What the column's name alone suggests, or None."""
    words = [w for w in name_words(column) if w not in ("of", "the", "a")]
    for pair in zip(words, words[1:], strict=False):
        if pair in _PAIR_HINTS:
            pii_type, confidence = _PAIR_HINTS[pair]
            return NameHint(pii_type, confidence, " ".join(pair))
    for word in words:
        if word in _WORD_HINTS:
            pii_type, confidence = _WORD_HINTS[word]
            return NameHint(pii_type, confidence, word)
    if "name" in words and not _NOT_A_PERSON.intersection(words):
        return NameHint("person_name", 0.5, "name")
    return None


def looks_like_sex(values: list[str]) -> bool:
    """Two or more distinct values, every one a word for a sex or gender (Male/Female, M/F, ...)."""
    lowered = {v.strip().lower() for v in values}
    return len(lowered) >= 2 and lowered <= _SEX_VALUES
