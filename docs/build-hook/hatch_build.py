"""Generate the WCF binding while hatchling builds the wheel (a custom build hook).

Copy this file beside your pyproject.toml (see pyproject.toml here for the tables it needs).
The binding is written into the package before hatchling collects the files, so the wheel
ships it while the repository keeps only the specs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

import wcfgen

SPEC_DIR = "schemas"  # the help pages and wcfgen.toml of each API
OUTPUT = "src/myapp/bindings"  # generated here; listed as an artifact in pyproject.toml


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        result = wcfgen.generate(root / SPEC_DIR, root / OUTPUT)  # raises wcfgen.WcfgenError on a bad spec
        self.app.display_info(f"wcfgen: {len(result.files.written)} file(s) written into {OUTPUT}")
