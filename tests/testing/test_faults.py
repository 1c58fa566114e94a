"""Fault values, their answers, and the seeded schedule (rates and scripts)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import get_args

import httpx
import pytest

from iletimerkezi_async import (
    APIError,
    AsyncClient,
    BadRequestError,
    DecodeError,
    IletiMerkeziError,
    RateLimitError,
    ServerError,
)
from iletimerkezi_async.sansio import decode_get_contact, error_class_for, parse_retry_after
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault
from iletimerkezi_async.testing.faults import FaultKind, FaultSchedule
from iletimerkezi_async.testing.shapes import MESSAGES

DOCUMENTED = [400, 401, 402, 403, 404, 422, 429, *range(450, 474), 503]


def test_faults_are_hashable_values() -> None:
    assert Fault.latency(0.5) == Fault.latency(0.5)
    assert Fault.latency(0.5) != Fault.stall(0.5)
    mix = {Fault.server_error(): 0.1, Fault.server_error(502): 0.1, Fault.disconnect(): 0.2}
    assert len(mix) == 3
    assert Fault.rate_limit(2).retry_after == "2"
    assert Fault.rate_limit(None).retry_after is None
    assert Fault.disconnect().kind == "disconnect"


@pytest.mark.parametrize(
    "make",
    [
        lambda: Fault.latency(-1),
        lambda: Fault.stall(-0.1),
        lambda: Fault.server_error(404),
        lambda: Fault.provider_error(42),
    ],
)
def test_invalid_faults_are_rejected(make: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        make()  # type: ignore[operator]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_is_an_html_page(status: int) -> None:
    answer = Fault.server_error(status).response("current")
    assert answer is not None
    assert answer.status == status
    assert answer.header("content-type") == "text/html"
    assert answer.body.startswith(b"<html>")
    with pytest.raises(ServerError) as caught:
        decode_get_contact(answer.status, answer.body)
    assert caught.value.status_code == status


@pytest.mark.parametrize("shape", ["current", "legacy"])
def test_rate_limit_answer(shape: str) -> None:
    answer = Fault.rate_limit("3").response(shape)  # type: ignore[arg-type]
    assert answer is not None
    assert answer.status == 429
    assert answer.header("Retry-After") == "3"
    document = json.loads(answer.body)
    assert str(document["response"]["status"]["code"]) == "429"
    assert parse_retry_after(answer.header("Retry-After"), now=0.0) == 3.0
    with pytest.raises(RateLimitError) as caught:
        decode_get_contact(answer.status, answer.body)
    assert (caught.value.status_code, caught.value.http_status) == (429, None)


def test_rate_limit_without_header_or_with_a_date() -> None:
    bare = Fault.rate_limit(None).response("current")
    assert bare is not None
    assert bare.header("Retry-After") is None
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    dated = Fault.rate_limit(date).response("current")
    assert dated is not None
    assert dated.header("retry-after") == date


def test_malformed_is_200_and_not_json() -> None:
    answer = Fault.malformed().response("current")
    assert answer is not None
    assert answer.status == 200
    with pytest.raises(ValueError):  # noqa: PT011 - whatever json says
        json.loads(answer.body)
    with pytest.raises(DecodeError):
        decode_get_contact(answer.status, answer.body)


@pytest.mark.parametrize("kind", ["latency", "stall", "disconnect", "truncate"])
def test_faults_that_bend_the_normal_answer_have_none_of_their_own(kind: str) -> None:
    fault = {
        "latency": Fault.latency(1),
        "stall": Fault.stall(1),
        "disconnect": Fault.disconnect(),
        "truncate": Fault.truncate(),
    }[kind]
    assert fault.response("current") is None


@pytest.mark.parametrize("shape", ["current", "legacy"])
@pytest.mark.parametrize("code", DOCUMENTED)
def test_every_documented_code_decodes_to_its_error(shape: str, code: int) -> None:
    answer = Fault.provider_error(code).response(shape)  # type: ignore[arg-type]
    assert answer is not None
    assert answer.status == code
    with pytest.raises(APIError) as caught:
        decode_get_contact(answer.status, answer.body)
    assert type(caught.value) is error_class_for(code)
    assert caught.value.status_code == code
    assert caught.value.message == MESSAGES[code]


def test_provider_error_with_own_message() -> None:
    answer = Fault.provider_error(422, "Alan hatalı.").response("legacy")
    assert answer is not None
    with pytest.raises(BadRequestError, match="Alan hatalı"):
        decode_get_contact(answer.status, answer.body)


def test_script_runs_in_order_then_normal() -> None:
    schedule = FaultSchedule()
    script = [Fault.disconnect(), None, Fault.server_error(), Fault.malformed()]
    schedule.push(script)
    assert schedule.pending == 4
    assert [schedule.next() for _ in range(6)] == [*script, None, None]


def test_script_goes_before_rates() -> None:
    schedule = FaultSchedule()
    schedule.set_rates({Fault.disconnect(): 1.0})
    schedule.push([None, Fault.truncate()])
    assert [schedule.next() for _ in range(3)] == [None, Fault.truncate(), Fault.disconnect()]


def kinds(seed: int, n: int = 500) -> list[str | None]:
    schedule = FaultSchedule(seed)
    schedule.set_rates({Fault.server_error(): 0.2, Fault.disconnect(): 0.1})
    return [None if (f := schedule.next()) is None else f.kind for _ in range(n)]


def test_rates_are_reproducible_per_seed() -> None:
    assert kinds(7) == kinds(7)
    assert kinds(7) != kinds(8)


def test_rates_are_roughly_honoured() -> None:
    counts = Counter(kinds(0, 5000))
    assert 900 < counts["server_error"] < 1100
    assert 400 < counts["disconnect"] < 600
    assert 3300 < counts[None] < 3700


def test_rates_are_validated() -> None:
    schedule = FaultSchedule()
    with pytest.raises(ValueError, match="within"):
        schedule.set_rates({Fault.disconnect(): 1.5})
    schedule.set_rates({Fault.disconnect(): 0.6})
    with pytest.raises(ValueError, match="more than 1"):
        schedule.set_rates({Fault.truncate(): 0.6})
    assert dict(schedule.rates) == {Fault.disconnect(): 0.6}
    schedule.set_rates({Fault.disconnect(): 0})
    assert not schedule.rates
    with pytest.raises(TypeError):
        schedule.push(["disconnect"])  # type: ignore[list-item]


def test_fake_fault_controls() -> None:
    fake = FakeIletiMerkezi()
    fake.inject(Fault.disconnect(), 0.25)
    fake.inject_mix({Fault.server_error(): 0.25, Fault.malformed(): 0.1})
    assert dict(fake.fault_rates) == {
        Fault.disconnect(): 0.25,
        Fault.server_error(): 0.25,
        Fault.malformed(): 0.1,
    }
    fake.inject(Fault.disconnect(), 0)
    assert Fault.disconnect() not in fake.fault_rates
    fake.script(Fault.truncate(), None)
    assert fake.scripted == 2
    fake.clear_faults()
    assert not fake.fault_rates
    assert fake.scripted == 0


async def test_a_refused_connection_leaves_the_fake_untouched_and_is_retried(clean_env):
    from iletimerkezi_async import AsyncClient, RetryPolicy, TransportError
    from iletimerkezi_async.testing import FakeIletiMerkezi

    fake = FakeIletiMerkezi()
    fake.generate(1, start_id=1)
    fake.script(Fault.refuse())
    policy = RetryPolicy(base_delay=0.001, max_delay=0.001)
    async with AsyncClient(
        fake.api_key, fake.api_hash, transport=fake.transport, retry_policy=policy
    ) as client:
        assert (await client.get_contact(1)).id == 1
        assert fake.stats.by_contact[1] == 1  # the refused attempt never reached it
        assert fake.stats.faults["refuse"] == 1
        fake.script(Fault.refuse())
        async with AsyncClient(
            fake.api_key, fake.api_hash, transport=fake.transport, max_retries=0
        ) as once:
            with pytest.raises(TransportError) as caught:
                await once.get_contact(1)
            assert caught.value.request_sent is False


# README's "Faults: before or after the fake applies the request" table.
README_ROWS = re.findall(
    r"^\| `Fault\.(\w+)\(\w*\)` \| (before|after) \| (unchanged|changed) \|",
    (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8"),
    re.M,
)
EVERY_FAULT = {
    "refuse": Fault.refuse(),
    "rate_limit": Fault.rate_limit("0"),
    "provider_error": Fault.provider_error(503),
    "latency": Fault.latency(0.01),
    "stall": Fault.stall(2.0),
    "server_error": Fault.server_error(503),
    "disconnect": Fault.disconnect(),
    "truncate": Fault.truncate(),
    "malformed": Fault.malformed(),
}


def test_the_readme_says_when_every_fault_acts() -> None:
    assert [row[0] for row in README_ROWS] == list(EVERY_FAULT)
    assert set(EVERY_FAULT) == set(get_args(FaultKind))
    for kind, acts, state in README_ROWS:
        assert (acts, state) in (("before", "unchanged"), ("after", "changed")), kind
        assert EVERY_FAULT[kind].refuses == (acts == "before"), kind


@pytest.mark.parametrize("front", ["transport", "socket"])
@pytest.mark.parametrize(("kind", "acts"), [row[:2] for row in README_ROWS])
async def test_a_fault_acts_before_or_after_the_write_as_the_readme_says(
    clean_env: None, front: str, kind: str, acts: str
) -> None:
    fake = FakeIletiMerkezi()
    fake.script(EVERY_FAULT[kind])
    # Only the stall is to outlast a read; on a busy machine nothing else may time out.
    timeout = httpx.Timeout(10, read=0.5) if kind == "stall" else 10
    options = {"max_retries": 0, "timeout": timeout}
    async with fake.serve() as base_url:
        where = {"transport": fake.transport} if front == "transport" else {"base_url": base_url}
        async with AsyncClient(fake.api_key, fake.api_hash, **where, **options) as client:
            try:
                await client.add_contact(name="Ayşe")
            except IletiMerkeziError:
                assert kind != "latency"  # the one fault a client sees nothing of
    assert len(fake.contacts) == (1 if acts == "after" else 0)
    assert fake.stats.faults == {kind: 1}
