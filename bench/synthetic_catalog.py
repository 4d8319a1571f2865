#!/usr/bin/env python3
"""Writes a synthetic catalog FACTOR times larger than the default one, for benchmarks.

Every requirement is kept and copied FACTOR - 1 more times with keys suffixed -S0001, -S0002, …
(titles get the copy number so searches and sorts see distinct records); everything else is
copied as it is, so profiles still resolve and the result passes `helsekrav import`.

    python3 bench/synthetic_catalog.py data/catalog /tmp/catalog-x1000 1000
"""
import json
import shutil
import sys
from pathlib import Path


def main() -> None:
    source, target, factor = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.name != "requirements.json":
            shutil.copy(path, target / path.name)
    requirements = json.loads((source / "requirements.json").read_text(encoding="utf-8"))
    out = []
    out.extend(requirements["requirements"])
    for n in range(1, factor):
        for requirement in requirements["requirements"]:
            copy = json.loads(json.dumps(requirement))
            copy["key"] = f"{requirement['key']}-S{n:04d}"
            for version in copy["versions"]:
                version["title"] = f"{version['title']} (kopi {n})"
            out.append(copy)
    with open(target / "requirements.json", "w", encoding="utf-8") as f:
        json.dump({"requirements": out}, f, ensure_ascii=False)
    print(f"{len(out)} requirements written to {target}")


if __name__ == "__main__":
    main()
