"""``wcfgen diff``: the semantic changes between two versions of an API.

Two spec snapshots are read into the model (after the models stage) and compared
by wire identity (:mod:`~wcfgen.diff.compare`); each change is judged for client
code and for server-stub implementers, as error, warning or info, following the
DataContract versioning rules (:mod:`~wcfgen.diff.rules`, tabled in README.md: "Keeping up with
the API"). :mod:`~wcfgen.diff.report` prints the result for a terminal, a
changelog or a tool; :mod:`~wcfgen.diff.snapshot` is the model as the output
manifest records it, so ``wcfgen check`` and ``wcfgen generate`` can say what
changed since the last generation.
"""

from __future__ import annotations

from .compare import diff_apis
from .rules import RULES, ByRole, BySide, Change, Level

__all__ = ["RULES", "ByRole", "BySide", "Change", "Level", "diff_apis"]
