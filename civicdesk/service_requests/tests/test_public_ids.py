import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicdesk.service_requests.public_ids import ALPHABET, new_public_id, normalize_public_id

FORMAT = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def test_a_tracking_number_is_two_groups_of_four() -> None:
    numbers = {new_public_id() for _ in range(2000)}
    assert all(FORMAT.match(number) for number in numbers)
    assert len(numbers) == 2000  # 30**8 possibilities: a repeat here would mean a broken draw
    assert set("".join(numbers).replace("-", "")) == set(ALPHABET)  # every character is drawn


def test_the_alphabet_leaves_out_characters_that_look_or_sound_alike() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 30
    assert set("01OILU").isdisjoint(ALPHABET)
    assert set(ALPHABET) == set("23456789ABCDEFGHJKMNPQRSTVWXYZ")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7KQ4-M29X", "7KQ4-M29X"),
        ("7kq4-m29x", "7KQ4-M29X"),
        ("7kq4m29x", "7KQ4-M29X"),
        (" 7KQ4 M29X ", "7KQ4-M29X"),
        ("7 k q 4 - m 2 9 x", "7KQ4-M29X"),
        ("#7KQ4.M29X", "7KQ4-M29X"),
        ("7kq4-m29", "7KQ4-M29"),  # too short: kept as typed (upper case), so the lookup finds nothing
        ("  hello  ", "HELLO"),
        ("", ""),
    ],
)
def test_what_people_type_is_normalized(typed: str, expected: str) -> None:
    assert normalize_public_id(typed) == expected


@given(st.sampled_from(["", " ", "-", "  -  "]), st.booleans())
def test_any_tracking_number_survives_how_it_is_typed(separator: str, lower: bool) -> None:
    number = new_public_id()
    typed = number[:4] + separator + number[5:]
    assert normalize_public_id(typed.lower() if lower else typed) == number
