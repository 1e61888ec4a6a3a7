//! EPUB accessibility checked by Ace by DAISY (npm `@daisy/ace`, run as `ace-puppeteer` with
//! Debian's Chromium): no critical or serious finding on any bundled guide or fixture.
//!
//! Ace is found as `ace-puppeteer` on `PATH`, or at `$GUIDEPRESS_ACE` (the executable);
//! `.ci/run` installs it. Missing, the test skips loudly, unless
//! `GUIDEPRESS_REQUIRE_VALIDATORS=1` makes that a failure.

// Checks EPUB output: only in builds with the `epub` feature.
#![cfg(feature = "epub")]

mod common;

use std::process::Command;

use common::*;

/// How to run Ace, or `None` when it is not installed.
fn ace() -> Option<String> {
    if let Ok(path) = std::env::var("GUIDEPRESS_ACE") {
        return Some(path);
    }
    let found = Command::new("ace-puppeteer")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    found.then(|| "ace-puppeteer".to_owned())
}

/// (impact, rule, file, markup) of every finding in Ace's report.
fn findings(report: &serde_json::Value) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for doc in report["assertions"].as_array().into_iter().flatten() {
        let file = doc["earl:testSubject"]["url"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        for a in doc["assertions"].as_array().into_iter().flatten() {
            let test = &a["earl:test"];
            out.push((
                test["earl:impact"].as_str().unwrap_or("").to_owned(),
                test["dct:title"].as_str().unwrap_or("").to_owned(),
                file.clone(),
                a["earl:result"]["html"]
                    .as_str()
                    .unwrap_or("")
                    .chars()
                    .take(160)
                    .collect(),
            ));
        }
    }
    out
}

#[test]
fn ace_finds_nothing_critical_or_serious() {
    let Some(ace) = ace() else {
        assert!(
            std::env::var("GUIDEPRESS_REQUIRE_VALIDATORS").as_deref() != Ok("1"),
            "Ace by DAISY is required: see .ci/run"
        );
        eprintln!(
            "\n*** SKIPPED: Ace by DAISY is not installed. Install it with:\n\
             ***   apt-get install chromium nodejs npm\n\
             ***   PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix DIR @daisy/ace@1.4.6\n\
             *** and put DIR/node_modules/.bin on PATH (or set GUIDEPRESS_ACE to ace-puppeteer).\n\
             *** (set GUIDEPRESS_REQUIRE_VALIDATORS=1 to make this a failure)\n"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = guides().to_vec();
    inputs.push(all_blocks());
    for (k, path) in inputs.iter().enumerate() {
        let epub = dir.path().join(format!("book{k}.epub"));
        std::fs::write(&epub, render(path, "epub")).unwrap();
        let out_dir = dir.path().join(format!("ace{k}"));
        let mut cmd = Command::new(&ace);
        cmd.args(["-s", "-f", "-o"]).arg(&out_dir).arg(&epub);
        if std::env::var_os("PUPPETEER_EXECUTABLE_PATH").is_none() {
            cmd.env("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium");
        }
        let run = cmd.output().expect("Ace runs");
        let report = std::fs::read_to_string(out_dir.join("report.json")).unwrap_or_else(|e| {
            panic!(
                "Ace wrote no report for {} ({e}):\n{}{}",
                path.display(),
                String::from_utf8_lossy(&run.stdout),
                String::from_utf8_lossy(&run.stderr)
            )
        });
        let report: serde_json::Value = serde_json::from_str(&report).unwrap();
        let bad: Vec<_> = findings(&report)
            .into_iter()
            .filter(|f| f.0 == "critical" || f.0 == "serious")
            .collect();
        assert!(bad.is_empty(), "{}: {bad:#?}", path.display());
    }
}
