"""Hypothesis properties of a profile's percentage style (PercentStyle), for shares n/d
as the reports print them: floor never rounds up and is less than one unit below the
exact value; half up and half even are within half a unit; rounding first to more
decimals is rounding twice; the default style is the old one-decimal form away from
ties."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from statdeadline.rules.profiles import DEFAULT_PERCENT, PercentStyle


@st.composite
def shares(draw: st.DrawFn) -> tuple[int, int]:
    """A count n of d (1 to 100,000 deadlines)."""
    d = draw(st.integers(min_value=1, max_value=100_000))
    return draw(st.integers(min_value=0, max_value=d)), d


def _printed(style: PercentStyle, n: int, d: int) -> Fraction:
    text = style.text(n / d)
    assert text.endswith("%")
    return Fraction(text[:-1])


@given(share=shares(), decimals=st.integers(min_value=0, max_value=3))
def test_floor_is_never_above_and_within_one_unit(share: tuple[int, int], decimals: int) -> None:
    """Truncated: at or below the exact percentage, less than one unit below it."""
    n, d = share
    exact = Fraction(100 * n, d)
    got = _printed(PercentStyle(decimals, "floor"), n, d)
    unit = Fraction(1, 10**decimals)
    assert got <= exact < got + unit


@given(
    share=shares(),
    decimals=st.integers(min_value=0, max_value=3),
    rounding=st.sampled_from(("half_up", "half_even")),
)
def test_to_the_nearest_is_within_half_a_unit(
    share: tuple[int, int], decimals: int, rounding: str
) -> None:
    """Half up and half even: no more than half a unit from the exact percentage (a
    share is taken at its shortest decimal form, within a float's precision of n/d)."""
    n, d = share
    exact = Fraction(100 * n, d)
    got = _printed(PercentStyle(decimals, rounding), n, d)  # type: ignore[arg-type]
    assert abs(got - exact) <= Fraction(1, 2 * 10**decimals) + Fraction(1, 10**9)


@given(share=shares(), first=st.integers(min_value=1, max_value=3))
def test_first_round_to_is_rounding_twice(share: tuple[int, int], first: int) -> None:
    """Rounding first to ``first`` decimals is half up to them, then half up to none."""
    n, d = share
    once = PercentStyle(first, "half_up").text(n / d)
    twice = PercentStyle(0, "half_up", first).text(n / d)
    assert twice == PercentStyle(0, "half_up").text(float(once[:-1]) / 100)


@given(share=shares())
def test_the_default_is_the_old_one_decimal_form(share: tuple[int, int]) -> None:
    """Away from a tie, the default style prints what ``f"{rate:.1%}"`` did."""
    n, d = share
    tenths = Fraction(1000 * n, d)
    assume(tenths.denominator != 2)  # an exact tie at the second decimal
    assert DEFAULT_PERCENT.text(n / d) == f"{n / d:.1%}"
