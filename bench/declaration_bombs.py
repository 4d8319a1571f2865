#!/usr/bin/env python3
"""Writes declaration files built to expand, and a normal one of the same size for reference.

    python3 bench/declaration_bombs.py OUT_DIR PRODUCT_VERSION_ID [CATALOG_DIR]

Files written to OUT_DIR (each a body for POST /api/v1/declarations, Content-Type
application/yaml):

- alias.yaml        the security review's file (finding H1): one answer with 1000 evidence links
                    under an anchor, then 999 aliases of it, 36 kB; walking the tree copies the
                    links a million times
- deep.yaml         answers nested 100 000 levels deep (200 kB)
- huge-string.yaml  one statement of 900 kB
- normal.yaml       a valid draft answering the helseapp profile, padded to alias.yaml's size
"""
import datetime
import json
import sys
from pathlib import Path

HEADER = "format: helsekrav-declaration/1\nproduct_version: {pv}\nprofile: helseapp\n"


def alias_bomb(pv: str) -> str:
    links = ", ".join(f"{{link: https://eksempel.no/{i}}}" for i in range(1000))
    aliases = ", *a" * 999
    return (HEADER.format(pv=pv) +
            f"answers: [&a {{requirement: GDPR-01, answer: meets, evidence: &e [{links}]}}"
            f"{aliases}]\n")


def deep(pv: str) -> str:
    return HEADER.format(pv=pv) + "answers: " + "[" * 100000 + "]" * 100000 + "\n"


def huge_string(pv: str) -> str:
    return (HEADER.format(pv=pv) + "answers:\n  - requirement: GDPR-01\n    answer: meets\n"
            "    statement: " + "x" * (900 * 1024) + "\n")


def normal(pv: str, catalog: Path, size: int) -> str:
    profiles = json.loads((catalog / "profiles.json").read_text(encoding="utf-8"))["profiles"]
    profile = next(p for p in profiles if p["key"] == "helseapp")
    today = datetime.date.today().isoformat()
    in_force = [v for v in profile["versions"] if v["valid_from"] <= today] or profile["versions"]
    keys = [item["key"] for item in in_force[-1]["requirements"]]
    text = HEADER.format(pv=pv) + "answers:\n"
    per_answer = max(0, size - len(text)) // len(keys)
    for key in keys:
        answer = (f"  - requirement: {key}\n    answer: meets\n    evidence:\n"
                  "      - link: https://leverandor.example.no/dokumentasjon\n"
                  "    statement: ")
        text += answer + "Vi oppfyller kravet. " * max(1, (per_answer - len(answer)) // 21) + "\n"
    return text


def main() -> None:
    out, pv = Path(sys.argv[1]), sys.argv[2]
    catalog = Path(sys.argv[3]) if len(sys.argv) > 3 else Path(__file__).parent / "../data/catalog"
    out.mkdir(parents=True, exist_ok=True)
    bomb = alias_bomb(pv)
    (out / "alias.yaml").write_text(bomb, encoding="utf-8")
    (out / "deep.yaml").write_text(deep(pv), encoding="utf-8")
    (out / "huge-string.yaml").write_text(huge_string(pv), encoding="utf-8")
    (out / "normal.yaml").write_text(normal(pv, catalog, len(bomb)), encoding="utf-8")


if __name__ == "__main__":
    main()
