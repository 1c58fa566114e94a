"""Rows for the messaging and account methods: send-sms, cancel-order, get-report,
get-reports, get-balance, get-sender."""

from __future__ import annotations

import datetime
import decimal

import attrs

from iletimerkezi_async.errors import DecodeError
from iletimerkezi_async.sansio import (
    Balance,
    Message,
    MessageStatus,
    Order,
    OrderReport,
    OrderSummary,
    OrderSummaryPage,
    account,
    messaging,
    reports,
)
from iletimerkezi_async.sansio.converter import ISTANBUL

from . import Answer, MethodCase, ok

AT = datetime.datetime(2024, 12, 2, 15, 13, 55, tzinfo=ISTANBUL)
SEND_AT = datetime.datetime(2022, 4, 23, 6, 0, 30, tzinfo=datetime.UTC)  # 09:00:30 in Istanbul

SEND_CODES = (400, 401, 402, 450, 451, 452, 453, 454, 457, 459, 460, 468, 469, 470)


def _balance_body(amount: str) -> bytes:
    # Raw bytes: NaN and Infinity are not JSON, so no encoder writes them.
    status = b'{"code":200,"message":"ok"}'
    return b'{"response":{"status":%s,"balance":{"amount":%s,"sms":1}}}' % (
        status,
        amount.encode(),
    )


REPORT_CURRENT = {
    "id": "312891245",
    "status": 114,
    "total": 1,
    "delivered": 1,
    "undelivered": 0,
    "waiting": 0,
    "submitAt": "2024-12-02 15:13:55",
    "sendAt": "2024-12-02 15:13:55",
    "sender": "eMarka Test",
    "price": 1,
    "message": [{"number": "+905333128320", "status": 111}],
}
REPORT_JAVA = {  # the JAVA SDK's captured answer: strings everywhere, a decimal comma
    **REPORT_CURRENT,
    "status": "114",
    "price": "0,0372",
    "message": [{"number": "+905333128320", "status": "111"}],
}
REPORT = OrderReport(
    "312891245",
    114,
    1,
    1,
    0,
    0,
    AT,
    AT,
    "eMarka Test",
    decimal.Decimal(1),
    (MessageStatus("+905333128320", 111),),
)
REPORT_OLD = {  # the pre-2024 docs: no counters, numbers as JSON numbers
    "id": 312891245,
    "status": 113,
    "message": [{"number": 5301234567, "status": 110}, {"number": 5301234568, "status": 111}],
}
REPORT_FROM_OLD = OrderReport(
    "312891245",
    113,
    2,
    1,
    0,
    1,
    None,
    None,
    None,
    None,
    (MessageStatus("5301234567", 110), MessageStatus("5301234568", 111)),
)

SUMMARY_RAW = {
    "id": 89,
    "status": 113,
    "total": 1,
    "delivered": 0,
    "undelivered": 0,
    "waiting": 1,
    "submitAt": "2024-11-12 02:04:08",
    "sendAt": "2024-11-12 02:04:08",
    "sender": "eMarka",
}
NOV_12 = datetime.datetime(2024, 11, 12, 2, 4, 8, tzinfo=ISTANBUL)
SUMMARY = OrderSummary("89", 113, 1, 0, 0, 1, NOV_12, NOV_12, "eMarka")

CASES = [
    MethodCase(
        name="send-sms",
        build=lambda credentials: messaging.send_sms(
            credentials,
            ["0505 123 45 67", "(0505) 123-4568", "05051234567"],
            "Merhaba dünya",
            sender="APITEST",
            send_at=SEND_AT,
            now=SEND_AT - datetime.timedelta(hours=1),
        ),
        method="send-sms",
        kind="write",
        golden={
            "order": {
                "sender": "APITEST",
                "sendDateTime": "23/04/2022 09:00",
                "iys": "1",
                "iysList": "BIREYSEL",
                "message": {
                    "text": "Merhaba dünya",
                    "receipents": {"number": ["05051234567", "05051234568"]},
                },
            }
        },
        answers=[
            Answer(ok(order={"id": "12323232"}), Order("12323232"), name="current"),
            Answer(ok("200", order={"id": "00001"}), Order("00001"), name="leading zeros"),
            Answer(ok(order={"id": 12323232}), Order("12323232"), name="numeric id"),
            Answer(ok(order=[{"id": "7"}]), Order("7"), name="wrapped in a list"),
            Answer(ok(order={"id": "abc"}), DecodeError, name="bad id"),
            Answer(ok(order={"id": 10**30}), DecodeError, name="31-digit numeric id"),
        ],
        without_payload=DecodeError,
        codes=SEND_CODES,
    ),
    MethodCase(
        name="send-sms (a text per recipient)",
        build=lambda credentials: messaging.send_sms_messages(
            credentials,
            [Message("Merhaba Ayşe", "+905051234567"), Message("Merhaba Can", ["5059876543"])],
            sender="APITEST",
            iys=False,
            iys_list="TACIR",
        ),
        method="send-sms",
        kind="write",
        golden={
            "order": {
                "sender": "APITEST",
                "iys": "0",
                "iysList": "TACIR",
                "message": [
                    {"text": "Merhaba Ayşe", "receipents": {"number": ["+905051234567"]}},
                    {"text": "Merhaba Can", "receipents": {"number": ["5059876543"]}},
                ],
            }
        },
        answers=[Answer(ok(order={"id": "5"}), Order("5"), name="current")],
        without_payload=DecodeError,
        codes=SEND_CODES,
    ),
    MethodCase(
        name="cancel-order",
        build=lambda credentials: messaging.cancel_order(credentials, 428),
        method="cancel-order",
        kind="write",
        golden={"order": {"id": "428"}},
        answers=[
            Answer(ok(), None, name="current"),
            Answer(ok("200"), None, name="legacy"),
        ],
        without_payload=None,
        codes=(400, 401, 404, 455),
        ids={"order_id": "428"},
    ),
    MethodCase(
        name="get-report",
        build=lambda credentials: reports.get_report(credentials, "312891245", page=2, row_count=5),
        method="get-report",
        kind="read",
        golden={"order": {"id": "312891245", "page": 2, "rowCount": 5}},
        answers=[
            Answer(ok(order=REPORT_CURRENT), REPORT, name="current"),
            Answer(
                ok("200", order=REPORT_JAVA),
                attrs.evolve(REPORT, price=decimal.Decimal("0.0372")),
                name="legacy strings",
            ),
            Answer(ok(order=REPORT_OLD), REPORT_FROM_OLD, name="pre-2024 shape"),
            Answer(
                ok(order={**REPORT_CURRENT, "message": [], "price": "0,0000"}),
                OrderReport(
                    "312891245", 114, 1, 1, 0, 0, AT, AT, "eMarka Test", decimal.Decimal(0), ()
                ),
                name="empty page",
            ),
            Answer(ok(order={**REPORT_CURRENT, "id": "1"}), DecodeError, name="another order"),
            Answer(ok(order={**REPORT_CURRENT, "price": "x"}), DecodeError, name="bad price"),
            Answer(
                ok(order={**REPORT_CURRENT, "message": [{"number": "1"}]}),
                DecodeError,
                name="message without status",
            ),
        ],
        without_payload=DecodeError,
        codes=(400, 401, 404, 455, 456),
        ids={"order_id": "312891245"},
    ),
    MethodCase(
        name="get-reports",
        build=lambda credentials: reports.get_reports(
            credentials, datetime.date(2024, 11, 2), datetime.datetime(2024, 11, 12, 1, 0)
        ),
        method="get-reports",
        kind="read",
        golden={"filter": {"start": "2024-11-02", "end": "2024-11-12", "page": 1}},
        answers=[
            Answer(
                ok(count=2, orders=[SUMMARY_RAW]),
                OrderSummaryPage(2, (SUMMARY,)),
                name="current",
            ),
            Answer(
                ok(
                    "200",
                    count="2",
                    orders=[{**SUMMARY_RAW, "id": "89", "status": "113", "total": "1"}],
                ),
                OrderSummaryPage(2, (SUMMARY,)),
                name="legacy strings",
            ),
            Answer(ok(count=0, orders=[]), OrderSummaryPage(0, ()), name="none"),
            Answer(ok(count=31), OrderSummaryPage(31, ()), name="a page past the end"),
            # The count says how many pages there are: a listing without it is refused.
            Answer(ok(orders=[SUMMARY_RAW]), DecodeError, name="orders without a count"),
            Answer(ok(count="x", orders=[]), DecodeError, name="bad count"),
            Answer(ok(count=1, orders=[{"status": 113}]), DecodeError, name="order without id"),
        ],
        without_payload=OrderSummaryPage(0, ()),
        codes=(400, 401, 404, 458),
    ),
    MethodCase(
        name="get-balance",
        build=account.get_balance,
        method="get-balance",
        kind="read",
        golden={},
        answers=[
            Answer(
                ok(balance={"amount": 10.584, "sms": 67}),
                Balance(decimal.Decimal("10.584"), 67),
                name="current",
            ),
            Answer(
                ok("200", balance={"amount": "0", "sms": "18343"}),
                Balance(decimal.Decimal(0), 18343),
                name="legacy strings",
            ),
            Answer(
                ok(balance={"amount": "12,5", "sms": 3}),
                Balance(decimal.Decimal("12.5"), 3),
                name="decimal comma",
            ),
            Answer(ok(balance={"amount": "x", "sms": 1}), DecodeError, name="bad amount"),
            # A missing value is never taken as zero: zero money would be a guess.
            Answer(ok(balance={"amount": 10.5}), DecodeError, name="no sms"),
            Answer(ok(balance={"sms": 1}), DecodeError, name="no amount"),
            Answer(ok(balance={}), DecodeError, name="an empty balance"),
            Answer(ok(balance=None), DecodeError, name="a null balance"),
            *(
                Answer(_balance_body(amount), DecodeError, name=f"amount {amount}")
                for amount in ("NaN", "Infinity", "-Infinity", "1e999", '"NaN"', '"Infinity"')
            ),
        ],
        without_payload=DecodeError,
        codes=(400, 401, 404),
    ),
    MethodCase(
        name="get-sender",
        build=account.get_sender,
        method="get-sender",
        kind="read",
        golden={},
        answers=[
            Answer(ok(senders={"sender": ["eMarka Test"]}), ["eMarka Test"], name="current"),
            Answer(ok(senders={"sender": []}), [], name="none yet"),
            Answer(ok(senders={"sender": "ACME"}), ["ACME"], name="a lone sender"),
            Answer(ok(senders=["A", "B"]), ["A", "B"], name="a bare list"),
            Answer(ok(senders=None), [], name="null senders"),
            Answer(ok(senders={"sender": [{"x": 1}]}), DecodeError, name="not text"),
        ],
        without_payload=[],
        codes=(400, 401, 404),
    ),
]
