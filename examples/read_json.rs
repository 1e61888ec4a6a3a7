//! Loads a JSON file exported by `guidepress export --to json` with the crate's own types and
//! prints the guide's steps.
//!
//! ```text
//! cargo run --release -- export source/unbind-digital-wallet-alipay.zh-CN.md --to json -o out
//! cargo run --example read_json -- out/unbind-digital-wallet-alipay.zh-CN.json
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use guidepress::model::plain_text;
use guidepress::render::json;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: read_json GUIDE.json");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            return ExitCode::from(1);
        }
    };
    let guide = match json::from_json(&bytes, &path) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    println!("{}", guide.meta.title);
    for step in guide.main_steps() {
        let body: Vec<String> = step
            .body
            .iter()
            .filter_map(|b| match b {
                guidepress::model::Block::Paragraph { content, .. } => Some(plain_text(content)),
                _ => None,
            })
            .collect();
        println!(
            "{:>2}. {} — {}",
            step.number,
            plain_text(&step.title),
            body.join(" ")
        );
    }
    ExitCode::SUCCESS
}
