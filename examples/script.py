"""A plain script: compare models with a database, print the report, exit 1 on drift.

    python examples/script.py sqlite:///app.db
    python examples/script.py postgresql+psycopg://app@db/app --json

The models here are the FastAPI example's; put your own ``Base`` (or SQLModel) there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

import parity
from examples.fastapi_app.models import Base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="database URL")
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    args = parser.parse_args(argv)
    try:
        report = parity.compare(args.url, Base, mode="compatible")
    except parity.ParityError as exc:  # unreachable database, bad URL, broken plugin
        print(f"cannot check: {exc}", file=sys.stderr)
        return 3
    print(report.to_json() if args.json else report.render())
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
