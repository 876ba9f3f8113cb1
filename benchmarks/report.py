"""Shared reporting for the benchmarks: Markdown tables, ranks and normalised scores."""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata


def markdown_table(rows, header) -> str:
    """A Markdown table of ``rows`` (lists of cells) under ``header``."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def mean_ranks(methods, problems, seeds, value) -> dict:
    """Mean rank of each method (1 = lowest ``value(problem, method, seed)``)."""
    ranks = {m: [] for m in methods}
    for p in problems:
        for s in seeds:
            for m, r in zip(methods, rankdata([value(p, m, s) for m in methods])):
                ranks[m].append(r)
    return {m: float(np.mean(r)) for m, r in ranks.items()}


def publish(script: str, argv, name, started: float, records, table) -> None:
    """Print the command and table; save them with the records (unless ``name`` is None)."""
    import json
    import os
    import sys
    import time
    from pathlib import Path

    elapsed = time.time() - started
    args = argv if argv is not None else sys.argv[1:]
    command = f"python benchmarks/{script} " + " ".join(args)
    if name is not None:
        results = Path(__file__).resolve().parent / "results"
        results.mkdir(exist_ok=True)
        (results / f"{name}.json").write_text(json.dumps(
            dict(command=command, elapsed=elapsed, records=records, table=table), indent=1, default=float))
    print(f"`{command}` ({elapsed:.0f} s, {os.cpu_count()} cores)\n")
    print(table)
