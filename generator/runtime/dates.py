"""Dates and durations as DataContractSerializer writes them (XML) and as
DataContractJsonSerializer writes them (JSON ``\\/Date(ms±hhmm)\\/``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

MIN_DATETIME = datetime(1, 1, 1)
MIN_DATETIME_OFFSET = datetime(1, 1, 1, tzinfo=UTC)  # the default of a DateTimeOffset
_DATETIME = re.compile(
    r"(?P<date>-?[0-9]{4,}-[0-9]{2}-[0-9]{2})T(?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]+))?(?P<zone>Z|[+-][0-9]{2}:[0-9]{2})?"
)
_JSON_DATE = re.compile(r"/Date\((?P<ms>-?[0-9]+)(?P<offset>[+-][0-9]{4})?\)/")
_DURATION = re.compile(
    r"(?P<sign>-)?P(?:(?P<days>[0-9]+)D)?"
    r"(?:T(?:(?P<hours>[0-9]+)H)?(?:(?P<minutes>[0-9]+)M)?(?:(?P<seconds>[0-9]+(?:\.[0-9]+)?)S)?)?"
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def format_datetime(value: datetime) -> str:
    """The round-trip form DataContractSerializer writes: no suffix when naive, ``Z``
    for UTC, else the offset."""
    text = (
        value.strftime("%Y-%m-%dT%H:%M:%S")
        if value.year >= 1000
        else f"{value.year:04d}" + value.strftime("-%m-%dT%H:%M:%S")
    )
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    offset = value.utcoffset()
    if offset is None:
        return text
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def parse_datetime(text: str) -> datetime:
    match = _DATETIME.fullmatch(text)
    if match is None:
        raise ValueError(f"not a dateTime: {text!r}")
    # .NET keeps 100 ns ticks; Python keeps microseconds: the 7th digit is dropped
    fraction = (match["fraction"] or "")[:6].ljust(6, "0")
    value = datetime.fromisoformat(f"{match['date']}T{match['time']}.{fraction}")
    zone = match["zone"]
    if zone == "Z":
        return value.replace(tzinfo=UTC)
    if zone:
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        delta = timedelta(hours=hours, minutes=minutes)
        return value.replace(tzinfo=timezone(-delta if zone[0] == "-" else delta))
    return value


def json_date(value: datetime) -> str:
    """``\\/Date(ms)\\/`` for UTC (and naive, which JSON cannot mark), else
    ``\\/Date(ms+hhmm)\\/``."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    delta = aware - _EPOCH
    ms = delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000
    offset = aware.utcoffset()
    suffix = ""
    if offset:
        minutes = int(offset.total_seconds()) // 60
        suffix = f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return f"/Date({ms}{suffix})/"


def parse_json_date(text: str) -> datetime:
    match = _JSON_DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a JSON date: {text!r}")
    value = _EPOCH + timedelta(milliseconds=int(match["ms"]))
    offset = match["offset"]
    if offset:
        delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5]))
        value = value.astimezone(timezone(-delta if offset[0] == "-" else delta))
    return value


def format_duration(value: timedelta) -> str:
    """``xs:duration`` as .NET's XmlConvert writes a TimeSpan: ``P428DT10H30M12.3S``,
    ``-PT1S``, ``PT0S``."""
    if not value:
        return "PT0S"
    sign = "-" if value < timedelta(0) else ""
    value = abs(value)
    days, seconds = value.days, value.seconds
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    text = f"{sign}P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or value.microseconds:
        clock += (
            f"{seconds}"
            + (f".{value.microseconds:06d}".rstrip("0") if value.microseconds else "")
            + "S"
        )
    return text + (f"T{clock}" if clock else "")


def parse_duration(text: str) -> timedelta:
    match = _DURATION.fullmatch(text)
    if match is None or text.lstrip("-") in ("P", "PT") or text.endswith("T"):
        raise ValueError(f"not a duration: {text!r}")
    seconds = Decimal(match["seconds"] or 0)
    value = timedelta(
        days=int(match["days"] or 0),
        hours=int(match["hours"] or 0),
        minutes=int(match["minutes"] or 0),
        seconds=int(seconds),
        microseconds=int((seconds % 1) * 1_000_000),
    )
    return -value if match["sign"] else value
