"""Classifying personal data: direct identifier, quasi-identifier or GDPR Article 9 special category, with regulations."""

from __future__ import annotations

from dataclasses import dataclass

from profiling.privacy.report import Category

_GDPR_PERSONAL = "GDPR Art. 4(1): personal data (an identifier)"
_GDPR_ART9 = "GDPR Art. 9(1): special category"
_CCPA_PI = "CCPA §1798.140(v): personal information"
_CCPA_SPI = "CCPA §1798.140(ae): sensitive personal information"
_HIPAA = "HIPAA Safe Harbor §164.514(b)(2)(i)"


@dataclass(frozen=True)
class Classification:
    """The category of a kind of personal data, in words, and the rules that name it."""

    category: Category
    label: str
    regulations: tuple[str, ...]


_CLASSES: dict[str, Classification] = {
    "email": Classification(
        "direct_identifier", "email address", (_GDPR_PERSONAL, _CCPA_PI, f"{_HIPAA}(F): email addresses")
    ),
    "phone": Classification(
        "direct_identifier", "telephone number", (_GDPR_PERSONAL, _CCPA_PI, f"{_HIPAA}(D): telephone numbers")
    ),
    "ssn": Classification(
        "direct_identifier",
        "US social security number",
        ("GDPR Art. 87: national identification number", _CCPA_SPI, f"{_HIPAA}(G): social security numbers"),
    ),
    "national_id": Classification(
        "direct_identifier",
        "national identification number",
        ("GDPR Art. 87: national identification number", _CCPA_SPI, f"{_HIPAA}(R): unique identifying numbers"),
    ),
    "iban": Classification(
        "direct_identifier",
        "bank account number (IBAN)",
        (_GDPR_PERSONAL, f"{_CCPA_SPI} (financial account)", f"{_HIPAA}(J): account numbers"),
    ),
    "credit_card": Classification(
        "direct_identifier",
        "payment card number",
        (
            _GDPR_PERSONAL,
            f"{_CCPA_SPI} (card number)",
            f"{_HIPAA}(J): account numbers",
            "PCI DSS: primary account number",
        ),
    ),
    "account_number": Classification(
        "direct_identifier",
        "account, record or member number",
        (_GDPR_PERSONAL, _CCPA_PI, f"{_HIPAA}(H)-(J): record and account numbers"),
    ),
    "ip_address": Classification(
        "direct_identifier",
        "IP address",
        ("GDPR Recital 30: online identifier", _CCPA_PI, f"{_HIPAA}(O): IP addresses"),
    ),
    "online_identifier": Classification(
        "direct_identifier", "user name or login", ("GDPR Art. 4(1): online identifier", _CCPA_PI)
    ),
    "person_name": Classification(
        "direct_identifier", "person name", (_GDPR_PERSONAL, _CCPA_PI, f"{_HIPAA}(A): names")
    ),
    "address": Classification(
        "direct_identifier", "postal address", (_GDPR_PERSONAL, _CCPA_PI, f"{_HIPAA}(B): street addresses")
    ),
    "free_text": Classification(
        "direct_identifier", "free text containing identifiers", (_GDPR_PERSONAL, _CCPA_PI, _HIPAA)
    ),
    "postal_code": Classification(
        "quasi_identifier", "postal code", (_GDPR_PERSONAL, _CCPA_PI, f"{_HIPAA}(B): ZIP codes beyond 3 digits")
    ),
    "date_of_birth": Classification(
        "quasi_identifier", "date of birth", (_GDPR_PERSONAL, _CCPA_PI, f"{_HIPAA}(C): birth dates")
    ),
    "date": Classification(
        "quasi_identifier", "date (identifying if it relates to a person)", (f"{_HIPAA}(C): dates related to a person",)
    ),
    "age": Classification(
        "quasi_identifier", "age", ("GDPR Art. 4(1): personal data", _CCPA_PI, f"{_HIPAA}(C): ages over 89")
    ),
    "sex": Classification(
        "quasi_identifier", "sex or gender", (_GDPR_PERSONAL, f"{_CCPA_PI} (protected classification)")
    ),
    "geolocation": Classification(
        "quasi_identifier", "geolocation", (_GDPR_PERSONAL, f"{_CCPA_SPI} (precise geolocation)", f"{_HIPAA}(B)")
    ),
    "marital_status": Classification(
        "quasi_identifier",
        "marital status or family relationship",
        (_GDPR_PERSONAL, f"{_CCPA_PI} (protected classification)"),
    ),
    "nationality": Classification(
        "quasi_identifier",
        "nationality or country of birth",
        (_GDPR_PERSONAL, f"{_CCPA_PI} (protected classification)"),
    ),
    "occupation": Classification("quasi_identifier", "occupation", (_GDPR_PERSONAL, f"{_CCPA_PI} (employment)")),
    "education": Classification("quasi_identifier", "education", (_GDPR_PERSONAL, f"{_CCPA_PI} (education)")),
    "racial_or_ethnic_origin": Classification(
        "special_category", "racial or ethnic origin", (f"{_GDPR_ART9}: racial or ethnic origin", _CCPA_SPI)
    ),
    "religion": Classification(
        "special_category", "religious or philosophical beliefs", (f"{_GDPR_ART9}: religious beliefs", _CCPA_SPI)
    ),
    "political_opinion": Classification(
        "special_category", "political opinions", (f"{_GDPR_ART9}: political opinions",)
    ),
    "trade_union": Classification(
        "special_category", "trade union membership", (f"{_GDPR_ART9}: trade union membership", _CCPA_SPI)
    ),
    "health": Classification(
        "special_category",
        "data concerning health",
        (f"{_GDPR_ART9}: data concerning health", _CCPA_SPI, "HIPAA: protected health information"),
    ),
    "sexual_orientation": Classification(
        "special_category",
        "sex life or sexual orientation",
        (f"{_GDPR_ART9}: sex life or sexual orientation", _CCPA_SPI),
    ),
    "genetic_or_biometric": Classification(
        "special_category", "genetic or biometric data", (f"{_GDPR_ART9}: genetic and biometric data", _CCPA_SPI)
    ),
    "criminal_record": Classification(
        "special_category", "criminal convictions", ("GDPR Art. 10: criminal convictions and offences",)
    ),
}

PII_TYPES: tuple[str, ...] = tuple(_CLASSES)


def classify(pii_type: str) -> Classification:
    """The category and regulations of a kind of personal data (see PII_TYPES)."""
    return _CLASSES[pii_type]


def is_direct(pii_type: str) -> bool:
    return _CLASSES[pii_type].category == "direct_identifier"
