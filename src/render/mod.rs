//! Renderers: model → bytes, behind one trait, listed in one registry.
//!
//! A renderer implements [`Renderer`]: an id (`json`, `txt`), a file extension, a media type, a
//! one-line description and a `render` function from a [`Guide`] and a [`RenderContext`] to
//! bytes. Renderers know nothing of Markdown; they read only the [model](crate::model).
//!
//! The [`Registry`] lists the built-in renderers; adding a format is one module here and one
//! line in [`Registry::builtin`]. A renderer defined outside this crate is registered the same
//! way with [`Registry::register`] (see `examples/custom_renderer.rs`).

// Always built: the formats that need nothing beyond serde_json and the text wrapper.
pub mod external;
pub mod json;
pub mod jsonld;
pub mod labels;
pub mod long_tokens;
pub mod sanitize;
pub mod schema_tags;
pub mod text;

// Each heavier format is a Cargo feature (on by default), with the modules only it uses.
#[cfg(feature = "epub")]
pub mod epub;
#[cfg(feature = "html")]
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
#[cfg(any(feature = "epub", feature = "html"))]
pub mod resources;
#[cfg(any(feature = "epub", feature = "html"))]
pub mod style;
#[cfg(feature = "epub")]
pub mod webfont;
#[cfg(any(feature = "epub", feature = "html"))]
pub mod xhtml;

use std::fmt;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::model::{Block, Guide, Inline, KeyPoint, ListItem, Span};

/// An output format.
pub trait Renderer: Send + Sync {
    /// Short identifier used on the command line (`--to json`): lower case, no spaces.
    fn id(&self) -> &str;
    /// File extension of outputs, without the dot.
    fn extension(&self) -> &str;
    /// IANA media type of outputs.
    fn media_type(&self) -> &str;
    /// One line saying what the format is for.
    fn description(&self) -> &str;
    /// Renders the guide. Warnings go to [`RenderContext::warnings`]; an error means no
    /// output at all.
    fn render(&self, guide: &Guide, ctx: &mut RenderContext) -> Result<Vec<u8>, RenderError>;
}

/// What a renderer gets besides the guide: options, where the input lives, and a place to put
/// warnings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RenderContext {
    /// Options shared by all renderers; each reads the ones that concern it.
    pub options: RenderOptions,
    /// The input's folder, against which relative image paths are resolved. `None` means
    /// renderers must not read any file.
    pub base_dir: Option<PathBuf>,
    /// The input's name, for diagnostics.
    pub source: PathBuf,
    /// Warnings produced while rendering.
    pub warnings: Vec<Diagnostic>,
}

impl Default for RenderContext {
    fn default() -> Self {
        RenderContext {
            options: RenderOptions::default(),
            base_dir: None,
            source: PathBuf::from("<memory>"),
            warnings: Vec::new(),
        }
    }
}

impl RenderContext {
    /// A context for an input file: images resolve against its folder.
    pub fn for_input(source: PathBuf, base_dir: Option<PathBuf>, options: RenderOptions) -> Self {
        RenderContext {
            options,
            base_dir,
            source,
            warnings: Vec::new(),
        }
    }

    /// Records a warning about the input as a whole.
    pub fn warn(&mut self, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::file_warning(&self.source, message));
    }
}

/// Options for renderers. Fields are added over time, so build it from `default()`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Line width in display columns for text output (CJK characters count 2).
    pub width: usize,
    /// Paper size for paged output.
    pub paper: Paper,
    /// Seconds since the Unix epoch to use as the build date (from `SOURCE_DATE_EPOCH`), so
    /// that outputs are reproducible. `None` means renderers use a date derived from the guide.
    pub source_date_epoch: Option<i64>,
    /// Add a table of contents (paged output).
    pub toc: bool,
    /// Give the title block a page of its own (paged output): books ask for it.
    pub title_page: bool,
    /// Add a tick box to every step, for printed checklists (paged output).
    pub checklist: bool,
    /// Tag the PDF (structure tree for screen readers and reflow, PDF/UA-1). On by default;
    /// off saves time and size on very long documents (see docs/pdf.md).
    pub tags: bool,
    /// Body font files, tried before the bundled fonts: a path to a TTF/OTF/TTC file,
    /// optionally followed by `#N` to pick face N of a collection. They never replace the
    /// bold or monospaced faces (see `fonts_bold`, `fonts_mono`).
    pub fonts: Vec<String>,
    /// Bold font files (same syntax as `fonts`), tried first for strong text and headings.
    pub fonts_bold: Vec<String>,
    /// Monospaced font files (same syntax as `fonts`), tried first for code.
    pub fonts_mono: Vec<String>,
    /// Embed (a subset of) the bundled Chinese font in ebook output.
    pub embed_fonts: bool,
    /// The file name the output will be written to (`guide.pdf`), or `None` for standard
    /// output. External renderers are told it.
    pub output_name: Option<String>,
    /// Look for installed fonts (PDF) when neither the user's nor the bundled fonts have a
    /// character. Off makes the output independent of the machine's fonts.
    pub system_fonts: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width: 72,
            paper: Paper::A4,
            source_date_epoch: None,
            toc: false,
            title_page: false,
            checklist: false,
            tags: true,
            fonts: Vec::new(),
            fonts_bold: Vec::new(),
            fonts_mono: Vec::new(),
            embed_fonts: true,
            output_name: None,
            system_fonts: true,
        }
    }
}

/// Paper sizes for paged output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A5, 148 × 210 mm.
    A5,
}

impl Paper {
    /// The paper's name as the command line writes it: `a4`, `letter`, `a5`.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
            Paper::A5 => "a5",
        }
    }
}

/// A renderer failed and produced nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError(pub String);

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}

/// The id of every renderer built into guidepress, whether or not this build has it: `pdf`,
/// `epub` and `html` are Cargo features of the same name (on by default). A registry that
/// lacks one of these ids can say the format was not compiled in, rather than unknown.
pub const BUILTIN_IDS: &[&str] = &["json", "txt", "epub", "html", "jsonld", "pdf"];

/// The list of available renderers.
pub struct Registry {
    renderers: Vec<Box<dyn Renderer>>,
}

impl Registry {
    /// The renderers built into guidepress: those of [`BUILTIN_IDS`] that this build has.
    pub fn builtin() -> Self {
        let mut r = Registry::empty();
        r.register(Box::new(json::JsonRenderer));
        r.register(Box::new(text::TextRenderer));
        #[cfg(feature = "epub")]
        r.register(Box::new(epub::EpubRenderer));
        #[cfg(feature = "html")]
        r.register(Box::new(html::HtmlRenderer));
        r.register(Box::new(jsonld::JsonLdRenderer));
        #[cfg(feature = "pdf")]
        r.register(Box::new(pdf::PdfRenderer));
        r
    }

    /// A registry with no renderers.
    pub fn empty() -> Self {
        Registry {
            renderers: Vec::new(),
        }
    }

    /// Adds a renderer; one with the same id replaces the earlier one.
    pub fn register(&mut self, renderer: Box<dyn Renderer>) {
        self.renderers.retain(|r| r.id() != renderer.id());
        self.renderers.push(renderer);
    }

    /// The renderer with this id.
    pub fn get(&self, id: &str) -> Option<&dyn Renderer> {
        self.renderers
            .iter()
            .find(|r| r.id() == id)
            .map(|r| r.as_ref())
    }

    /// All renderers, in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &dyn Renderer> {
        self.renderers.iter().map(|r| r.as_ref())
    }

    /// All ids, in registration order.
    pub fn ids(&self) -> Vec<&str> {
        self.iter().map(|r| r.id()).collect()
    }

    /// Adds the external renderer `guidepress-<id>` found on `PATH` (see [`external`]), unless
    /// `id` is already registered. `Ok(false)` when there is no such program.
    pub fn add_plugin(&mut self, id: &str) -> Result<bool, String> {
        if self.get(id).is_some() {
            return Ok(true);
        }
        let Some(program) = external::find(id) else {
            return Ok(false);
        };
        let r = external::ExternalRenderer::describe(id, &program)?;
        self.register(Box::new(r));
        Ok(true)
    }

    /// Adds every external renderer on `PATH` whose id is not taken. Returns the problems met
    /// (a program that cannot describe itself is left out).
    pub fn add_all_plugins(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        for (id, program) in external::discover() {
            if self.get(&id).is_some() {
                continue;
            }
            match external::ExternalRenderer::describe(&id, &program) {
                Ok(r) => self.register(Box::new(r)),
                Err(e) => problems.push(e),
            }
        }
        problems
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.ids()).finish()
    }
}

/// Key points as the list they were written as, each item opening with its term in bold and
/// `colon`: for renderers that draw key points exactly like lists.
pub fn key_points_as_list(
    span: Option<Span>,
    ordered: bool,
    start: Option<u64>,
    points: &[KeyPoint],
    colon: &str,
) -> Block {
    let items = points
        .iter()
        .map(|p| {
            let mut lead = vec![Inline::Strong {
                content: p.term.clone(),
            }];
            let mut rest = p.body.as_slice();
            let mut lead_span = p.span;
            // The term's colon was written, and stays even when no text follows it on the
            // line (`**入门**：` over a nested list lost it).
            if let Some((Block::Paragraph { span, content }, tail)) = p.body.split_first() {
                lead.push(Inline::Text {
                    text: colon.to_owned(),
                });
                lead.extend(content.iter().cloned());
                rest = tail;
                lead_span = *span;
            } else {
                lead.push(Inline::Text {
                    text: colon.trim_end().to_owned(),
                });
            }
            let mut blocks = vec![Block::Paragraph {
                span: lead_span,
                content: lead,
            }];
            blocks.extend(rest.iter().cloned());
            ListItem {
                span: p.span,
                checked: None,
                blocks,
            }
        })
        .collect();
    Block::List {
        span,
        ordered,
        start,
        tight: true,
        items,
    }
}
