"""``python -m lkjip``: the command line."""

from lkjip.cli import main_exit

main_exit()
