"""The suite's language: English.

lkjip writes every message in Bahasa Indonesia by default (spec §18); the suite's
expectations were written against the English texts of the catalog, so every test,
doctest and CLI subprocess runs with ``LKJIP_LANG=en``. ``tests/test_pesan.py`` checks
the Indonesian default (and every key in both languages) with the variable removed.
"""

import os

os.environ["LKJIP_LANG"] = "en"
