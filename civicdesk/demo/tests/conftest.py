import pytest

from civicdesk.demo.services import build_demo_city, ensure_api_key


@pytest.fixture
def demo_city(db: None, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> str:
    """The demo City of Riverton, built as on the first `make run` but with no history; returns the API key."""
    monkeypatch.setenv("DEMO_API_KEY", "riverton-test-key-0123456789")
    build_demo_city()
    return ensure_api_key()
