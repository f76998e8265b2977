"""Identity numbers: GB 11643 resident IDs, GB 32100 credit codes, mobile numbers; generators always valid."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from smartcourt.cases.rules.identity import (
    id_birth_date,
    id_check_digit,
    id_gender,
    id_is_minor,
    make_resident_id,
    make_uscc,
    uscc_check_char,
    validate_credit_code,
    validate_mobile,
    validate_resident_id,
)


def test_the_standards_own_example_is_valid():
    # GB 11643-1999 appendix: 11010519491231002X — weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 give 167;
    # 167 mod 11 = 2 → check character "X".
    assert id_check_digit("11010519491231002") == "X"
    assert validate_resident_id("11010519491231002x").ok  # lower-case x accepted
    assert id_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert id_gender("11010519491231002X") == "女"  # 17th digit 2 is even


def test_a_known_credit_code_is_valid():
    # 91350100M000100Y43 is a published example: its mod-31 check character is 3.
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert validate_credit_code("91350100M000100Y43").ok


def test_bad_ids_say_what_is_wrong():
    assert "18 位" in validate_resident_id("1101051949123100").message
    assert "数字" in validate_resident_id("1101051949123100AX").message
    assert "行政区划" in validate_resident_id("991051194912310021").message
    assert "出生日期" in validate_resident_id("110105194913310021").message
    assert "校验码" in validate_resident_id("110105194912310021").message
    assert "不允许的字符" in validate_credit_code("91350100M000100I43").message
    assert "校验码" in validate_credit_code("91350100M000100Y44").message
    assert validate_mobile("+86 139-1234-5678").ok and not validate_mobile("12345678901").ok


def test_minor_on_a_given_day():
    number = make_resident_id(random.Random(3), birth_date=date(2008, 6, 1), gender="F")
    assert id_is_minor(number, on=date(2026, 5, 31)) and not id_is_minor(number, on=date(2026, 6, 1))


@given(st.integers(0, 2**32), st.dates(date(1920, 1, 1), date(2020, 12, 31)), st.sampled_from("MF"))
def test_generated_ids_validate_and_any_single_digit_change_is_caught(seed, birth, gender):
    rng = random.Random(seed)
    number = make_resident_id(rng, birth_date=birth, gender=gender)
    assert validate_resident_id(number).ok
    assert id_gender(number) == ("男" if gender == "M" else "女")
    position = rng.randrange(17)
    digit = str((int(number[position]) + rng.randint(1, 9)) % 10)
    altered = number[:position] + digit + number[position + 1 :]
    # a single changed digit always changes the weighted sum mod 11 (weights are units mod 11)
    assert id_check_digit(altered[:17]) != number[17]


@given(st.integers(0, 2**32))
def test_generated_credit_codes_validate(seed):
    assert validate_credit_code(make_uscc(random.Random(seed))).ok


def test_masks_keep_only_the_ends() -> None:
    from smartcourt.cases.rules.identity import id_number_mask, phone_mask

    assert id_number_mask("320508199512120019") == "3205**********0019"
    assert id_number_mask("91320500MA1X2Y3Z4K") == "9132**********3Z4K"
    assert phone_mask("13912345678") == "139****5678"
    assert id_number_mask("") == "" and phone_mask("123") == "***"


@given(st.text(alphabet="0123456789X", min_size=9, max_size=18))
def test_a_mask_never_shows_the_birth_date(number: str) -> None:
    from smartcourt.cases.rules.identity import id_number_mask

    masked = id_number_mask(number)
    assert len(masked) == len(number) and masked[4:-4] == "*" * (len(number) - 8)
