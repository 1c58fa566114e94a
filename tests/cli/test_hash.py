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
