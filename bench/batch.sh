#!/usr/bin/env bash
# A help centre's batch: N guides (the zh-CN guide, each with different text) to every format,
# one after another (--jobs 1) and on every core; wall time and peak memory of each.
# Targets (issue 11): on 2 cores the parallel run at least 1.7x faster, with no more than twice
# the sequential run's peak memory. Needs GNU time (/usr/bin/time).
# usage: bench/batch.sh [N]   (default 200; NO_BUILD=1 skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
bin=target/release/guidepress
# On a RAM file system when there is one: the benchmark measures guidepress's scaling, not
# the disk's journal (creating 1,200 files after deleting as many costs ext4 from 0.3 to 1.4 s
# of kernel time, varying from run to run, on this machine kind).
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/docs" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
text = open("source/unbind-digital-wallet-alipay.zh-CN.md", encoding="utf-8").read()
for k in range(n):
    d = os.path.join(root, f"g{k:03d}")
    os.makedirs(d)
    # Different text in every guide: the title and a paragraph carry the guide's number.
    body = text.replace("如何解绑数字钱包与支付宝的详细步骤", f"如何解绑数字钱包与支付宝的详细步骤（第 {k} 版）", 1)
    body += f"\n\n## 版本说明\n\n这是第 {k} 份指南，用于批量导出的基准测试。\n"
    open(os.path.join(d, "guide.md"), "w", encoding="utf-8").write(body)
PY
cores=$(nproc)
# Alternating rounds (ROUNDS, default 3), so that a busy moment hits both alike.
for round in $(seq 1 "${ROUNDS:-3}"); do
  for jobs in 1 "$cores"; do
    rm -rf "$work/out"
    /usr/bin/time -f "round $round, jobs=$jobs: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
      "$bin" export "$work/docs" --to all --jobs "$jobs" -q -o "$work/out"
  done
done
echo "outputs: $(find "$work/out" -type f | wc -l) files"
