#!/usr/bin/env python3
"""Fails if the crate's top-level modules import each other in a cycle.

Reads every `crate::<module>` path in src/ (use lines and inline paths), maps each file to its
top-level module (src/<m>.rs or src/<m>/...), and looks for a cycle in the resulting graph.
`lib.rs` (the crate root, which ties the modules together) and `main.rs` + `cli/` (the binary,
which imports the library as `riskctl::`) are left out.
"""
import pathlib
import re
import sys

src = pathlib.Path(__file__).resolve().parent.parent / "src"
edges = {}
for path in src.rglob("*.rs"):
    rel = path.relative_to(src)
    top = rel.parts[0].removesuffix(".rs")
    if top in ("lib", "main", "cli"):
        continue
    text = path.read_text(encoding="utf-8")
    # Strip comments so that doc links do not count as imports.
    code = "\n".join(line.split("//")[0] for line in text.splitlines())
    for used in re.findall(r"\bcrate::([a-z_][a-z0-9_]*)", code):
        is_module = (src / f"{used}.rs").exists() or (src / used / "mod.rs").exists()
        if used != top and is_module:
            edges.setdefault(top, set()).add(used)

def cycle():
    state = {}
    stack = []
    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = "done"
        stack.pop()
        return None
    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None

for node in sorted(edges):
    print(f"{node} -> {', '.join(sorted(edges[node]))}")
found = cycle()
if found:
    print("cycle: " + " -> ".join(found))
    sys.exit(1)
print("no cycle between top-level modules")
