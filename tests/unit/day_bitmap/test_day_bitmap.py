"""modules/day_bitmap.vy: marks days, finds the next marked day within a word and across
words (a walk steps word by word), at the word edges, over many days, in separate spaces."""


import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.contracts import harness_deployer
from tests.utils.strategies import FIXTURES_OK

WORD = 256
# A realistic day index (timestamp // 86400 in 2027) sitting at a word edge.
TODAY = 20_480  # = 80 x 256


@pytest.fixture(scope="module")
def bitmap():
    return harness_deployer("DayBitmapHarness").deploy()


def next_in_model(marked: set[int], day: int) -> tuple[int, bool]:
    """The module's contract, written the obvious way."""
    end = (day // WORD + 1) * WORD
    for d in range(day, end):
        if d in marked:
            return d, True
    return end, False


def walk(bitmap, space: int, start: int, last: int) -> list[int]:
    """Every marked day in [start, last], found the way the premium book walks."""
    found, day = [], start
    for _ in range(10_000):
        if day > last:
            break
        day, marked = bitmap.next_marked(space, day)
        if marked and day <= last:
            found.append(day)
            day += 1
    return found


def test_next_marked__empty_word__returns_next_word_start(bitmap):
    assert bitmap.next_marked(0, TODAY + 17) == (TODAY + WORD, False)
    assert bitmap.next_marked(0, TODAY) == (TODAY + WORD, False)
    assert bitmap.next_marked(0, TODAY + 255) == (TODAY + WORD, False)


def test_next_marked__marked_day_ahead_in_word__returns_it(bitmap):
    bitmap.mark(0, TODAY + 40)
    assert bitmap.next_marked(0, TODAY + 3) == (TODAY + 40, True)
    assert bitmap.next_marked(0, TODAY + 40) == (TODAY + 40, True)


def test_next_marked__marked_day_behind__is_not_returned(bitmap):
    bitmap.mark(0, TODAY + 40)
    assert bitmap.next_marked(0, TODAY + 41) == (TODAY + WORD, False)


def test_next_marked__several_marked__returns_the_first_at_or_after(bitmap):
    for d in (5, 9, 200):
        bitmap.mark(0, TODAY + d)
    assert bitmap.next_marked(0, TODAY) == (TODAY + 5, True)
    assert bitmap.next_marked(0, TODAY + 6) == (TODAY + 9, True)
    assert bitmap.next_marked(0, TODAY + 10) == (TODAY + 200, True)


def test_next_marked__day_255_of_word__found_from_anywhere_in_word(bitmap):
    bitmap.mark(0, TODAY + 255)
    assert bitmap.word(0, TODAY // WORD) == 1 << 255
    assert bitmap.next_marked(0, TODAY) == (TODAY + 255, True)
    assert bitmap.next_marked(0, TODAY + 255) == (TODAY + 255, True)
    assert bitmap.next_marked(0, TODAY + 256) == (TODAY + 2 * WORD, False)


def test_next_marked__day_256__lives_in_the_next_word(bitmap):
    bitmap.mark(0, TODAY + 256)
    assert bitmap.word(0, TODAY // WORD) == 0
    assert bitmap.word(0, TODAY // WORD + 1) == 1
    assert bitmap.next_marked(0, TODAY + 255) == (TODAY + WORD, False)
    assert bitmap.next_marked(0, TODAY + 256) == (TODAY + 256, True)


def test_next_marked__day_zero__found(bitmap):
    bitmap.mark(0, 0)
    assert bitmap.next_marked(0, 0) == (0, True)
    assert bitmap.next_marked(0, 1) == (WORD, False)


def test_walk__marked_days_across_words__finds_each_once(bitmap):
    days = [TODAY + d for d in (0, 1, 254, 255, 256, 257, 511, 512, 700, 799)]
    for d in days:
        bitmap.mark(0, d)
    assert walk(bitmap, 0, TODAY - 3, TODAY + 1_000) == days
    assert walk(bitmap, 0, TODAY + 255, TODAY + 511) == [
        TODAY + 255,
        TODAY + 256,
        TODAY + 257,
        TODAY + 511,
    ]


def test_walk__every_day_of_800_marked__finds_all(bitmap):
    days = list(range(TODAY - 100, TODAY + 700))
    for d in days:
        bitmap.mark(0, d)
    assert walk(bitmap, 0, TODAY - 100, TODAY + 699) == days


def test_mark__twice__changes_nothing(bitmap):
    bitmap.mark(0, TODAY + 7)
    bitmap.mark(0, TODAY + 7)
    assert bitmap.word(0, TODAY // WORD) == 1 << 7


def test_mark__other_space__is_not_seen(bitmap):
    bitmap.mark(1, TODAY + 7)
    assert bitmap.is_marked(1, TODAY + 7)
    assert not bitmap.is_marked(0, TODAY + 7)
    assert bitmap.next_marked(0, TODAY) == (TODAY + WORD, False)
    assert bitmap.next_marked(1, TODAY) == (TODAY + 7, True)


@pytest.mark.parametrize("bit", [0, 1, 2, 7, 8, 63, 64, 127, 128, 129, 200, 254, 255])
def test_lowest_bit__single_bit__is_its_index(bitmap, bit):
    assert bitmap.lowest_bit(1 << bit) == bit


@FIXTURES_OK
@given(word=st.integers(min_value=1, max_value=2**256 - 1))
def test_lowest_bit__any_word__counts_trailing_zeros(bitmap, word):
    assert bitmap.lowest_bit(word) == (word & -word).bit_length() - 1


@FIXTURES_OK
@given(
    offsets=st.sets(st.integers(min_value=0, max_value=3 * WORD), max_size=40),
    start=st.integers(min_value=0, max_value=3 * WORD),
    length=st.integers(min_value=0, max_value=3 * WORD),
)
def test_walk__random_marks__finds_exactly_the_marked_days_in_range(bitmap, offsets, start, length):
    base = TODAY - WORD
    marked = {base + o for o in offsets}
    for d in marked:
        bitmap.mark(0, d)
    first, last = base + start, base + start + length
    assert walk(bitmap, 0, first, last) == sorted(d for d in marked if first <= d <= last)
    for day in (first, last):
        assert bitmap.next_marked(0, day) == next_in_model(marked, day)
        assert bitmap.is_marked(0, day) == (day in marked)
