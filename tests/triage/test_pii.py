"""Behaviour of personal-data detection and masking."""

import pytest

from tipsapp.triage.pii import find_pii, mask_pii

# Constructed identity numbers with valid dates and Luhn check digits.
VALID_PNR_10 = "811218-9876"
VALID_PNR_12 = "198112189876"
VALID_SAMORDNINGSNUMMER = "701063-2391"


def test_personnummer_with_valid_check_digit_is_masked():
    assert (
        mask_pii(f"Han heter Kalle, pnr {VALID_PNR_10}.") == "Han heter Kalle, pnr [personnummer]."
    )


def test_twelve_digit_personnummer_without_separator_is_masked():
    assert mask_pii(f"pnr {VALID_PNR_12}") == "pnr [personnummer]"


def test_samordningsnummer_is_masked():
    assert mask_pii(f"samordningsnummer {VALID_SAMORDNINGSNUMMER}") == (
        "samordningsnummer [personnummer]"
    )


def test_personnummer_with_wrong_check_digit_is_not_masked():
    assert mask_pii("pnr 811218-9877") == "pnr 811218-9877"


def test_random_ten_digit_number_is_not_masked():
    # Looks like a date (850315) but the check digit is wrong.
    assert mask_pii("Ordernummer 8503151234 gäller") == "Ordernummer 8503151234 gäller"


def test_ten_digit_number_that_is_not_a_date_is_not_masked():
    # Passes the Luhn check but month 12, day 34 is not a date.
    assert mask_pii("Ärende 5512345678") == "Ärende 5512345678"


@pytest.mark.parametrize(
    "phone",
    ["070-123 45 67", "0701234567", "+46 70 123 45 67", "08-123 456 78", "031-12 34 56"],
)
def test_swedish_phone_numbers_are_masked(phone):
    assert mask_pii(f"Ring {phone} om du vill") == "Ring [telefon] om du vill"


def test_date_is_not_mistaken_for_a_phone_number():
    assert mask_pii("Det hände 03-04-2024") == "Det hände 03-04-2024"


def test_email_address_is_masked():
    assert mask_pii("Mejla anna.svensson+tips@example.se nu") == "Mejla [e-post] nu"


@pytest.mark.parametrize("plate", ["ABC 123", "ABC123", "ABC 12A"])
def test_registration_plates_are_masked(plate):
    assert mask_pii(f"En vit bil med {plate} stod där") == "En vit bil med [regnr] stod där"


def test_plate_lookalikes_with_excluded_letters_or_lowercase_are_not_masked():
    assert mask_pii("Koden VIQ 123 och abc 123") == "Koden VIQ 123 och abc 123"


def test_ordinary_words_and_numbers_are_left_alone():
    text = "Det var 20 personer vid busshållplatsen klockan 22.30 på Storgatan 12."
    assert mask_pii(text) == text
    assert find_pii(text) == []


def test_find_pii_reports_kinds_and_spans_in_order():
    text = f"Tel 070-123 45 67, pnr {VALID_PNR_10}, bil ABC 123"
    spans = find_pii(text)
    assert [kind for kind, _, _ in spans] == ["telefon", "personnummer", "regnr"]
    assert [text[s:e] for _, s, e in spans] == ["070-123 45 67", VALID_PNR_10, "ABC 123"]
