"""Every message the command line prints speaks command-line, not Python.

A shell user gives ``--sender``, not ``sender=``; ``--row-count``, not ``row_count``;
text, not a ``str``. Each row below is a mistake a user can make, run in process; the
message it prints must name the flag or argument and carry no Python spelling.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import pytest

from iletimerkezi_async.cli.wording import reword
from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import InProcess

# `=,` (the old "give sender=, or ..."), a keyword argument (`sender=`), a snake_case name
# (`row_count`), or a Python type or class name.
PYTHON = re.compile(
    r"=,|\b[a-z]+=(?!\S)|\b[a-z]+=[A-Z'\"]|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"
    r"|\b(?:str|int|bool|float|NoneType|datetime|ConsentRecord|ValueError)\b"
)

# The keys of consent-create's input lines: a message names them as the input spells them.
INPUT_KEYS = {"consent_date", "recipient_type"}

Served = tuple[FakeIletiMerkezi, dict[str, str]]

# (argv, stdin, a phrase the message must contain)
MISTAKES: list[tuple[list[str], bytes, str]] = [
    # credentials and connection
    (["get-balance", "--api-key", ""], b"", "--api-key"),
    (["--api-hash", " ", "get-balance"], b"", "--api-hash"),
    (["--base-url", "ftp://x", "get-balance"], b"", "--base-url"),
    (["--base-url", "http://provider.example/", "get-balance"], b"", "--allow-insecure-http"),
    (["--timeout", "0", "get-balance"], b"", "--timeout"),
    (["get-balance", "--max-retries", "-1"], b"", "--max-retries"),
    (["--concurrency", "0", "get-balance"], b"", "--concurrency"),
    # send-sms
    (["send-sms", "--text", "x", "5051234567"], b"", "--sender"),
    (["--sender", "", "send-sms", "--text", "x", "5051234567"], b"", "--sender"),
    (["send-sms", "--sender", "ABCDEFGHIJKL", "--text", "x", "5051234567"], b"", "--sender"),
    (["send-sms", "--sender", "APITEST", "--text", " ", "5051234567"], b"", "--text"),
    (["send-sms", "--sender", "APITEST", "--text", "x", "12ab"], b"", "NUMBER"),
    (["send-sms", "--sender", "APITEST", "--text", "x"], b"5051234567\nabc\n", "line 2 of stdin"),
    (["send-sms", "--sender", "APITEST", "--text", "x", "--send-at", "2030-01-02"], b"", "offset"),
    (["send-sms", "--sender", "APITEST", "--text", "x", "--iys-list", "X"], b"", "--iys-list"),
    (
        ["send-sms", "--sender", "APITEST", "--text", "x", "--recipients-file", "/nope"],
        b"",
        "/nope",
    ),
    (["cancel-order", "12a"], b"", "ORDER_ID"),
    (["get-report", "1" * 31], b"", "ORDER_ID"),
    (["get-reports", "--start", "2026-02-01", "--end", "2026-01-01"], b"", "--end"),
    (["get-reports", "--start", "2026-13-01", "--end", "2026-01-01"], b"", "--start"),
    # phonebook
    (["add-contact"], b"", "--name"),
    (["edit-contact", "1007"], b"", "--no-groups"),
    (["edit-contact", "-1", "--name", "x"], b"", "ID"),
    (["add-contact", "--name", "x", "--custom-field", "2"], b"", "--custom-field"),
    (["add-contact", "--name", "x", "--group", "a"], b"", "--group"),
    (["search-contacts", "ab"], b"", "KEY"),
    (["search-contacts", "ayşe", "--row-count", "0"], b"", "--row-count"),
    (["search-contacts", "ayşe", "--row-count", "1001"], b"", "--row-count"),
    (["get-group-contacts", "12", "--page", "0"], b"", "--page"),
    (["get-group", "1" * 31], b"", "ID"),
    (["add-group", " "], b"", "NAME"),
    (["add-group", "x", "--parent", "x"], b"", "--parent"),
    (["edit-group", "13", "--name", "x", "--parent", "13"], b"", "--parent"),
    (["edit-group", "13", "--name", ""], b"", "--name"),
    # blacklist
    (["get-blacklist", "--start", "2020-02-01", "--end", "2020-01-01"], b"", "--start"),
    (["get-blacklist", "--start", "2020-02-01T10:00"], b"", "offset"),
    (["add-blacklist", "12ab"], b"", "NUMBER"),
    # consent
    (["consent-create", "--brand-code", "x"], b"", "--brand-code"),
    (["consent-create", "--brand-code", "696422"], b"{}\n", "line 1"),
    (["consent-create", "--brand-code", "696422"], b"", "no consent records"),
    (["consent-show", "+90505", "--brand-code", "x"], b"", "--brand-code"),
    (["consent-show", "not-a-number", "--brand-code", "696422"], b"", "RECIPIENT"),
    # ids
    (["get-contact"], b"", "contact ids"),
    (["get-contact", "-", "--ids-file", "-"], b"", "stdin"),
    (["get-contact", "--ids-file", "/nope"], b"", "/nope"),
    # the rest
    (["hash"], b"", "ILETIMERKEZI_SECRET"),
    (["demo", "--contacts", "0"], b"", "--contacts"),
    (["fake", "--port", "70000"], b"", "--port"),
    (["nope"], b"", "invalid choice"),
]

CONSENT = {
    "recipient": "+905057023100",
    "type": "MESAJ",
    "status": "ONAY",
    "source": "HS_WEB",
    "consent_date": "2026-01-07T23:50:00+03:00",
}
CONSENT_MISTAKES: list[tuple[dict[str, object], str]] = [
    ({**CONSENT, "recipient": "x@"}, "recipient"),
    ({**CONSENT, "type": "FAX"}, "type"),
    ({**CONSENT, "source": "web"}, "source"),
    ({**CONSENT, "consent_date": "2026-01-07"}, "consent_date"),
    ({**CONSENT, "recipient_type": "X"}, "recipient_type"),
]


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    fake = FakeIletiMerkezi()
    async with fake.serve() as base_url:
        yield (
            fake,
            {
                "ILETIMERKEZI_API_KEY": fake.api_key,
                "ILETIMERKEZI_API_HASH": fake.api_hash,
                "ILETIMERKEZI_BASE_URL": base_url,
            },
        )


def _python_spelling(message: str) -> list[str]:
    return [match.group() for match in PYTHON.finditer(message)]


def _id(value: object) -> str:
    if isinstance(value, list):
        return " ".join(value)
    return value.decode()[:10] if isinstance(value, bytes) else ""


@pytest.mark.parametrize(("argv", "stdin", "phrase"), MISTAKES, ids=_id)
async def test_a_usage_error_names_the_flag_not_the_python_argument(
    served: Served, cli_in_process: InProcess, argv: list[str], stdin: bytes, phrase: str
) -> None:
    fake, env = served
    ran = await cli_in_process(*argv, env=env, stdin=stdin)
    assert ran.code == 2, (ran.stdout, ran.stderr)
    message = ran.stderr.strip().splitlines()[-1]
    assert phrase in message
    allowed = INPUT_KEYS if "consent-create" in argv else set()
    assert set(_python_spelling(message)) <= allowed, message
    assert fake.stats.requests == 0


@pytest.mark.parametrize(("record", "key"), CONSENT_MISTAKES, ids=lambda v: str(v)[:20])
async def test_a_bad_consent_line_names_the_line_and_its_key(
    served: Served, cli_in_process: InProcess, record: dict[str, object], key: str
) -> None:
    fake, env = served
    stdin = (json.dumps(CONSENT) + "\n\n" + json.dumps(record) + "\n").encode()
    ran = await cli_in_process("consent-create", "--brand-code", "696422", env=env, stdin=stdin)
    assert ran.code == 2, (ran.stdout, ran.stderr)
    message = ran.stderr.strip().splitlines()[-1]
    assert "line 3" in message
    assert key in message
    assert set(_python_spelling(message)) <= INPUT_KEYS, message
    assert fake.stats.requests == 0


async def test_a_malformed_id_in_get_contact_output_speaks_command_line(
    served: Served, cli_in_process: InProcess
) -> None:
    fake, env = served
    fake.generate(1)
    ran = await cli_in_process("get-contact", "1", "abc", "-5", "1" * 31, env=env)
    assert ran.code == 1
    lines = [json.loads(line) for line in ran.stdout.splitlines()]
    failures = [line for line in lines if "error" in line]
    assert [line["id"] for line in failures] == ["abc", "-5", "1" * 31]
    for line in failures:
        assert _python_spelling(line["message"]) == [], line["message"]


def test_the_check_itself_catches_python_wording() -> None:
    for text in (
        "sender: give sender=, or set the client's sender= option",
        "row_count must be an int from 1 to 1000",
        "name must be a non-blank str, got ''",
        "pass allow_insecure_http=True",
    ):
        assert _python_spelling(text), text
    assert _python_spelling("--row-count must be from 1 to 1000; set ILETIMERKEZI_SENDER") == []


@pytest.mark.parametrize(
    ("message", "names", "worded"),
    [
        ("send_at must be in the future", None, "--send-at must be in the future"),
        ("row_count=0: too small", None, "--row-count=0: too small"),
        ("recipient: 'x' is wrong", {"recipient": "RECIPIENT"}, "RECIPIENT: 'x' is wrong"),
        ("recipients: too many", {"recipient": "RECIPIENT"}, "recipients: too many"),
        ("the sender must be approved", None, "the sender must be approved"),
    ],
)
def test_reword_names_the_argument_a_message_starts_with(
    message: str, names: dict[str, str] | None, worded: str
) -> None:
    # The net under every library message a command passes on (most are checked first).
    assert reword(message, names) == worded
