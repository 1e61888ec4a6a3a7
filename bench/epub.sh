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

# The ~1 MB document shared by every benchmark (bench/make-big.py).
big="$work/big.md"
python3 bench/make-big.py "$big"

"$bin" export -t epub -o "$work/out" "$guide"
"$bin" export -t epub -o "$work/out" "$big" 2>/dev/null
ls -l "$work/out"

hyperfine --warmup 5 --min-runs 30 -N \
  --export-json "$work/result-zh.json" --export-markdown "$work/result-zh.md" \
  -n "zh-CN guide -> EPUB" "$bin export -t epub -o $work/out $guide"
hyperfine --warmup 2 --min-runs 10 -N \
  --export-json "$work/result-big.json" --export-markdown "$work/result-big.md" \
  -n "~1 MB guide -> EPUB" "$bin export -t epub -o $work/out $big"
