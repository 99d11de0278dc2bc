#!/usr/bin/env python3
"""Checks the module graph: Package.swift's targets against the Architecture article.

Every library or executable target must sit on a level of the article's layer diagram, depend only
on modules of lower levels (so the graph has no back-edges or cycles), and its direct in-package
dependencies must be exactly the backticked modules of its row in the article's table.
Usage: python3 .ci/layers.py  (reads `swift package dump-package`; exits 1 on any mismatch)."""
import json
import re
import subprocess
import sys

ARTICLE = "Sources/msdb/msdb.docc/Architecture.md"

package = json.loads(subprocess.check_output(["swift", "package", "dump-package"], text=True))
targets = {t["name"]: t for t in package["targets"]}
modules = {name for name, t in targets.items() if t["type"] in ("regular", "executable")}
modules -= {"SchemaEmbedder", "TestSupport"}  # build tooling and test helpers, not layers


def dependencies(target):
    names = []
    for dependency in target["dependencies"]:
        for key in ("byName", "target"):
            if key in dependency:
                names.append(dependency[key][0])
    return {name for name in names if name in modules}


text = open(ARTICLE, encoding="utf-8").read()
block = text[text.index("<!-- layers:begin -->"):text.index("<!-- layers:end -->")]
levels = {}
for match in re.finditer(r"^level (\d+)\s+(.+)$", block, re.M):
    for name in match.group(2).split():
        levels[name] = int(match.group(1))
rows = {}
for match in re.finditer(r"^\| `(\w+)` \| ([^|]*) \|", block, re.M):
    rows[match.group(1)] = set(re.findall(r"`(\w+)`", match.group(2)))

problems = []
for name in sorted(modules):
    if name not in levels:
        problems.append(f"{name}: not on any level of the article's diagram")
        continue
    actual = dependencies(targets[name])
    for dependency in sorted(actual):
        if levels.get(dependency, 99) >= levels[name]:
            problems.append(f"{name} (level {levels[name]}) depends on {dependency} "
                            f"(level {levels.get(dependency)}): a back-edge")
    if rows.get(name) != actual:
        problems.append(f"{name}: the article's table says {sorted(rows.get(name, []))}, "
                        f"Package.swift says {sorted(actual)}")
for name in sorted(set(levels) - modules):
    problems.append(f"{name}: in the article's diagram but not a module of Package.swift")

for problem in problems:
    print("layers: " + problem, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"layers: {len(modules)} modules on {len(set(levels.values()))} levels, no back-edges, "
      "the article's table matches Package.swift")
