"""A seeded synthetic table with every kind of personal data, real-looking, check digits right and wrong.

`synthetic_pii(rows, seed)` returns the frame and, per column, which rows hold a valid value, so tests
compare measured match fractions with what was built.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pandas as pd
from stdnum import iban, luhn
from stdnum.es import dni

GIVEN = ["Maria", "John", "Olivia", "James", "Sophia", "David", "Emma", "Carlos", "Anna", "Michael", "Laura", "Peter"]
FAMILY = ["Garcia", "Smith", "Johnson", "Müller", "Rossi", "Brown", "Nowak", "Dubois", "Kowalski", "Taylor", "Lee"]
DOMAINS = ["example.com", "mail.example.org", "uni-example.edu", "example.co.uk"]
AREA_CODES = [212, 415, 617, 312, 206, 303, 512, 404]
UK_POSTCODES = ["SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT"]
RELIGIONS = ["Christian", "Muslim", "Jewish", "Hindu", "Buddhist", "None"]
DIAGNOSES = ["asthma", "type 2 diabetes", "hypertension", "none", "migraine"]
SENTENCES = ["Customer asked about the delivery date.", "Called back twice, no answer yet.", "Prefers contact by post."]


@dataclass(frozen=True)
class Synthetic:
    frame: pd.DataFrame
    valid: dict[str, list[bool]]  # per column: was the value built valid (right check digits, real format)?


def synthetic_pii(rows: int = 400, seed: int = 20240609) -> Synthetic:
    """Columns: one per kind of personal data, some with a share of values whose check digits are wrong."""
    rng = random.Random(seed)
    columns: dict[str, list[object]] = {}
    valid: dict[str, list[bool]] = {}
    for name, make in _MAKERS.items():
        pairs = [make(rng) for _ in range(rows)]
        columns[name] = [value for value, _ in pairs]
        valid[name] = [ok for _, ok in pairs]
    frame = pd.DataFrame(columns)
    frame["date_of_birth"] = pd.to_datetime(frame["date_of_birth"])
    return Synthetic(frame, valid)


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(GIVEN), rng.choice(FAMILY)


def _email(rng: random.Random) -> tuple[object, bool]:
    first, last = _person(rng)
    if rng.random() < 0.1:
        return f"{first}.{last}@@{rng.choice(DOMAINS)}", False  # a typo no validator accepts
    return f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@{rng.choice(DOMAINS)}", True


def _phone(rng: random.Random) -> tuple[object, bool]:
    area, exchange, line = rng.choice(AREA_CODES), rng.randint(201, 989), rng.randint(0, 9999)
    style = rng.randrange(4)
    if style == 0:
        return f"({area}) {exchange}-{line:04d}", True
    if style == 1:
        return f"{area}-{exchange}-{line:04d}", True
    if style == 2:
        return f"+1 {area} {exchange} {line:04d}", True
    return f"+44 20 7946 {rng.randint(0, 9999):04d}", True  # a London number


def _ssn(rng: random.Random) -> tuple[object, bool]:
    if rng.random() < 0.2:  # areas 000, 666 and 900-999 are never issued
        return (
            f"{rng.choice([0, 666, rng.randint(900, 999)]):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}",
            False,
        )
    area = rng.randint(1, 899)
    area = 667 if area == 666 else area
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}", True


def _iban(rng: random.Random) -> tuple[object, bool]:
    bban = f"{rng.randint(10_000_000, 99_999_999)}{rng.randint(0, 9_999_999_999):010d}"
    check = iban.calc_check_digits(f"DE00{bban}")
    number = f"DE{check}{bban}"
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    if rng.random() < 0.2:  # one digit changed: mod 97 catches every single-digit error
        position = rng.randrange(5, len(grouped))
        while not grouped[position].isdigit():
            position -= 1
        changed = str((int(grouped[position]) + 1) % 10)
        return grouped[:position] + changed + grouped[position + 1 :], False
    return grouped, True


def _card(rng: random.Random, *, wrong_share: float = 0.2) -> tuple[object, bool]:
    body = rng.choice(["4", "51", "52", "37"]) + "".join(str(rng.randrange(10)) for _ in range(13))
    body = body[:15]
    digit = int(luhn.calc_check_digit(body))
    ok = rng.random() >= wrong_share
    number = body + str(digit if ok else (digit + rng.randint(1, 9)) % 10)
    return " ".join(number[i : i + 4] for i in range(0, 16, 4)), ok


def _dni(rng: random.Random) -> tuple[object, bool]:
    digits = f"{rng.randint(0, 99_999_999):08d}"
    letter = dni.calc_check_digit(digits)
    if rng.random() < 0.2:
        wrong = rng.choice([c for c in "TRWAGMYFPDXBNJZSQVHLCKE" if c != letter])
        return digits + wrong, False
    return digits + letter, True


def _ip(rng: random.Random) -> tuple[object, bool]:
    if rng.random() < 0.15:
        return f"2001:db8:{rng.randrange(65536):x}::{rng.randrange(65536):x}", True
    return ".".join(str(rng.randint(1, 254)) for _ in range(4)), True


def _postcode(rng: random.Random) -> tuple[object, bool]:
    if rng.random() < 0.5:
        return rng.choice(UK_POSTCODES), True
    return f"{rng.randint(1001, 99950):05d}-{rng.randint(1, 9999):04d}", True


def _name(rng: random.Random) -> tuple[object, bool]:
    first, last = _person(rng)
    return (f"{last}, {first}" if rng.random() < 0.3 else f"{first} {last}"), True


def _note(rng: random.Random) -> tuple[object, bool]:
    first, last = _person(rng)
    if rng.random() < 0.5:
        return rng.choice(SENTENCES), False
    if rng.random() < 0.5:
        return f"Please reach {first} at {first.lower()}.{last.lower()}@example.com before Friday.", True
    return (
        f"{first} asked for a call back on ({rng.choice(AREA_CODES)}) 555-{rng.randint(100, 199):04d} tomorrow.",
        True,
    )


_MAKERS = {
    "customer_email": _email,
    "phone": _phone,
    "ssn": _ssn,
    "iban": _iban,
    "card_number": _card,
    "card_check_wrong": lambda rng: _card(rng, wrong_share=1.0),
    "national_id": _dni,
    "last_login_ip": _ip,
    "postcode": _postcode,
    "date_of_birth": lambda rng: (f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", True),
    "full_name": _name,
    "notes": _note,
    "age": lambda rng: (rng.randint(18, 90), True),
    "gender": lambda rng: (rng.choice(["F", "M"]), True),
    "zip": lambda rng: (f"{rng.randint(1001, 99950):05d}", True),
    "ethnicity": lambda rng: (rng.choice(["White", "Black", "Asian", "Hispanic"]), True),
    "religion": lambda rng: (rng.choice(RELIGIONS), True),
    "diagnosis": lambda rng: (rng.choice(DIAGNOSES), True),
    "product_code": lambda rng: (f"SKU-{rng.randint(10_000, 99_999)}", False),
    "basket_value": lambda rng: (round(rng.uniform(5, 500), 2), False),
}
