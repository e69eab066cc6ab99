#!/usr/bin/env python3
"""Loads every CSV table of a geosim export with pandas and with polars, using the dtypes
manifest.json declares for each column, and checks that each loaded column has that type.

    python3 scripts/load-export.py EXPORT_DIR [EXPORT_DIR ...]

Run by hand (needs `pip install pandas polars`); exits 1 on the first table that does
not load with its declared types, naming the file and the column. An all-empty column
(replica_lag_p99_ms without primaries, floor_ms of reads) must still come out numeric:
that is what the declared dtypes are for.
"""
import json
import sys
from pathlib import Path

import pandas as pd
import polars as pl

POLARS_CHECK = {"String": pl.String, "Int64": pl.Int64, "Float64": pl.Float64}


def load(directory: Path) -> int:
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    tables = [entry for entry in manifest["files"] if entry["kind"] == "table"]
    for entry in tables:
        path = directory / entry["path"]
        columns = entry["columns"]
        names = [column["name"] for column in columns]
        for column in columns:
            for key in ("pandas_dtype", "polars_dtype"):
                if key not in column:
                    raise SystemExit(f"{path}: column {column['name']} declares no {key}")
        frame = pd.read_csv(
            path, dtype={c["name"]: c["pandas_dtype"] for c in columns}, keep_default_na=False, na_values=[""]
        )
        if list(frame.columns) != names:
            raise SystemExit(f"{path}: pandas columns {list(frame.columns)}, manifest {names}")
        for column in columns:
            got = str(frame[column["name"]].dtype)
            if got.lower() != column["pandas_dtype"].lower() and not (
                column["pandas_dtype"] == "string" and got.startswith("string")
            ):
                raise SystemExit(f"{path}: pandas read {column['name']} as {got}, manifest says {column['pandas_dtype']}")
        polars_frame = pl.read_csv(path, schema={c["name"]: getattr(pl, c["polars_dtype"]) for c in columns})
        if polars_frame.columns != names:
            raise SystemExit(f"{path}: polars columns {polars_frame.columns}, manifest {names}")
        for column in columns:
            got = polars_frame.schema[column["name"]]
            if got != POLARS_CHECK[column["polars_dtype"]]:
                raise SystemExit(f"{path}: polars read {column['name']} as {got}, manifest says {column['polars_dtype']}")
        if len(frame) != len(polars_frame) or len(frame) != entry.get("rows", len(frame)):
            raise SystemExit(f"{path}: pandas {len(frame)} rows, polars {len(polars_frame)}, manifest {entry.get('rows')}")
        empty = [c["name"] for c in columns if len(frame) > 0 and frame[c["name"]].isna().all()]
        note = f"; all empty: {', '.join(empty)}" if empty else ""
        print(f"ok {path}: {len(frame)} rows, {len(columns)} columns{note}")
    return len(tables)


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit("usage: load-export.py EXPORT_DIR [EXPORT_DIR ...]")
    count = sum(load(Path(argument)) for argument in sys.argv[1:])
    print(f"{count} tables loaded with their declared dtypes in pandas {pd.__version__} and polars {pl.__version__}")


if __name__ == "__main__":
    main()
