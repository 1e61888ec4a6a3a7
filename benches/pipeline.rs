//! Benchmarks of the pipeline stages on the bundled Chinese guide and on a generated ~1 MB
//! document (the guide's body repeated with numbered headings): `cargo bench`.

use std::path::Path;
use std::sync::LazyLock;

use divan::{Bencher, black_box};
use guidepress::model::Guide;
use guidepress::parse::{Origin, parse_str};
use guidepress::render::{json, text};

fn main() {
    divan::main();
}

static GUIDE_MD: LazyLock<String> = LazyLock::new(|| {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("source/unbind-digital-wallet-alipay.zh-CN.md"),
    )
    .expect("the bundled guide")
});

/// The guide's body (after the front matter and title) repeated, with every heading numbered,
/// until the document reaches 1 MiB.
static BIG_MD: LazyLock<String> = LazyLock::new(|| big_document(&GUIDE_MD, 1 << 20));

fn big_document(guide: &str, size: usize) -> String {
    let body = guide.split_once("\n---\n").map_or(guide, |(_, b)| b);
    let body: String = body
        .lines()
        .filter(|l| !l.starts_with("# "))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut out = String::from("---\ntitle: \"大文档\"\nlang: zh-CN\n---\n\n");
    let mut n = 0;
    while out.len() < size {
        n += 1;
        for line in body.lines() {
            if let Some(h) = line.strip_prefix("## ") {
                out.push_str(&format!("## {n}. {h}\n"));
            } else if let Some(h) = line.strip_prefix("### ") {
                out.push_str(&format!("### {n}. {h}\n"));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn parse(md: &str) -> Guide {
    parse_str(md, &Origin::named("bench.md"))
        .expect("parses")
        .guide
}

#[divan::bench(args = ["guide", "1MB"])]
fn parse_markdown(bencher: Bencher, which: &str) {
    let md: &str = if which == "guide" { &GUIDE_MD } else { &BIG_MD };
    bencher.bench(|| parse(black_box(md)));
}

#[divan::bench(args = ["guide", "1MB"])]
fn export_json(bencher: Bencher, which: &str) {
    let guide = parse(if which == "guide" { &GUIDE_MD } else { &BIG_MD });
    bencher.bench(|| json::to_json(black_box(&guide)));
}

#[divan::bench(args = ["guide", "1MB"])]
fn export_text(bencher: Bencher, which: &str) {
    let guide = parse(if which == "guide" { &GUIDE_MD } else { &BIG_MD });
    bencher.bench(|| text::render_text(black_box(&guide), 72));
}

#[divan::bench(args = ["guide", "1MB"])]
fn whole_pipeline_json_and_text(bencher: Bencher, which: &str) {
    let md: &str = if which == "guide" { &GUIDE_MD } else { &BIG_MD };
    bencher.bench(|| {
        let guide = parse(black_box(md));
        (json::to_json(&guide), text::render_text(&guide, 72))
    });
}
