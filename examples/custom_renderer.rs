//! A renderer defined outside guidepress, plugged into the same registry as the built-in ones:
//! a printable checklist of the guide's steps (Markdown task list).
//!
//! ```text
//! cargo run --example custom_renderer -- source/unbind-digital-wallet-alipay.zh-CN.md
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use guidepress::model::{Guide, plain_text};
use guidepress::render::{Registry, RenderContext, RenderError, Renderer};

/// Prints every step of the guide's main flow as a tick box.
struct Checklist;

impl Renderer for Checklist {
    fn id(&self) -> &str {
        "checklist"
    }
    fn extension(&self) -> &str {
        "checklist.md"
    }
    fn media_type(&self) -> &str {
        "text/markdown; charset=utf-8"
    }
    fn description(&self) -> &str {
        "the steps as a printable checklist"
    }
    fn render(&self, guide: &Guide, ctx: &mut RenderContext) -> Result<Vec<u8>, RenderError> {
        let steps = guide.main_steps();
        if steps.is_empty() {
            ctx.warn("the guide has no steps: the checklist is empty");
        }
        let mut out = format!("# {}\n\n", guide.meta.title);
        for step in steps {
            out.push_str(&format!(
                "- [ ] {}. {}\n",
                step.number,
                plain_text(&step.title)
            ));
        }
        Ok(out.into_bytes())
    }
}

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: custom_renderer GUIDE.md");
        return ExitCode::from(2);
    };
    let mut registry = Registry::builtin();
    registry.register(Box::new(Checklist));

    let loaded = match guidepress::input::load(&path) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let renderer = registry.get("checklist").expect("just registered");
    let mut ctx = RenderContext::default();
    match renderer.render(&loaded.guide, &mut ctx) {
        Ok(bytes) => {
            print!("{}", String::from_utf8_lossy(&bytes));
            for w in ctx.warnings {
                eprintln!("{w}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
