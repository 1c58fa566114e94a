"""get-report / get-reports arguments, and the 10-day windows of iter_reports."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iletimerkezi_async.errors import DecodeError
from iletimerkezi_async.sansio import Credentials, OrderReport, reports
from iletimerkezi_async.sansio.converter import ISTANBUL

CREDENTIALS = Credentials("key", "hash")
DAY = datetime.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"page": 0}, "page"),
        ({"page": True}, "page"),
        ({"row_count": 0}, "row_count"),
        ({"row_count": 1001}, "row_count"),
        ({"row_count": "5"}, "row_count"),
    ],
)
def test_get_report_arguments(kwargs: dict[str, object], argument: str) -> None:
    with pytest.raises(ValueError, match=argument):
        reports.get_report(CREDENTIALS, 1, **kwargs)  # type: ignore[arg-type]


def test_order_ids_keep_leading_zeros() -> None:
    call = reports.get_report(CREDENTIALS, "00042")
    assert b'"id":"00042"' in call.request.body
    assert call.ids == {"order_id": "00042"}


def test_get_reports_range_rules() -> None:
    reports.get_reports(CREDENTIALS, DAY, DAY + datetime.timedelta(days=10))
    with pytest.raises(ValueError, match="10 days"):
        reports.get_reports(CREDENTIALS, DAY, DAY + datetime.timedelta(days=11))
    with pytest.raises(ValueError, match="before start"):
        reports.get_reports(CREDENTIALS, DAY, DAY - datetime.timedelta(days=1))
    with pytest.raises(ValueError, match="start"):
        reports.get_reports(CREDENTIALS, "2026-05-01", DAY)  # type: ignore[arg-type]


def test_an_aware_datetime_counts_as_its_istanbul_day() -> None:
    late_utc = datetime.datetime(2026, 5, 1, 22, 30, tzinfo=datetime.UTC)  # 01:30 on the 2nd
    assert reports.to_date(late_utc, "start") == datetime.date(2026, 5, 2)
    naive = datetime.datetime(2026, 5, 1, 22, 30)
    assert reports.to_date(naive, "start") == datetime.date(2026, 5, 1)
    assert reports.to_date(late_utc.astimezone(ISTANBUL), "x") == datetime.date(2026, 5, 2)


@given(st.dates(), st.integers(min_value=0, max_value=400))
def test_windows_cover_every_day_once_within_the_limit(start: datetime.date, span: int) -> None:
    try:
        end = start + datetime.timedelta(days=span)
    except OverflowError:
        return
    windows = list(reports.report_windows(start, end))
    days = []
    for first, last in windows:
        assert first <= last
        assert (last - first).days <= reports.MAX_RANGE_DAYS
        days.extend(first + datetime.timedelta(days=i) for i in range((last - first).days + 1))
    assert days == [start + datetime.timedelta(days=i) for i in range(span + 1)]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_ORDER = st.fixed_dictionaries(
    {"id": st.sampled_from([1, "1", "01", "x", None])},
    optional={
        "status": _JSON | st.sampled_from([113, "114"]),
        "total": _JSON | st.just(1),
        "price": _JSON | st.sampled_from(["0,0372", 1.5]),
        "submitAt": _JSON | st.just("2026-04-29 04:32:24"),
        "message": _JSON
        | st.lists(st.fixed_dictionaries({"number": _JSON, "status": _JSON}), max_size=3),
    },
)


@given(_ORDER)
def test_any_report_decodes_or_raises_decode_error(order: dict[str, object]) -> None:
    body = json.dumps({"response": {"status": {"code": 200}, "order": order}}).encode()
    try:
        report = reports.get_report(CREDENTIALS, 1).decode(200, body)
    except DecodeError:
        return
    assert isinstance(report, OrderReport)
    assert report.id.lstrip("0") == "1"


def test_windows_reach_date_max() -> None:
    start = datetime.date.max - datetime.timedelta(days=25)
    windows = list(reports.report_windows(start, datetime.date.max))
    assert windows[-1] == (datetime.date.max - datetime.timedelta(days=5), datetime.date.max)
    assert list(reports.report_windows(datetime.date.max, datetime.date.max)) == [
        (datetime.date.max, datetime.date.max)
    ]


@pytest.mark.parametrize(
    "submitted",
    [
        "2026-04-29 01:32:24Z",
        "2026-04-29T01:32:24+00:00",
        "2026-04-29 04:32:24",
        "2026-04-29 07:32:24+06:00",
    ],
)
def test_times_with_an_offset_are_converted_to_istanbul_time(submitted: str) -> None:
    order = {"id": 1, "status": 114, "total": 0, "submitAt": submitted}
    body = json.dumps({"response": {"status": {"code": 200}, "order": order}}).encode()
    report = reports.get_report(CREDENTIALS, 1).decode(200, body)
    assert report.submitted_at is not None
    assert report.submitted_at.utcoffset() == datetime.timedelta(hours=3)
    assert (report.submitted_at.hour, report.submitted_at.minute) == (4, 32)


def test_a_time_with_an_offset_and_no_istanbul_time_is_a_decode_error() -> None:
    order = {"id": 1, "status": 114, "total": 0, "submitAt": "9999-12-31 23:59:59-05:00"}
    body = json.dumps({"response": {"status": {"code": 200}, "order": order}}).encode()
    with pytest.raises(DecodeError, match=r"\$\.response\.order\.submitAt"):
        reports.get_report(CREDENTIALS, 1).decode(200, body)
