"""wcfgen.runtime.dates: DateTime, DateTimeOffset and TimeSpan as the WCF serializers write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from wcfgen.runtime.dates import (
    MIN_DATETIME_OFFSET,
    format_datetime,
    format_duration,
    json_date,
    parse_datetime,
    parse_duration,
    parse_json_date,
)

PRAGUE_SUMMER = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05"),  # Unspecified
        (datetime(2024, 1, 2, 3, 4, 5, 120000, tzinfo=UTC), "2024-01-02T03:04:05.12Z"),
        (datetime(2024, 7, 1, 12, 0, tzinfo=PRAGUE_SUMMER), "2024-07-01T12:00:00+02:00"),
        (datetime(2024, 7, 1, tzinfo=timezone(-timedelta(hours=3, minutes=30))), "2024-07-01T00:00:00-03:30"),
        (datetime(999, 12, 31, 23, 59, 59), "0999-12-31T23:59:59"),
    ],
)
def test_datetimes_are_written_in_the_round_trip_form(value: datetime, text: str) -> None:
    assert format_datetime(value) == text
    assert parse_datetime(text) == value


def test_datetime_reading_drops_the_seventh_fraction_digit_and_refuses_other_forms() -> None:
    assert parse_datetime("2024-01-02T03:04:05.1234567") == datetime(2024, 1, 2, 3, 4, 5, 123456)
    for text in ("2024-01-02", "2024-01-02 03:04:05", "2024-01-02T03:04:05+0200"):
        with pytest.raises(ValueError, match="not a dateTime"):
            parse_datetime(text)


def test_json_dates_are_milliseconds_since_the_epoch_with_the_offset() -> None:
    assert json_date(datetime(2024, 1, 2, 1, 4, 5, tzinfo=UTC)) == "/Date(1704157445000)/"
    assert json_date(datetime(2024, 1, 2, 1, 4, 5)) == "/Date(1704157445000)/"  # naive is taken as UTC
    assert json_date(datetime(2024, 1, 2, 3, 4, 5, tzinfo=PRAGUE_SUMMER)) == "/Date(1704157445000+0200)/"
    assert json_date(MIN_DATETIME_OFFSET) == "/Date(-62135596800000)/"
    assert parse_json_date("/Date(1704157445000+0200)/") == datetime(2024, 1, 2, 3, 4, 5, tzinfo=PRAGUE_SUMMER)
    assert parse_json_date("/Date(0)/") == datetime(1970, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="not a JSON date"):
        parse_json_date("2024-01-02")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (timedelta(0), "PT0S"),
        (timedelta(days=428, hours=10, minutes=30, seconds=12.3), "P428DT10H30M12.3S"),
        (-timedelta(seconds=1), "-PT1S"),
        (timedelta(days=2), "P2D"),
        (timedelta(microseconds=1), "PT0.000001S"),
    ],
)
def test_durations_are_written_as_xmlconvert_writes_a_timespan(value: timedelta, text: str) -> None:
    assert format_duration(value) == text
    assert parse_duration(text) == value


@pytest.mark.parametrize("text", ["P", "PT", "-P", "P1DT", "1D", "PT1.5M"])
def test_what_is_not_a_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)
