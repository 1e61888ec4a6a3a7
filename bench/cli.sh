#!/usr/bin/env bash
# Whole-CLI wall time and peak memory of `export --to json,txt`, release build.
# Needs hyperfine (apt-get install hyperfine) and GNU time (/usr/bin/time).
# usage: bench/cli.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/guidepress
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 bench/make-big.py target/big.md >/dev/null
guide=source/unbind-digital-wallet-alipay.zh-CN.md

echo "== zh-CN guide, export --to json,txt (target < 10 ms)"
hyperfine --warmup 5 --runs 50 -N "$bin export $guide --to json,txt -o $out"
echo "== 1 MB document, export --to json,txt (target < 150 ms, < 100 MB)"
hyperfine --warmup 2 --runs 10 -N "$bin export target/big.md --to json,txt -o $out"
/usr/bin/time -f "peak RSS: %M KB, wall %e s" "$bin" export target/big.md --to json,txt -o "$out"
