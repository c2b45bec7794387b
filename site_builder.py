"""Command line for the dossier (check, export, ingest, new) and the MkDocs hook that builds it.

As a hook (`hooks: [site_builder.py]` in mkdocs.yml) it runs the pipeline before MkDocs touches the
output folder, and hands the generated pages to MkDocs in memory.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from dossier import cli  # noqa: E402

if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:]))
