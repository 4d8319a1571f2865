#!/usr/bin/env python3
"""Checks the tree against docs/layers.md: every folder under src/ is in the table, and every
#include "folder/..." in a file under src/ names its own folder or one its row allows."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parents[2]
table = (root / "docs" / "layers.md").read_text(encoding="utf-8")
allowed = {}
for line in table.splitlines():
    row = re.match(r"^\| `([a-z_]+)/` \|.*\| ([^|]*) \|$", line)
    if row:
        allowed[row.group(1)] = set(re.findall(r"`([a-z_]+)`", row.group(2)))

failures = []
if len(allowed) < 10:
    failures.append(f"docs/layers.md: expected a row per folder of src/, found {len(allowed)}")
folders = sorted(p.name for p in (root / "src").iterdir() if p.is_dir())
for folder in folders:
    if folder not in allowed:
        failures.append(f"src/{folder}/ is not in the table of docs/layers.md")
for folder in allowed:
    if folder not in folders:
        failures.append(f"docs/layers.md lists {folder}/, which src/ does not have")

include = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/', re.M)
for path in sorted((root / "src").rglob("*")):
    if path.suffix not in (".h", ".cc"):
        continue
    layer = path.relative_to(root / "src").parts[0]
    text = path.read_text(encoding="utf-8")
    for match in include.finditer(text):
        target = match.group(1)
        if target != layer and target not in allowed.get(layer, set()):
            line = text.count("\n", 0, match.start()) + 1
            failures.append(f"{path.relative_to(root)}:{line}: {layer}/ may not include {target}/ "
                            "(docs/layers.md)")

for failure in failures:
    print(failure)
print(f"layers: {len(folders)} folders, {len(failures)} problems")
sys.exit(1 if failures else 0)
