"""Decode micro-benchmark: microseconds per contact for ``sansio.decode_get_contact``
against ``json.loads`` / ``orjson.loads`` with hand-written dict access building the same
``Contact``, and a msgspec Struct decode as a floor; both the current and the legacy shape."""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from stand_in_process import StandIn  # beside this file

from iletimerkezi_async import Contact, CustomField
from iletimerkezi_async.sansio import decode_get_contact

__all__ = ["section"]

DECODE_TARGET_US = 15.0

CONTACT_ID = 1234
CURRENT_BODY = (
    '{"response":{"status":{"code":200,"message":"OK"},"contact":{"id":1234,"name":"Çağrı",'
    '"surname":"Yılmaz","email":"c@example.com","gsm":"+905551112233",'
    '"custom_fields":[{"id":1,"value":"x"}],"groups":[1,2]}}}'
).encode()
LEGACY_BODY = (
    '{"response":{"status":{"code":"200","message":"OK"},"contact":{"id":"1234","name":"Çağrı",'
    '"surname":"Yılmaz","email":"c@example.com","gsm":"+905551112233",'
    '"custom_fields":{"custom_field":[{"id":"1","value":"x"}]},'
    '"groups":{"group":[{"id":"1"},{"id":"2"}]}}}}'
).encode()
EXPECTED = Contact(
    CONTACT_ID, "Çağrı", "Yılmaz", "c@example.com", "+905551112233", (CustomField(1, "x"),), (1, 2)
)


try:  # a reference point only: the shape as msgspec Structs, both shapes in one schema
    import msgspec
except ImportError:  # pragma: no cover
    msgspec = None  # type: ignore[assignment]
else:

    class MsgspecStatus(msgspec.Struct):
        code: int | str
        message: str

    class MsgspecField(msgspec.Struct):
        id: int | str
        value: str

    class MsgspecFieldWrapper(msgspec.Struct):
        custom_field: list[MsgspecField]

    class MsgspecGroup(msgspec.Struct):
        id: int | str

    class MsgspecGroupWrapper(msgspec.Struct):
        group: list[MsgspecGroup]

    class MsgspecContact(msgspec.Struct):
        id: int | str
        name: str
        surname: str
        email: str | None
        gsm: str | None
        custom_fields: list[MsgspecField] | MsgspecFieldWrapper
        groups: list[int] | MsgspecGroupWrapper

    class MsgspecResponse(msgspec.Struct):
        status: MsgspecStatus
        contact: MsgspecContact

    class MsgspecDocument(msgspec.Struct):
        response: MsgspecResponse


def _items(value: Any, wrapper: str) -> list[Any]:
    if not value:
        return []
    if type(value) is dict:
        inner = value.get(wrapper)
        if not inner:
            return []
        return inner if type(inner) is list else [inner]
    return value  # type: ignore[no-any-return]


def hand_contact(document: Any, contact_id: int) -> Contact:
    """Plain dict access, both shapes, building the same ``Contact``."""
    response = document["response"]
    if int(response["status"]["code"]) != 200:
        raise ValueError("not a 200")
    raw = response["contact"]
    groups = []
    for entry in _items(raw.get("groups"), "group"):
        groups.append(int(entry["id"]) if type(entry) is dict else int(entry))
    contact = Contact(
        int(raw["id"]),
        raw["name"] or "",
        raw["surname"] or "",
        raw.get("email") or None,
        raw.get("gsm") or None,
        tuple(
            CustomField(int(f["id"]), f["value"])
            for f in _items(raw.get("custom_fields"), "custom_field")
        ),
        tuple(groups),
    )
    if contact.id != contact_id:
        raise ValueError("wrong contact")
    return contact


def decode_contenders() -> dict[str, Callable[[bytes], object]]:
    """name -> f(body); each must decode both shapes of the same contact."""
    contenders: dict[str, Callable[[bytes], object]] = {
        "ours: sansio.decode_get_contact": lambda body: decode_get_contact(
            200, body, contact_id=CONTACT_ID
        ),
        "stdlib json + dict access": lambda body: hand_contact(json.loads(body), CONTACT_ID),
    }
    try:
        import orjson

        contenders["orjson + dict access"] = lambda body: hand_contact(
            orjson.loads(body), CONTACT_ID
        )
    except ImportError:
        pass
    if msgspec is not None:
        contenders["msgspec Struct (reference)"] = msgspec.json.Decoder(MsgspecDocument).decode
    return contenders


def run_decode(quick: bool) -> dict[str, dict[str, float]]:
    """us per contact, median of interleaved repeats, per (contender, shape)."""
    bodies = {"current": CURRENT_BODY, "legacy": LEGACY_BODY}
    contenders = decode_contenders()
    for name, decode in contenders.items():
        for shape, body in bodies.items():
            got = decode(body)
            if isinstance(got, Contact) and got != EXPECTED:
                raise RuntimeError(f"{name} decoded the {shape} shape to {got!r}")
    loops = 2_000 if quick else 10_000
    repeats = 3 if quick else 7
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(repeats):
        for shape, body in bodies.items():
            for name, decode in contenders.items():
                start = time.perf_counter()
                for _ in range(loops):
                    decode(body)
                elapsed = time.perf_counter() - start
                times.setdefault((name, shape), []).append(elapsed / loops * 1e6)
    result: dict[str, dict[str, float]] = {}
    for (name, shape), values in times.items():
        result.setdefault(name, {})[shape] = statistics.median(values)
    return result


def print_decode(result: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    print()
    print(f"{'decoder (us per contact)':<34} {'current':>8} {'legacy':>8}")
    for name, by_shape in result.items():
        print(f"{name:<34} {by_shape['current']:8.2f} {by_shape['legacy']:8.2f}")
    verdicts = []
    ours = result["ours: sansio.decode_get_contact"]
    for shape in ("current", "legacy"):
        verdict = "PASS" if ours[shape] <= DECODE_TARGET_US else "FAIL"
        verdicts.append(
            {
                "check": f"decode_get_contact, {shape} shape",
                "value_us": ours[shape],
                "target_us": DECODE_TARGET_US,
                "verdict": verdict,
            }
        )
    return verdicts


def section(args: argparse.Namespace, stand_in: StandIn) -> dict[str, Any]:
    print("\ndecode micro-benchmark", flush=True)
    decode = run_decode(args.quick)
    verdicts = print_decode(decode)
    for row in verdicts:
        print(
            f"{row['check']:<38} {row['value_us']:5.2f} us  target <="
            f" {row['target_us']:.0f} us  {row['verdict']}"
        )
    return {"us_per_contact": decode, "checks": verdicts}
