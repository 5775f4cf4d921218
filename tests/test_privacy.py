"""Privacy detection and classification: a seeded synthetic file with every PII type, single values, and real data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from profiling.loading import LoadOptions, load_path
from profiling.privacy import PII_TYPES, PrivacyReport, classify, detect_column, privacy_report
from profiling.privacy import values as v
from tests.privacy_synthetic import synthetic_pii

ADULT_NAMES = (
    "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,"
    "capital-gain,capital-loss,hours-per-week,native-country,income"
).split(",")
HEART_NAMES = tuple("age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(","))

# column of the synthetic file -> (pii_type, category) that must be found
EXPECTED = {
    "customer_email": ("email", "direct_identifier"),
    "phone": ("phone", "direct_identifier"),
    "ssn": ("ssn", "direct_identifier"),
    "iban": ("iban", "direct_identifier"),
    "card_number": ("credit_card", "direct_identifier"),
    "national_id": ("national_id", "direct_identifier"),
    "last_login_ip": ("ip_address", "direct_identifier"),
    "full_name": ("person_name", "direct_identifier"),
    "notes": ("free_text", "direct_identifier"),
    "postcode": ("postal_code", "quasi_identifier"),
    "zip": ("postal_code", "quasi_identifier"),
    "date_of_birth": ("date_of_birth", "quasi_identifier"),
    "age": ("age", "quasi_identifier"),
    "gender": ("sex", "quasi_identifier"),
    "ethnicity": ("racial_or_ethnic_origin", "special_category"),
    "religion": ("religion", "special_category"),
    "diagnosis": ("health", "special_category"),
}


@pytest.fixture(scope="module")
def synthetic_report() -> tuple[PrivacyReport, dict[str, list[bool]]]:
    built = synthetic_pii()
    return privacy_report(built.frame, name="synthetic"), built.valid


def _load(datasets: Path, relative: str, names: tuple[str, ...] | None = None) -> pd.DataFrame:
    options = LoadOptions(column_names=names) if names else LoadOptions()
    return load_path(datasets / relative, options=options).frame


# -- the seeded synthetic file ---------------------------------------------------------------------------------
def test_every_pii_type_is_found_with_its_category(synthetic_report: tuple[PrivacyReport, dict]) -> None:
    report, _ = synthetic_report
    found = {f.column: (f.pii_type, f.category) for f in report.columns}
    assert found == EXPECTED
    assert set(report.clean_columns) == {"card_check_wrong", "product_code", "basket_value"}


def test_match_fraction_counts_only_values_with_right_check_digits(
    synthetic_report: tuple[PrivacyReport, dict],
) -> None:
    report, valid = synthetic_report
    for column in ("customer_email", "ssn", "iban", "card_number", "national_id", "phone", "last_login_ip"):
        finding = report.finding(column)
        assert finding is not None
        built = sum(valid[column]) / len(valid[column])
        assert finding.match_fraction == pytest.approx(built, abs=0.0051), column
    for column in ("iban", "card_number", "national_id", "ssn"):
        finding = report.finding(column)
        assert finding is not None and finding.invalid_fraction is not None
        wrong = 1 - sum(valid[column]) / len(valid[column])
        assert finding.invalid_fraction == pytest.approx(wrong, abs=0.0051), column  # shaped right, digits wrong
        assert "wrong check digits" in finding.detail


def test_card_numbers_with_wrong_luhn_digits_are_not_claimed(synthetic_report: tuple[PrivacyReport, dict]) -> None:
    report, valid = synthetic_report
    assert not any(valid["card_check_wrong"])
    assert report.finding("card_check_wrong") is None


def test_findings_carry_confidence_regulations_and_masked_examples(
    synthetic_report: tuple[PrivacyReport, dict],
) -> None:
    report, _ = synthetic_report
    built = synthetic_pii().frame
    for finding in report.columns:
        assert 0 < finding.confidence <= 1
        assert finding.regulations
        for example in finding.examples:
            assert example not in set(built[finding.column].astype(str))  # never a raw value
            assert "•••" in example
    email = report.finding("customer_email")
    assert email is not None and email.evidence == "values and name" and email.confidence >= 0.9
    assert any("HIPAA" in r and "(F)" in r for r in email.regulations)
    notes = report.finding("notes")
    assert notes is not None and set(notes.contains) == {"email", "phone"}
    assert report.privacy_mode_recommended
    assert "ethnicity" not in report.reidentification.quasi_identifiers  # special categories are sensitive values
    assert {"age", "gender", "zip", "date_of_birth"} <= set(report.reidentification.quasi_identifiers)


def test_report_json_round_trip(synthetic_report: tuple[PrivacyReport, dict]) -> None:
    report, _ = synthetic_report
    dumped = report.model_dump(mode="json")
    assert PrivacyReport.model_validate(dumped) == report
    assert {"column", "pii_type", "category", "confidence", "match_fraction"} <= dumped["columns"][0].keys()
    assert {"quasi_identifiers", "k", "unique_fraction"} <= dumped["reidentification"].keys()
    assert list(report.to_frame()["column"]) == [f.column for f in report.columns]


# -- single values -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("test", "good", "bad"),
    [
        (v.is_iban, "DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 01"),
        (v.is_iban, "GB82WEST12345698765432", "GB82WEST12345698765433"),
        (v.is_card_number, "4111 1111 1111 1111", "4111 1111 1111 1112"),
        (v.is_card_number, "378282246310005", "378282246310006"),
        (v.is_ssn, "536-90-4399", "666-12-3456"),
        (v.is_ssn, "123-45-6789", "000-12-3456"),
        (v.is_email, "jane.doe@example.com", "jane.doe@@example.com"),
        (v.is_ip_address, "192.168.10.1", "300.1.2.3"),
        (v.is_ip_address, "2001:db8::1", "2001:db8:::1"),
        (v.is_national_id, "12345678Z", "12345678A"),  # ES DNI check letter
        (v.is_national_id, "390.533.447-05", "390.533.447-06"),  # BR CPF check digits
        (v.is_postal_code, "SW1A 1AA", "12345"),  # bare ZIP only with a column name that says so
        (v.is_person_name, "Braund, Mr. Owen Harris", "Upper East Side"),
        (v.is_person_name, "Maria Müller", "Exec-managerial"),
    ],
)
def test_single_values(test, good: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    assert test(good) and not test(bad)


def test_phones_need_a_valid_number_and_formatting_unless_the_name_says_phone() -> None:
    assert v.is_phone("(415) 555-2671") and v.is_phone("+44 20 7946 0958")
    assert not v.is_phone("4155552671")  # a bare digit run could be anything
    assert v.is_phone("4155552671", formatted_only=False)
    assert not v.is_phone("2011-01-01") and not v.is_phone("123-45-6789") and not v.is_phone("(000) 000-0000")


def test_free_text_search() -> None:
    text = "Call Jane on +1 415 555 2671 or write to jane@example.com; card 4111 1111 1111 1111."
    assert v.find_in_text(text) == {"phone", "email", "credit_card"}
    assert v.find_in_text("Nest never observed with full clutch.") == set()


def test_names_alone_give_low_confidence_when_values_disagree() -> None:
    finding = detect_column("email", pd.Series([f"value {i}" for i in range(50)]))
    assert finding is not None and finding.evidence == "name" and finding.match_fraction is None
    assert finding.confidence < 0.5
    assert detect_column("studyName", pd.Series(["PAL0708"] * 30)) is None  # a study's name is no person's
    assert detect_column("fnlwgt", pd.Series(range(100_000, 100_500))) is None


def test_every_pii_type_has_a_category_and_regulations() -> None:
    for pii_type in PII_TYPES:
        kind = classify(pii_type)
        assert kind.regulations and kind.label
        if kind.category == "special_category":
            assert any(r.startswith("GDPR Art. 9") or r.startswith("GDPR Art. 10") for r in kind.regulations)


# -- real data: precision on Adult, wine, bike sharing; recall on Titanic names ------------------------------------
def test_adult_has_no_direct_identifiers_and_its_demographics_are_classified(datasets: Path) -> None:
    report = privacy_report(_load(datasets, "adult/adult.data", tuple(ADULT_NAMES)), name="adult")
    categories = {f.column: f.category for f in report.columns}
    assert "direct_identifier" not in categories.values()
    assert not report.privacy_mode_recommended
    for column in ("age", "sex", "marital-status", "native-country", "relationship", "occupation"):
        assert categories[column] == "quasi_identifier", column
    assert categories["race"] == "special_category"
    finding = report.finding("sex")
    assert finding is not None and finding.match_fraction == 1.0  # Male/Female recognised by value too
    for column in ("fnlwgt", "capital-gain", "capital-loss", "hours-per-week", "workclass", "income"):
        assert column in report.clean_columns
    risk = report.reidentification
    assert risk.k == 1 and risk.unique_fraction is not None and 0.2 < risk.unique_fraction < 0.6


@pytest.mark.parametrize(
    "relative", ["wine_quality/winequality-red.csv", "wine_quality/winequality-white.csv", "bike_sharing/hour.csv",
                 "bike_sharing/day.csv"],
)  # fmt: skip
def test_wine_and_bike_sharing_have_no_direct_identifiers(datasets: Path, relative: str) -> None:
    report = privacy_report(_load(datasets, relative), name=relative)
    assert not report.by_category("direct_identifier")
    assert not report.by_category("special_category")
    assert not report.privacy_mode_recommended
    assert report.reidentification.quasi_identifiers == []  # bike's dteday is a date, but not a person's


def test_bike_dates_are_low_confidence_quasi_identifiers(datasets: Path) -> None:
    finding = privacy_report(_load(datasets, "bike_sharing/day.csv"), name="day").finding("dteday")
    assert finding is not None and finding.pii_type == "date" and finding.confidence < 0.5


def test_titanic_names_are_person_names(datasets: Path) -> None:
    report = privacy_report(_load(datasets, "titanic/kaggle_train.csv"), name="titanic")
    name = report.finding("Name")
    assert name is not None and name.pii_type == "person_name" and name.category == "direct_identifier"
    assert name.match_fraction is not None and name.match_fraction > 0.99  # 889 of 891 by honorifics/given names
    assert report.direct_identifiers == ["Name"] and report.privacy_mode_recommended
    assert {f.column: f.pii_type for f in report.columns if f.column != "Name"} == {"Sex": "sex", "Age": "age"}


def test_cps_and_heart_special_categories(datasets: Path) -> None:
    aer = privacy_report(_load(datasets, "cps1985_two_schemas/AER_CPS1985.csv"), name="aer")
    assert set(aer.by_category("special_category")) == {"ethnicity", "union"}  # Art. 9: trade union membership
    assert not aer.by_category("direct_identifier")
    heart = privacy_report(_load(datasets, "heart_disease/processed.cleveland.data", HEART_NAMES), name="heart")
    chol = heart.finding("chol")
    assert chol is not None and chol.pii_type == "health"
