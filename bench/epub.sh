#!/usr/bin/env bash
# EPUB export benchmarks: the whole CLI run of the release binary, measured with hyperfine.
#
#   bash bench/epub.sh            # builds the release binary, then runs both benchmarks
#
# 1. the zh-CN seed guide to EPUB (target: at most 15 ms wall, font subsetting included);
# 2. a generated ~1 MB guide (the zh-CN guide's body repeated with numbered headings) to EPUB
#    (target: at most 300 ms).
# Needs hyperfine (apt install hyperfine). Results are printed and written as JSON/Markdown
# to target/bench-epub/.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 1; }
cargo build --release --quiet
bin="$PWD/target/release/guidepress"
work="$PWD/target/bench-epub"
rm -rf "$work"
mkdir -p "$work/out"

guide="source/unbind-digital-wallet-alipay.zh-CN.md"

# The ~1 MB document: front matter and title once, then the body (everything after the title
# heading) again and again, each copy under its own numbered level-2 heading with its own
# headings renumbered so that ids stay distinct.
big="$work/big.md"
python3 - "$guide" "$big" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
front_end = text.index("\n---", 3) + 4
front, rest = text[:front_end], text[front_end:]
title_line = next(l for l in rest.splitlines() if l.startswith("# "))
body = rest.split(title_line, 1)[1]
out = [front, "\n", title_line, "\n"]
size, n = len(text.encode()), 0
while size < 1_000_000:
    n += 1
    part = "\n## 第 %d 部分\n" % n + body.replace("\n## ", "\n### %d. " % n).replace("\n### ", "\n#### ", 0)
    out.append(part)
    size += len(part.encode())
open(dst, "w", encoding="utf-8").write("".join(out))
print("generated %s: %d bytes, %d copies" % (dst, size, n))
PY

"$bin" export -t epub -o "$work/out" "$guide"
"$bin" export -t epub -o "$work/out" "$big" 2>/dev/null
ls -l "$work/out"

hyperfine --warmup 5 --min-runs 30 -N \
  --export-json "$work/result-zh.json" --export-markdown "$work/result-zh.md" \
  -n "zh-CN guide -> EPUB" "$bin export -t epub -o $work/out $guide"
hyperfine --warmup 2 --min-runs 10 -N \
  --export-json "$work/result-big.json" --export-markdown "$work/result-big.md" \
  -n "~1 MB guide -> EPUB" "$bin export -t epub -o $work/out $big"
