"""The hash and the secret never show up in logs, reprs, error texts or tracebacks."""

from __future__ import annotations

import logging
import traceback

import httpx
import pytest

from iletimerkezi_async import AsyncClient, IletiMerkeziError, compute_hash

KEY = "0123456789abcdef0123456789abcdef"
HASH = "HASH-SHOULD-NOT-LEAK-123"
SECRET = "SECRET-SHOULD-NOT-LEAK-456"
COMPUTED = compute_hash(KEY, SECRET)


def status(code: int, message: str) -> dict[str, object]:
    return {"response": {"status": {"code": code, "message": message}}}


def scenarios(contact_payload):
    """Each path: the answers the provider gives (one per attempt), by name."""
    return {
        "success": [httpx.Response(200, json=contact_payload(1))],
        "retry": [
            httpx.Response(503, html="<html>down</html>"),
            httpx.Response(200, json=contact_payload(1)),
        ],
        "401": [httpx.Response(401, json=status(401, "Üyelik bilgileri hatalı"))],
        "465": [httpx.Response(465, json=status(465, "Kayıt bulunamadı"))],
        "timeout": [httpx.ReadTimeout] * 3,
        "transport": [httpx.ConnectError] * 3,
        "reset": [httpx.RemoteProtocolError] * 3,
        "not-json": [httpx.Response(200, html="<html>maintenance</html>")],
        "429-too-long": [
            httpx.Response(429, json=status(429, "Yavaş"), headers={"Retry-After": "3600"})
        ],
    }


def assert_hidden(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize(
    ("credentials", "hidden"),
    [
        ({"api_hash": HASH}, (HASH,)),
        ({"secret": SECRET}, (SECRET, COMPUTED)),
    ],
    ids=["hash", "secret"],
)
async def test_secrets_never_leak(
    fast_client_factory, route, contact_payload, caplog, credentials, hidden
):
    caplog.set_level(logging.DEBUG, logger="iletimerkezi_async")
    caplog.set_level(logging.DEBUG, logger="httpx")
    errors: list[BaseException] = []
    for name, answers in scenarios(contact_payload).items():
        route.side_effect = answers
        client = fast_client_factory(api_key=KEY, **credentials)
        assert_hidden(repr(client), *hidden)
        assert_hidden(str(client), *hidden)
        try:
            await client.get_contact(1)
        except IletiMerkeziError as error:
            errors.append(error)
        except Exception as error:  # pragma: no cover - only when something escapes
            pytest.fail(f"{name}: a foreign exception escaped: {error!r}")
        await client.aclose()
        assert_hidden(repr(client), *hidden)

    # Both a hash and a secret client sent the same paths; 7 of them fail.
    assert len(errors) == 7
    for error in errors:
        assert_hidden(str(error), *hidden)
        assert_hidden(repr(error), *hidden)
        assert_hidden("".join(traceback.format_exception(error)), *hidden)
        assert_hidden(repr(error.args), *hidden)

    ours = [r for r in caplog.records if r.name.startswith("iletimerkezi_async")]
    assert len(ours) >= 12  # one DEBUG record per attempt at least
    for record in caplog.records:
        assert_hidden(record.getMessage(), *hidden)
        assert_hidden(str(record.msg), *hidden)
        for arg in record.args or ():
            assert_hidden(str(arg), *hidden)
            assert_hidden(repr(arg), *hidden)
        if record.exc_info:
            assert_hidden("".join(traceback.format_exception(*record.exc_info)), *hidden)


def test_repr_shows_no_secret(clean_env):
    for client in (AsyncClient(KEY, HASH), AsyncClient(KEY, secret=SECRET)):
        text = repr(client)
        assert "AsyncClient" in text
        assert_hidden(text, HASH, SECRET, COMPUTED)
        assert_hidden(repr(client._credentials), HASH, SECRET, COMPUTED)


def test_construction_errors_do_not_echo_secrets(clean_env):
    with pytest.raises(ValueError, match="api_key") as caught:
        AsyncClient(api_key=" " + KEY, api_hash=HASH)
    assert_hidden(str(caught.value), HASH)
    with pytest.raises(ValueError, match="api_hash") as caught:
        AsyncClient(api_key=KEY, api_hash=HASH + " ")
    assert_hidden(str(caught.value), HASH)
    with pytest.raises(ValueError, match="secret") as caught:
        AsyncClient(api_key=KEY, secret=SECRET + "\n")
    assert_hidden(str(caught.value), SECRET)
