"""``python -m wcfgen``: the command line (the console script's entry, :mod:`wcfgen.entry`)."""

from .entry import main

main()
