//! Standalone HTML5 page (`html`).
//!
//! One self-contained file: the stylesheet is inline (responsive, with a print stylesheet, see
//! [`crate::render::style`]), and images are **inlined as `data:` URIs** (base64), so the page
//! can be mailed or archived alone. No font is embedded: the page uses the reader's system
//! Chinese fonts. The `<head>` carries the guide's schema.org JSON-LD
//! ([`crate::render::jsonld`]), with `<` and `&` written as `\u003c` and `\u0026` so that no
//! text of the guide can close the `<script>` element. The body is the same semantic markup as
//! the EPUB chapters ([`crate::render::xhtml`]), in HTML serialisation, with a table of
//! contents and the footnotes at the end.

use base64::Engine as _;

use crate::diagnostic::Diagnostic;
use crate::model::Guide;
use crate::render::jsonld::json_ld;
use crate::render::resources;
use crate::render::xhtml::{
    Flavor, TITLE_ID, Targets, XhtmlWriter, bcp47, unlinkable, unreferenced_footnotes,
};
use crate::render::{RenderContext, RenderError, Renderer, style};

/// The standalone HTML renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlRenderer;

impl Renderer for HtmlRenderer {
    fn id(&self) -> &str {
        "html"
    }

    fn extension(&self) -> &str {
        "html"
    }

    fn media_type(&self) -> &str {
        "text/html"
    }

    fn description(&self) -> &str {
        "self-contained HTML5 page (inline CSS and images) with schema.org JSON-LD"
    }

    fn render(&self, guide: &Guide, ctx: &mut RenderContext) -> Result<Vec<u8>, RenderError> {
        let guide = &*crate::render::sanitize::for_output(guide, ctx);
        let images = resources::load_all(guide, ctx);
        let mut targets = Targets::default();
        for (url, i) in &images.by_url {
            let img = &images.files[*i];
            let b64 = base64::engine::general_purpose::STANDARD.encode(&img.data);
            targets
                .images
                .insert(url.clone(), format!("data:{};base64,{b64}", img.media_type));
        }
        for s in &guide.sections {
            let mut ids = Vec::new();
            s.collect_ids(&mut ids);
            for id in ids {
                targets.anchors.insert(id.to_owned(), String::new());
            }
        }
        // A link to the top of the guide leads to its title (a guide read from JSON may have
        // taken the title's id: the link is then text).
        let title_id = (!targets.anchors.contains_key(TITLE_ID)).then_some(TITLE_ID);
        targets.top = title_id.map(|id| format!("#{id}"));
        // Links a page cannot carry (`javascript:`, `file:`, a host no browser accepts) are
        // shown as their text: say which, as the EPUB and PDF do.
        for url in unlinkable(guide, &targets, Flavor::Html) {
            ctx.warnings.push(
                Diagnostic::file_warning(
                    &ctx.source,
                    format!("link to `{url}` is shown as text in the HTML: not an address a page may link to"),
                )
                .with_key(Diagnostic::link_key(&url)),
            );
        }
        let jsonld = serde_json::to_string(&json_ld(guide))
            .map_err(|e| RenderError(format!("cannot write JSON-LD: {e}")))?;
        let mut css = style::html_css();
        css.push_str(&resources::theme_css(guide, ctx));
        let title = guide.meta.title.clone();
        let lang = bcp47(&guide.language());
        let mut w = XhtmlWriter::new(Flavor::Html, guide, &targets, "", &lang);
        w.begin(
            &title,
            |w| {
                w.meta("viewport", "width=device-width, initial-scale=1");
                if let Some(d) = &guide.meta.description {
                    w.meta("description", d);
                }
                if !guide.meta.authors.is_empty() {
                    w.meta("author", &guide.meta.authors.join(", "));
                }
                if !guide.meta.keywords.is_empty() {
                    w.meta("keywords", &guide.meta.keywords.join(", "));
                }
                w.meta(
                    "generator",
                    &format!("guidepress {}", env!("CARGO_PKG_VERSION")),
                );
                w.raw_element("style", &[], &css);
                w.raw_element("script", &[("type", "application/ld+json")], &jsonld);
            },
            None,
        );
        w.start("main", &[]);
        w.newline();
        w.title_block(title_id);
        w.toc(&guide.sections);
        w.blocks(&guide.blocks, 1);
        for s in &guide.sections {
            w.section(s, 2);
        }
        w.add_footnotes(unreferenced_footnotes(guide));
        w.footnotes();
        w.end("main");
        w.newline();
        Ok(w.finish())
    }
}
