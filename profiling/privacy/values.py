"""Tests of single values for personal data, through well-kept libraries (phonenumbers, email-validator, python-stdnum)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum import iban, luhn
from stdnum.br import cpf
from stdnum.es import dni
from stdnum.fi import hetu
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.it import codicefiscale
from stdnum.se import personnummer
from stdnum.us import ssn

from profiling.privacy.names import GIVEN_NAMES, HONORIFICS


@dataclass(frozen=True)
class ValueTest:
    """One kind of value: `shape` says it looks like one, `valid` that it passes the library's checks."""

    pii_type: str
    shape: Callable[[str], bool]
    valid: Callable[[str], bool]
    checked_by: str


# Values shaped like a national number, checked by its python-stdnum module (check digits, dates, ranges).
_NATIONAL_IDS: tuple[tuple[str, ModuleType, re.Pattern[str]], ...] = (
    ("ES DNI", dni, re.compile(r"\d{8}-?[A-Z]")),
    ("IT codice fiscale", codicefiscale, re.compile(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]")),
    ("BR CPF", cpf, re.compile(r"\d{3}\.\d{3}\.\d{3}-\d{2}")),
    ("FI henkilötunnus", hetu, re.compile(r"\d{6}[-+A]\d{3}[0-9A-Y]")),
    ("SE personnummer", personnummer, re.compile(r"\d{6}[-+]\d{4}")),
    ("FR NIR", nir, re.compile(r"[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}")),
    ("GB NHS number", nhs, re.compile(r"\d{3} \d{3} \d{4}")),
)
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[\d(][\d\s().\-]{5,22}\d")
_PHONE_FORMATTED = re.compile(r"^\+|[\s().\-]")
_DATE_LIKE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_SSN = re.compile(r"\d{3}-\d{2}-\d{4}")
_CARD = re.compile(r"\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}|\d{4}[ -]?\d{6}[ -]?\d{5}")
_IBAN = re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}")
_IPV4 = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}")
_IPV6 = re.compile(r"[0-9A-Fa-f:]{2,39}")
_POSTAL = re.compile(
    r"\d{5}-\d{4}"  # US ZIP+4
    r"|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"  # UK postcode
    r"|[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d"  # Canadian postal code
)
_ZIP5 = re.compile(r"\d{5}")
_LETTERS = r"[^\W\d_](?:[^\W\d_]|['\-])*"  # a word in any script, with apostrophes and hyphens
_NAME_SHAPE = re.compile(rf"{_LETTERS}\.?(?:[ ,]+[(\"]*{_LETTERS}\.?[)\"]*){{1,12}}")
_WORD = re.compile(_LETTERS)
# Card brands by their first digits (IIN ranges): Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro.
_CARD_PREFIX = re.compile(r"4|5[1-5]|2[2-7]|3[47]|6011|65|64[4-9]|35|30[0-5]|36|38|62|50|5[6-8]|6[37]")


def is_email(value: str) -> bool:
    """An address that email-validator accepts (syntax and domain rules; no DNS lookup)."""
    if not _EMAIL.fullmatch(value):
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def is_phone(value: str, *, region: str = "US", formatted_only: bool = True) -> bool:
    """A number that phonenumbers finds valid for its country; bare digit runs only when `formatted_only` is off."""
    if not _PHONE.fullmatch(value) or _DATE_LIKE.fullmatch(value) or _SSN.fullmatch(value):
        return False
    if formatted_only and not _PHONE_FORMATTED.search(value):
        return False
    digits = sum(ch.isdigit() for ch in value)
    if not 7 <= digits <= 15:
        return False
    return _valid_phone(value, region)


def is_card_number(value: str) -> bool:
    """A payment card number: 13-19 digits, a known brand prefix and a right Luhn check digit."""
    return card_shape(value) and luhn.is_valid(_digits(value))


def card_shape(value: str) -> bool:
    digits = _digits(value)
    return bool(_CARD.fullmatch(value)) and 13 <= len(digits) <= 19 and bool(_CARD_PREFIX.match(digits))


def iban_shape(value: str) -> bool:
    return bool(_IBAN.fullmatch(value))


def is_iban(value: str) -> bool:
    """An IBAN whose country format and mod-97 check digits python-stdnum accepts."""
    return iban_shape(value) and iban.is_valid(value)


def ssn_shape(value: str) -> bool:
    return bool(_SSN.fullmatch(value))


def is_ssn(value: str) -> bool:
    """A US social security number in its usual 123-45-6789 form, with areas and groups python-stdnum allows."""
    return ssn_shape(value) and ssn.is_valid(value)


def national_id_shape(value: str) -> bool:
    return national_id_kind(value, checked=False) is not None


def is_national_id(value: str) -> bool:
    return national_id_kind(value) is not None


def national_id_kind(value: str, *, checked: bool = True) -> str | None:
    """Which national number this is (its check digits verified when `checked`), or None."""
    for label, module, shape in _NATIONAL_IDS:
        if shape.fullmatch(value) and (not checked or module.is_valid(value)):
            return label
    return None


def ip_shape(value: str) -> bool:
    return bool(_IPV4.fullmatch(value)) or (value.count(":") >= 2 and bool(_IPV6.fullmatch(value)))


def is_ip_address(value: str) -> bool:
    """An IPv4 or IPv6 address (the standard library's parser decides)."""
    if not ip_shape(value):
        return False
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def is_postal_code(value: str, *, allow_zip5: bool = False) -> bool:
    """A US ZIP+4, UK or Canadian postcode; a bare five-digit ZIP only when the column's name says so."""
    return bool(_POSTAL.fullmatch(value.upper())) or (allow_zip5 and bool(_ZIP5.fullmatch(value)))


def is_person_name(value: str) -> bool:
    """Two or more capitalised words with an honorific (Mr., Mrs., Dr., ...) or a common given name among them."""
    value = value.strip()
    if not _NAME_SHAPE.fullmatch(value):
        return False
    found = _WORD.findall(value)
    if sum(w[0].isupper() for w in found) < 2:
        return False
    words = [w.lower() for w in found]
    return any(w in HONORIFICS for w in words) or any(w in GIVEN_NAMES for w in words[:3])


def find_in_text(text: str, *, region: str = "US") -> set[str]:
    """The kinds of personal data written inside a free-text value."""
    found: set[str] = set()
    for pii_type, pattern, test in _IN_TEXT:
        if any(test(m.group(0)) for m in pattern.finditer(text)):
            found.add(pii_type)
    if any(True for _ in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)):
        found.add("phone")
    return found


def value_tests(*, region: str = "US", zip5: bool = False, bare_phone: bool = False) -> tuple[ValueTest, ...]:
    """Every single-value test, in order of specificity (check digits first)."""
    return (
        ValueTest("iban", iban_shape, is_iban, "python-stdnum iban (mod 97)"),
        ValueTest("credit_card", card_shape, is_card_number, "Luhn check digit (python-stdnum)"),
        ValueTest("national_id", national_id_shape, is_national_id, "python-stdnum national number modules"),
        ValueTest("ssn", ssn_shape, is_ssn, "python-stdnum us.ssn"),
        ValueTest("email", _contains_at, is_email, "email-validator"),
        ValueTest("ip_address", ip_shape, is_ip_address, "Python ipaddress"),
        ValueTest(
            "phone",
            lambda v: bool(_PHONE.fullmatch(v)),
            lambda v: is_phone(v, region=region, formatted_only=not bare_phone),
            f"phonenumbers (default region {region})",
        ),
        ValueTest(
            "postal_code",
            lambda v: is_postal_code(v, allow_zip5=zip5),
            lambda v: is_postal_code(v, allow_zip5=zip5),
            "postcode formats (US, UK, CA)",
        ),
        ValueTest("person_name", is_person_name, is_person_name, "honorifics and common given names"),
    )


@lru_cache(maxsize=65_536)
def _valid_phone(value: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, region))
    except phonenumbers.NumberParseException:
        return False


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _contains_at(value: str) -> bool:
    return "@" in value


_IN_TEXT: tuple[tuple[str, re.Pattern[str], Callable[[str], bool]], ...] = (
    ("email", re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"), is_email),
    ("ssn", re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), is_ssn),
    ("credit_card", re.compile(r"\b\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{1,7}\b"), is_card_number),
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b"), is_iban),
    ("ip_address", re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), is_ip_address),
)
