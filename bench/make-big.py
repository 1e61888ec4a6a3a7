#!/usr/bin/env python3
"""Writes a ~1 MB Markdown document: the bundled zh-CN guide's body repeated with numbered
headings (the same document the divan benchmarks build in benches/pipeline.rs).

usage: bench/make-big.py [OUT] [SIZE_BYTES]"""
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
guide = (root / "source/unbind-digital-wallet-alipay.zh-CN.md").read_text(encoding="utf-8")
out_path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/big.md")
size = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 20
body = guide.split("\n---\n", 1)[1]
body = [l for l in body.splitlines() if not l.startswith("# ")]
parts = ['---\ntitle: "大文档"\nlang: zh-CN\n---\n\n']
total = len(parts[0].encode())
n = 0
while total < size:
    n += 1
    for line in body:
        if line.startswith("## "):
            line = f"## {n}. {line[3:]}"
        elif line.startswith("### "):
            line = f"### {n}. {line[4:]}"
        line += "\n"
        parts.append(line)
        total += len(line.encode())
out_path.parent.mkdir(parents=True, exist_ok=True)
out_path.write_text("".join(parts), encoding="utf-8")
print(f"{out_path}: {total} bytes, {n} copies")
