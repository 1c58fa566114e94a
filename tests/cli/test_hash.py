import pytest

from iletimerkezi_async import compute_hash

from .conftest import run_cli


async def test_hash_from_the_environment_secret() -> None:
    ran = await run_cli(
        "hash", "--api-key", "public_key", env={"ILETIMERKEZI_SECRET": "secret_key"}
    )
    assert ran.code == 0
    assert ran.stdout.strip() == compute_hash("public_key", "secret_key")
    assert "secret_key" not in ran.stdout + ran.stderr


async def test_hash_without_a_secret_or_terminal_fails_clearly() -> None:
    ran = await run_cli("hash", "--api-key", "public_key")
    assert ran.code == 2
    assert "ILETIMERKEZI_SECRET" in ran.stderr


async def test_the_api_key_comes_from_the_environment_too() -> None:
    ran = await run_cli(
        "hash", env={"ILETIMERKEZI_API_KEY": "public_key", "ILETIMERKEZI_SECRET": "secret_key"}
    )
    assert ran.code == 0, ran.stderr
    assert ran.stdout.strip() == compute_hash("public_key", "secret_key")


@pytest.mark.parametrize(
    ("piped", "secret"),
    [
        (b"secret_key\n", "secret_key"),
        (b"secret_key", "secret_key"),
        (b"secret_key\r\nsecond line\n", "secret_key"),
        (b"with inner space \n", "with inner space "),
    ],
)
async def test_the_secret_can_be_piped(piped: bytes, secret: str) -> None:
    ran = await run_cli("hash", "--api-key", "public_key", stdin=piped)
    assert ran.code == 0, ran.stderr
    assert ran.stdout.strip() == compute_hash("public_key", secret)
    assert secret.strip() not in ran.stderr


async def test_no_api_key_names_the_flag_and_the_variable() -> None:
    ran = await run_cli("hash", stdin=b"secret_key\n")
    assert ran.code == 2
    assert "--api-key" in ran.stderr
    assert "ILETIMERKEZI_API_KEY" in ran.stderr
    assert "required" not in ran.stderr
