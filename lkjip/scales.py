"""``lkjip.scales`` is ``lkjip.rules.scales`` (its documented path, kept for the programs that
import it)."""

import sys

from lkjip.rules import scales as _module
from lkjip.rules.scales import *  # noqa: F403  (for type checkers and readers)
from lkjip.rules.scales import __all__ as __all__

sys.modules[__name__] = _module
