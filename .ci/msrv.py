#!/usr/bin/env python3
"""Checks the declared MSRV (`rust-version` in Cargo.toml) against the locked dependencies.

CI has one toolchain and cannot install the declared minimum, so this checks what can be
checked without it: every crate that a build of guidepress compiles (normal and build
dependencies reachable from the package, all features (`--all-features`), this platform, as locked in
Cargo.lock) declares a `rust-version` no newer than ours. A crate that declares none is
listed, not failed. The code itself is checked by clippy's `incompatible_msrv` lint, which
reads the same `rust-version` (see .ci/run). Language features (syntax) are not checked by
either: only a build with the declared toolchain would.

Reads `cargo metadata --format-version 1` on standard input.
"""

import json
import sys


def version(v):
    """`1.85`, `1.85.0` -> (1, 85, 0)."""
    parts = [int(x) for x in v.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    meta = json.load(sys.stdin)
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]
    declared = packages[root]["rust_version"]
    if not declared:
        sys.exit("Cargo.toml declares no rust-version")

    # What a build compiles: normal and build dependencies. The rest (dev-dependencies) is
    # needed by `cargo test` only; reported separately, and also held to the MSRV.
    built, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node in built:
            continue
        built.add(node)
        for dep in nodes[node]["deps"]:
            if any(k["kind"] in (None, "build") for k in dep["dep_kinds"]):
                stack.append(dep["pkg"])
    built.discard(root)

    too_new, unknown = [], []
    for pid in sorted(built, key=lambda i: packages[i]["name"]):
        p = packages[pid]
        if not p["rust_version"]:
            unknown.append(f"{p['name']} {p['version']}")
        elif version(p["rust_version"]) > version(declared):
            too_new.append(f"{p['name']} {p['version']} needs {p['rust_version']}")
    tests_only = sorted(
        f"{packages[i]['name']} {packages[i]['version']} needs {packages[i]['rust_version']}"
        for i in packages
        if i not in built
        and i != root
        and packages[i]["rust_version"]
        and version(packages[i]["rust_version"]) > version(declared)
    )

    print(f"declared rust-version {declared}; {len(built)} crates in a build")
    if unknown:
        print(f"{len(unknown)} declare no rust-version: {', '.join(unknown)}")
    for what, lines in (("built", too_new), ("test-only", tests_only)):
        if lines:
            print(f"{what} crates that need a newer Rust than declared:")
            for line in lines:
                print(f"  {line}")
    if too_new or tests_only:
        sys.exit(1)
    print("every locked crate's rust-version is within the declared MSRV")


if __name__ == "__main__":
    main()
