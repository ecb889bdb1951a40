"""``lkjip.fixed`` is ``lkjip.rules.fixed`` (its documented path, kept for the programs that
import it)."""

import sys

from lkjip.rules import fixed as _module
from lkjip.rules.fixed import *  # noqa: F403  (for type checkers and readers)
from lkjip.rules.fixed import __all__ as __all__

sys.modules[__name__] = _module
