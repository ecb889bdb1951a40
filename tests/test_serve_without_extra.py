"""``lkjip serve`` where the server extra is missing, or made to look missing: the
message names the extra, and the command checks its options before it binds. These
need neither FastAPI nor httpx, so they run under the lean ``test`` extra too."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from lkjip import cli
from lkjip.errors import MissingExtraError
from lkjip.serve import create_app


def test_without_fastapi_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'lkjip\[server\]'"):
        create_app()


def test_serve_command_checks_before_binding(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve", "--port", "70000"]) == 2
    assert cli.main(["serve", "--workers", "0"]) == 2
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "fastapi" else real(name)
    )
    assert cli.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "--port must be between 0 and 65535" in err
    assert "pip install 'lkjip[server]'" in err
