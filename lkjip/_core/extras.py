"""Optional dependencies, imported only when a feature needs them."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from lkjip._core.pesan import pesan
from lkjip.errors import MissingExtraError

__all__ = ["installed", "require"]


def require(module: str, extra: str, feature: str, package: str | None = None) -> ModuleType:
    """Import ``module`` or say, in one line, which extra to install; ``package`` names
    the distribution where it is not the module's name (``python-docx`` for ``docx``).

    ```pycon
    >>> require("json", "none", "testing").__name__
    'json'

    ```
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        package = package or module.split(".")[0]
        raise MissingExtraError(
            pesan("ekstra.missing", feature=feature, package=package, extra=extra)
        ) from None


def installed(module: str) -> bool:
    """True if ``module`` can be imported (looked up, not imported): for a path that
    needs an extra, or is only faster with it, taken when the extra is there.

    ```pycon
    >>> installed("json"), installed("no_such_module_lkjip")
    (True, False)

    ```
    """
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False
