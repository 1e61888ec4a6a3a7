//! An external renderer written in Rust: `guidepress --to steps-csv` writes the guide's
//! procedure as CSV (`number,title,text`), for a help centre's step database.
//!
//! Build it and put it on `PATH` under its own name:
//!
//! ```text
//! cargo build --release --example guidepress-steps-csv
//! PATH="$PWD/target/release/examples:$PATH" guidepress export guide.md --to steps-csv -o out
//! ```
//!
//! The protocol is in `docs/plugins.md`: `--describe` prints what the format is; otherwise the
//! guide's JSON arrives on standard input and the output goes to standard output.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use guidepress::model::plain_text;
use guidepress::render::json;
use guidepress::render::jsonld::blocks_text;

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--describe") {
        println!(
            r#"{{"extension": "csv", "media_type": "text/csv", "description": "the guide's steps as CSV (number, title, text)"}}"#
        );
        return ExitCode::SUCCESS;
    }
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("cannot read the guide: {e}");
        return ExitCode::from(1);
    }
    let guide = match json::from_json(&input, Path::new("<stdin>")) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let mut out = String::from("number,title,text\r\n");
    for step in guide.main_steps() {
        let text = blocks_text(&step.body).replace('\n', " ");
        out.push_str(&format!(
            "{},{},{}\r\n",
            step.number,
            csv_field(&plain_text(&step.title)),
            csv_field(&text)
        ));
    }
    if guide.main_steps().is_empty() {
        eprintln!("the guide has no steps: the CSV has only its header");
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    ExitCode::SUCCESS
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
