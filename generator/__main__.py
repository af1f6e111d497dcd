"""``python -m wcfgen``: the command line."""

from .cli import app

app(prog_name="wcfgen")
