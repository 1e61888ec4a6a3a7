//! guidepress turns one Markdown guide into a print-ready PDF, an EPUB 3 ebook, documented JSON
//! and plain text, with Chinese as a first-class language.
//!
//! The library is the pipeline the command line uses:
//!
//! 1. [`parse`] reads Markdown (or [`render::json`] reads our JSON) into a [`model::Guide`];
//! 2. the [`model`] is plain data that every renderer and JSON consumer shares;
//! 3. a [`render::Renderer`] turns the guide into bytes; the [`render::Registry`] lists them.
//!
//! ```
//! use guidepress::{parse, render};
//!
//! let parsed = parse::parse_str("# 标题\n\n## 步骤\n\n1. **打开**：启动应用。\n2. **设置**：点击。\n",
//!     &parse::Origin::named("guide.md")).unwrap();
//! let registry = render::Registry::builtin();
//! let txt = registry.get("txt").unwrap();
//! let mut ctx = render::RenderContext::default();
//! let bytes = txt.render(&parsed.guide, &mut ctx).unwrap();
//! assert!(String::from_utf8(bytes).unwrap().contains("打开"));
//! ```

#![deny(missing_docs)]

pub mod assets;
pub mod book;
pub mod cjk;
pub mod dates;
pub mod diagnostic;
pub mod filter;
#[cfg(any(feature = "pdf", feature = "epub"))]
pub mod fonts;
pub mod input;
pub mod inputs;
pub mod job;
pub mod langtag;
pub mod model;
pub mod output;
pub mod parse;
pub mod process;
pub mod render;
pub mod urls;
pub mod watch;

pub use diagnostic::{Diagnostic, Severity};
pub use model::Guide;
