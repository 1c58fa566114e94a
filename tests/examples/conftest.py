import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load_example(name: str) -> ModuleType:
    """Import examples/<name>.py (examples/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def credentials_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The examples build a client at import for `uvicorn`-style use: give them credentials.
    monkeypatch.setenv("ILETIMERKEZI_API_KEY", "example-key")
    monkeypatch.setenv("ILETIMERKEZI_API_HASH", "example-hash")
