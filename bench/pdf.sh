#!/usr/bin/env bash
# PDF renderer benchmarks (not tests): wall time with hyperfine, peak memory with GNU time.
#
#   bench/pdf.sh            # builds the release binary first
#   NO_BUILD=1 bench/pdf.sh # uses target/release/guidepress as it is
#
# Targets (issue 3, on a 2-core machine): the zh-CN guide in <= 40 ms and <= 100 KB;
# a ~1 MB document (~330 pages) in <= 600 ms and <= 150 MB peak RSS. Issue 10: tagged
# within +20 % of the time of --no-tags; the zh-CN guide tagged <= 120 KB.
# Needs: hyperfine, /usr/bin/time (package `time`).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/target/release/guidepress"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ -z "${NO_BUILD:-}" ]]; then
    cargo build --release --manifest-path "$root/Cargo.toml" >&2
fi

zh="$root/source/unbind-digital-wallet-alipay.zh-CN.md"

# A ~1 MB document: the guide's body repeated under numbered headings. The project's
# generator (bench/make-big.py) is used when present, so that every benchmark measures the
# same document; otherwise an equivalent one is built here.
big="$work/big.md"
if [[ -f "$root/bench/make-big.py" ]]; then
    python3 "$root/bench/make-big.py" "$big" >&2
else
    printf -- '---\ntitle: "大文档基准"\nlang: zh-CN\n---\n\n' > "$big"
    body="$(awk 'BEGIN{n=0} /^---$/{n++; next} n>=2 && !/^# /' "$zh")"
    i=1
    while [[ "$(stat -c %s "$big")" -lt 1048576 ]]; do
        printf '%s\n' "$body" | sed -e "s/^## /## $i. /" -e "s/^### /### $i. /" >> "$big"
        i=$((i + 1))
    done
    echo "generated $(stat -c %s "$big") bytes of Markdown in $((i - 1)) copies" >&2
fi

export SOURCE_DATE_EPOCH=0

echo "== zh-CN guide → PDF (tagged, then --no-tags)"
hyperfine --warmup 3 --runs 30 -N \
    "$bin export --to pdf -o $work/out $zh" \
    "$bin export --to pdf --no-tags -o $work/untagged $zh"
ls -l "$work/out/unbind-digital-wallet-alipay.zh-CN.pdf" | awk '{print "tagged file size: " $5 " bytes"}'
ls -l "$work/untagged/unbind-digital-wallet-alipay.zh-CN.pdf" | awk '{print "--no-tags file size: " $5 " bytes"}'

# Issue 10: the tagged time within +20 % of the untagged one. hyperfine runs one command's
# runs, then the other's; on a shared machine compare the two over several invocations.
echo "== ~1 MB document → PDF (tagged, then --no-tags)"
hyperfine --warmup 3 --runs 15 -N \
    "$bin export --to pdf -o $work/out $big" \
    "$bin export --to pdf --no-tags -o $work/untagged $big"
for variant in out untagged; do
    flag=""
    [[ "$variant" == untagged ]] && flag="--no-tags"
    echo "-- ${flag:-tagged}"
    pdfinfo "$work/$variant/big.pdf" | grep -E '^(Pages|File size)'
    /usr/bin/time -v "$bin" export --to pdf $flag -o "$work/$variant" "$big" 2>&1 \
        | grep -E 'Maximum resident set size|Elapsed \(wall clock\)'
done
