#!/usr/bin/env python3
"""Hostile-input benchmark: wall time and peak memory of the release binary on the inputs of
issue 8 (image bombs, giant titles, quadratic Markdown, one huge paragraph), per output format.

Every case is generated here, into a temporary folder (nothing big is committed). Each run is
`guidepress export CASE --to FORMAT` under GNU time (`/usr/bin/time`, package `time`) with a
timeout; the table shows seconds and peak resident memory in MB, `T/O` for a timeout and
`rc=N` for a crash (any exit but 0, or 1 with a clear error).

Targets (issue 8): every input of at most 1 MB finishes every format in at most 2 s; PDF peak
memory at most 20x the input size plus the fonts. "The fonts" is the size of the bundled font
files (fonts/*.ttf, 22 MB): a document may page all of them in (a one-line document peaks at
12 MB). With the PDF column, a last column shows that budget and whether the case is within
it. The JSON column is the parser's own peak (comrak's tree and the model), which the PDF
renderer cannot go below.

usage: bench/hostile.py [--formats pdf,epub,html,json,txt,jsonld] [--timeout 120] [--quick]
       [--only NAME,...] [--no-build]
"""
import argparse
import os
import pathlib
import struct
import subprocess
import tempfile
import time
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / "target/release/guidepress"


def png(width, height, colour, idat):
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def grey_bomb(side):
    """A real decompression bomb: side x side grey pixels, all zero, compressed."""
    comp = zlib.compressobj(9)
    row = b"\0" * (side + 1)
    parts = [comp.compress(row) for _ in range(side)]
    parts.append(comp.flush())
    return png(side, side, 0, b"".join(parts))


def cases(quick):
    """(name, markdown text, {extra file: bytes})"""
    n = 4_000 if quick else 16_000
    img = "# T\n\n![the alt text](img.png)\n"
    out = [
        ("png-header-100000x100000 (68 B)", img, {"img.png": png(100_000, 100_000, 2, zlib.compress(b"\0" * 10))}),
        ("png-bomb-50000x50000-grey", img, {"img.png": grey_bomb(8_000 if quick else 50_000)}),
        ("file-1GB-named-png (sparse)", img, {"img.png": None}),
        ("h1-40000-cjk", "# " + "标" * 40_000 + "\n\n" + "正文。\n\n" * 3000, {}),
        ("title-3MB", "# " + "title " * 500_000 + "\n\n" + "body text.\n\n" * 3000, {}),
        (f"footnote-{n}-refs-to-one", "".join(f"x[^a] " for _ in range(n)) + "\n\n[^a]: note\n", {}),
        (f"footnotes-{n}", "".join(f"x[^{i}]\n\n[^{i}]: n{i}\n\n" for i in range(n)), {}),
        (f"table-{n}-columns", "|" + "a|" * n + "\n|" + "-|" * n + "\n|" + "x|" * n + "\n", {}),
        (f"table-{n}-rows-5-columns", "# Data\n\n| id | name | city | amount | note |\n|---|---|---|---:|---|\n"
         + "".join(f"| {i} | 名字{i} | City {i % 97} | {i * 3.5:.2f} | some note text {i} |\n" for i in range(n)), {}),
        (f"nested-image-brackets-{n}", "![" * n + "\n", {}),
        (f"brackets-{n * 3}", "[" * (n * 3) + "\n", {}),
        (f"emphasis-nest-{n}", "*a " * n + "\n", {}),
        (f"links-{n}", "".join(f"[l{i}](#x{i}) " for i in range(n)) + "\n", {}),
        (f"quotes-{n}", "> " * n + "x\n", {}),
        (f"lists-{n}", "- " * n + "x\n", {}),
        (f"inline-html-{n}-tags", "# T\n\n" + "<b>x</b> " * n + "\n", {}),
        (f"inline-html-nest-{n}", "# T\n\n" + "<b>" * n + "x" + "</b>" * n + "\n", {}),
        (f"html-blocks-{n}", "# T\n\n" + "<div>\nx\n\n" * n, {}),
        ("paragraph-1MB", ("字a " * 200_000) + "\n", {}),
        ("paragraph-10MB" if not quick else "paragraph-3MB", ("word " * (2_000_000 if not quick else 600_000)) + "\n", {}),
    ]
    return out


def run(cmd, timeout):
    """Runs under GNU time; returns (seconds, peak MB, return code) or a timeout."""
    fd, tfile = tempfile.mkstemp()
    os.close(fd)
    start = time.monotonic()
    try:
        p = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", tfile] + cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None, None, "T/O"
    secs = time.monotonic() - start
    try:
        peak_kb = int(pathlib.Path(tfile).read_text().strip().splitlines()[-1])
    except (ValueError, IndexError):
        peak_kb = 0
    os.unlink(tfile)
    return secs, peak_kb / 1024, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--formats", default="pdf,epub,html,json,txt,jsonld")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--quick", action="store_true", help="smaller cases (a smoke run)")
    ap.add_argument("--only", default="", help="comma-separated substrings of case names")
    ap.add_argument("--no-build", action="store_true", help="use the release binary as it is")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    formats = args.formats.split(",")
    only = [o for o in args.only.split(",") if o]
    fonts_mb = sum(f.stat().st_size for f in (ROOT / "fonts").glob("*.ttf")) / 1e6
    budget_col = "pdf" in formats
    print(f"{'case':36} {'input':>9} " + " ".join(f"{f:>14}" for f in formats)
          + (f" {'pdf budget':>13}" if budget_col else ""))
    print(f"{'':36} {'':>9} " + " ".join(f"{'s / MB':>14}" for _ in formats)
          + (f" {'MB':>13}" if budget_col else ""))
    over = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for name, md, files in cases(args.quick):
            if only and not any(o in name for o in only):
                continue
            case = tmp / "case"
            case.mkdir()
            (case / "g.md").write_text(md, encoding="utf-8")
            for fname, data in files.items():
                if data is None:
                    with open(case / fname, "wb") as f:
                        f.truncate(1 << 30)
                else:
                    (case / fname).write_bytes(data)
            size = len(md.encode())
            cells = []
            budget = 20 * size / 1e6 + fonts_mb
            verdict = ""
            for fmt in formats:
                secs, mb, rc = run(
                    [str(BIN), "export", str(case / "g.md"), "--to", fmt, "-o", str(tmp / "out")],
                    args.timeout,
                )
                if rc == "T/O":
                    cells.append(f"{'T/O':>14}")
                elif rc != 0:
                    cells.append(f"{f'rc={rc}':>14}")
                else:
                    cells.append(f"{secs:6.2f} /{mb:6.0f}")
                    if fmt == "pdf":
                        ok = mb <= budget
                        verdict = f"{budget:7.0f} {'ok' if ok else 'OVER':>5}"
                        if not ok:
                            over.append(name)
            if budget_col:
                cells.append(f"{verdict:>13}")
            print(f"{name:36} {size / 1e6:8.2f}M " + " ".join(cells), flush=True)
            for p in case.iterdir():
                p.unlink()
            case.rmdir()
    if budget_col:
        print(f"\nPDF over 20x input + {fonts_mb:.1f} MB of fonts: {', '.join(over) or 'none'}")


if __name__ == "__main__":
    main()
