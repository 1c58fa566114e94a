"""Constructing an AsyncClient: credentials, base_url and option checks."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from iletimerkezi_async import AsyncClient, RetryPolicy, compute_hash

KEY = "0123456789abcdef0123456789abcdef"
HASH = "HASH-SHOULD-NOT-LEAK-123"
SECRET = "SECRET-SHOULD-NOT-LEAK-456"
VARS = ("ILETIMERKEZI_API_KEY", "ILETIMERKEZI_API_HASH", "ILETIMERKEZI_SECRET")


def sent_authentication(route: respx.Route) -> dict[str, str]:
    body = json.loads(route.calls.last.request.content)
    return body["request"]["authentication"]


async def test_credentials_from_arguments(clean_env, route):
    async with AsyncClient(KEY, HASH) as client:
        await client.get_contact(1)
    assert sent_authentication(route) == {"key": KEY, "hash": HASH}


async def test_credentials_from_keywords(clean_env, route):
    async with AsyncClient(api_key=KEY, api_hash=HASH) as client:
        await client.get_contact(1)
    assert sent_authentication(route) == {"key": KEY, "hash": HASH}


async def test_credentials_from_environment(clean_env, route):
    clean_env.setenv("ILETIMERKEZI_API_KEY", "env-key-0000")
    clean_env.setenv("ILETIMERKEZI_API_HASH", "env-hash-1111")
    async with AsyncClient() as client:
        await client.get_contact(1)
    assert sent_authentication(route) == {"key": "env-key-0000", "hash": "env-hash-1111"}


async def test_arguments_win_over_environment(clean_env, route):
    clean_env.setenv("ILETIMERKEZI_API_KEY", "env-key-0000")
    clean_env.setenv("ILETIMERKEZI_API_HASH", "env-hash-1111")
    async with AsyncClient(KEY, HASH) as client:
        await client.get_contact(1)
    assert sent_authentication(route) == {"key": KEY, "hash": HASH}


async def test_key_from_argument_hash_from_environment(clean_env, route):
    clean_env.setenv("ILETIMERKEZI_API_HASH", "env-hash-1111")
    async with AsyncClient(api_key=KEY) as client:
        await client.get_contact(1)
    assert sent_authentication(route) == {"key": KEY, "hash": "env-hash-1111"}


async def test_secret_argument_computes_the_hash(clean_env, route):
    async with AsyncClient(api_key=KEY, secret=SECRET) as client:
        await client.get_contact(1)
    assert sent_authentication(route) == {"key": KEY, "hash": compute_hash(KEY, SECRET)}


async def test_secret_from_environment_computes_the_hash(clean_env, route):
    clean_env.setenv("ILETIMERKEZI_API_KEY", KEY)
    clean_env.setenv("ILETIMERKEZI_SECRET", SECRET)
    async with AsyncClient() as client:
        await client.get_contact(1)
    assert sent_authentication(route) == {"key": KEY, "hash": compute_hash(KEY, SECRET)}


def test_hash_follows_the_documented_vector(clean_env):
    # The pinned vector (docs/wire-format.md), through the client's own credentials.
    client = AsyncClient("public_key", secret="secret_key")
    expected = "b6a736a4b6739ac56db7e903b0ef55bda82fca63fac55d4bd1d6d62c54888b22"
    assert client._credentials.api_hash == expected


def test_no_credentials_at_all_names_every_variable(clean_env):
    with pytest.raises(ValueError, match="credentials") as caught:
        AsyncClient()
    for name in VARS:
        assert name in str(caught.value)


def test_key_without_hash_or_secret_is_refused(clean_env):
    with pytest.raises(ValueError, match="ILETIMERKEZI_API_HASH"):
        AsyncClient(api_key=KEY)


def test_hash_without_key_is_refused(clean_env):
    with pytest.raises(ValueError, match="ILETIMERKEZI_API_KEY"):
        AsyncClient(api_hash=HASH)


@pytest.mark.parametrize(
    ("key", "hash_", "named"),
    [
        ("", HASH, "api_key= was given but is empty"),
        ("   ", HASH, "api_key"),
        (" " + KEY, HASH, "api_key"),
        (KEY, "", "api_hash= was given but is empty"),
        (KEY, "  \t", "api_hash"),
        (KEY, HASH + "\n", "api_hash"),
    ],
)
def test_empty_or_padded_key_or_hash_is_refused(clean_env, key, hash_, named):
    with pytest.raises(ValueError, match=named):
        AsyncClient(api_key=key, api_hash=hash_)


@pytest.mark.parametrize("secret", ["", "   "])
def test_empty_secret_is_refused(clean_env, secret):
    with pytest.raises(ValueError, match="secret"):
        AsyncClient(api_key=KEY, secret=secret)


def test_empty_environment_variables_count_as_missing(clean_env):
    for name in VARS:
        clean_env.setenv(name, "")
    with pytest.raises(ValueError, match="ILETIMERKEZI_API_KEY"):
        AsyncClient()


@pytest.mark.parametrize(
    "base_url",
    [
        "ftp://api.iletimerkezi.com/v1/",
        "file:///etc/passwd",
        "api.iletimerkezi.com/v1/",
        "ws://api.iletimerkezi.com/v1/",
        "https://",
    ],
)
def test_base_url_must_be_http_or_https(clean_env, base_url):
    with pytest.raises(ValueError, match="base_url"):
        AsyncClient(KEY, HASH, base_url=base_url)


@pytest.mark.parametrize(
    "base_url", ["http://api.iletimerkezi.com/v1/", "http://10.0.0.5:8080/v1/", "http://example"]
)
def test_plain_http_to_a_remote_host_needs_opt_in(clean_env, base_url):
    with pytest.raises(ValueError, match="allow_insecure_http"):
        AsyncClient(KEY, HASH, base_url=base_url)
    client = AsyncClient(KEY, HASH, base_url=base_url, allow_insecure_http=True)
    assert client.base_url.startswith("http://")


@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1:8080/v1/", "http://localhost:8080/v1/", "http://[::1]:8080/v1/"],
)
async def test_plain_http_to_loopback_is_accepted(clean_env, base_url):
    expected = base_url + "get-contact/json"
    with respx.mock(assert_all_called=True) as mock:
        route = mock.post(expected).mock(
            return_value=httpx.Response(
                200,
                json={
                    "response": {
                        "status": {"code": 200, "message": "OK"},
                        "contact": {"id": 5, "name": "A", "surname": "B"},
                    }
                },
            )
        )
        async with AsyncClient(KEY, HASH, base_url=base_url) as client:
            contact = await client.get_contact(5)
    assert contact.id == 5
    assert route.call_count == 1
    assert str(route.calls.last.request.url) == expected


async def test_base_url_without_trailing_slash_keeps_the_version(clean_env, route):
    async with AsyncClient(KEY, HASH, base_url="https://api.iletimerkezi.com/v1") as client:
        assert client.base_url == "https://api.iletimerkezi.com/v1/"
        await client.get_contact(1)
    assert str(route.calls.last.request.url) == "https://api.iletimerkezi.com/v1/get-contact/json"


async def test_httpx_url_base_url_is_accepted(clean_env, route):
    base = httpx.URL("https://api.iletimerkezi.com/v1/")
    async with AsyncClient(KEY, HASH, base_url=base) as client:
        await client.get_contact(1)
    assert route.call_count == 1


@pytest.mark.parametrize("value", [0, -1, 1.5, "8", True, None])
def test_bad_max_concurrency(clean_env, value):
    with pytest.raises(ValueError, match="max_concurrency"):
        AsyncClient(KEY, HASH, max_concurrency=value)


@pytest.mark.parametrize("value", [-1, 1.0, "2", True])
def test_bad_max_retries(clean_env, value):
    with pytest.raises(ValueError, match="max_retries"):
        AsyncClient(KEY, HASH, max_retries=value)


def test_max_retries_defaults_to_two_and_a_retry_policy_replaces_it(clean_env):
    assert "max_retries=2," in repr(AsyncClient(KEY, HASH))
    policy = RetryPolicy(max_retries=5, base_delay=0.001)
    assert "max_retries=5," in repr(AsyncClient(KEY, HASH, retry_policy=policy))
    with pytest.raises(ValueError, match="not both"):
        AsyncClient(KEY, HASH, max_retries=1, retry_policy=policy)


@pytest.mark.parametrize("value", [-1, float("nan"), "5", True])
def test_bad_timeout(clean_env, value):
    with pytest.raises(ValueError, match="timeout"):
        AsyncClient(KEY, HASH, timeout=value)


def test_base_url_with_a_password_is_refused_without_echoing_it(clean_env):
    with pytest.raises(ValueError, match="user name or password") as caught:
        AsyncClient(KEY, HASH, base_url="https://user:s3cr3t-pw@proxy.example/v1/")
    assert "s3cr3t-pw" not in str(caught.value)


@pytest.mark.parametrize("value", [0, -1.0])
def test_bad_total_timeout(clean_env, value):
    with pytest.raises(ValueError, match="total_timeout"):
        AsyncClient(KEY, HASH, total_timeout=value)


@pytest.mark.parametrize("value", [0, -5, 1.5])
def test_bad_max_response_bytes(clean_env, value):
    with pytest.raises(ValueError, match="max_response_bytes"):
        AsyncClient(KEY, HASH, max_response_bytes=value)


@pytest.mark.parametrize("value", [0, -1, 2.0, "3", True])
async def test_bad_concurrency_for_one_call(clean_env, route, value):
    async with AsyncClient(KEY, HASH) as client:
        with pytest.raises(ValueError, match="concurrency"):
            await client.get_contacts([1, 2], concurrency=value)
        with pytest.raises(ValueError, match="concurrency"):
            client.iter_contacts([1, 2], concurrency=value)
    assert route.call_count == 0


async def test_http_client_and_transport_together_are_refused(clean_env):
    async with httpx.AsyncClient() as own:
        with pytest.raises(ValueError, match="http_client"):
            AsyncClient(KEY, HASH, http_client=own, transport=httpx.MockTransport(lambda r: None))


def test_unknown_backend_is_refused(clean_env):
    with pytest.raises(ValueError, match="backend"):
        AsyncClient(KEY, HASH, backend="requests")  # type: ignore[arg-type]


def test_properties(clean_env):
    client = AsyncClient(KEY, HASH, max_concurrency=5)
    assert client.base_url == "https://api.iletimerkezi.com/v1/"
    assert client.max_concurrency == 5
    assert client.is_closed is False


@pytest.mark.parametrize(
    ("arguments", "empty", "variable"),
    [
        ({"api_key": KEY, "api_hash": ""}, "api_hash=", "ILETIMERKEZI_API_HASH"),
        ({"api_key": "", "api_hash": HASH}, "api_key=", "ILETIMERKEZI_API_KEY"),
        ({"api_key": KEY, "secret": " "}, "secret=", "ILETIMERKEZI_SECRET"),
    ],
)
def test_an_empty_argument_is_named_even_when_its_variable_is_set(
    clean_env, arguments, empty, variable
):
    # The variable being set is not the problem: the empty argument hides it.
    for name in VARS:
        clean_env.setenv(name, "set-in-the-environment")
    with pytest.raises(ValueError, match="was given but is empty") as caught:
        AsyncClient(**arguments)
    assert f"leave {empty} out to read {variable}" in str(caught.value)
    assert "is missing" not in str(caught.value)


async def test_api_hash_and_secret_that_agree_are_accepted(clean_env, route):
    async with AsyncClient(KEY, compute_hash(KEY, SECRET), secret=SECRET) as client:
        await client.get_contact(1)
    assert sent_authentication(route) == {"key": KEY, "hash": compute_hash(KEY, SECRET)}


def test_api_hash_and_secret_that_disagree_are_refused_without_echoing_either(clean_env):
    with pytest.raises(ValueError, match="both api_hash= and secret=") as caught:
        AsyncClient(KEY, HASH, secret=SECRET)
    assert HASH not in str(caught.value)
    assert SECRET not in str(caught.value)
    assert compute_hash(KEY, SECRET) not in str(caught.value)
