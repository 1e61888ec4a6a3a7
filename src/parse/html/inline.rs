//! Inline HTML in Markdown text: tags paired across the inlines between them
//! ([`InlineBuilder`]), the elements with a meaning in the model made into its inlines, the
//! rest keeping their text.

use super::*;

/// An inline element being collected.
#[derive(Debug, Clone)]
struct Frame {
    name: String,
    attrs: BTreeMap<String, String>,
    saved: Vec<Inline>,
}

/// Builds inline content from a mix of model inlines and HTML tags, pairing open and close
/// tags across the inlines between them.
#[derive(Debug, Default)]
pub(crate) struct InlineBuilder {
    out: Vec<Inline>,
    stack: Vec<Frame>,
    /// Inside an element removed with its content: its name and nesting depth.
    skip: Option<(String, usize)>,
}

impl InlineBuilder {
    /// Whether content is currently being removed (inside `<script>` and the like).
    pub fn skipping(&self) -> bool {
        self.skip.is_some()
    }

    /// Appends an inline, merging adjacent text.
    pub fn push(&mut self, inline: Inline) {
        if self.skip.is_some() {
            return;
        }
        push_merged(&mut self.out, inline);
    }

    /// Whether nothing has been collected (at this level and in open elements).
    pub fn is_empty(&self) -> bool {
        self.out.is_empty() && self.stack.iter().all(|f| f.saved.is_empty())
    }

    /// Feeds one HTML token; `warn` hears about tags that lose their meaning.
    pub fn token(&mut self, tok: Tok, warn: &mut dyn FnMut(&str, Dropped)) {
        if let Some((skip_name, depth)) = &mut self.skip {
            match &tok {
                Tok::Open { name, .. } if name == skip_name => *depth += 1,
                Tok::Close(name) if name == skip_name => {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skip = None;
                    }
                }
                _ => {}
            }
            return;
        }
        match tok {
            Tok::Text(t) => self.push(Inline::Text { text: t }),
            Tok::Comment(_) => {}
            Tok::Open {
                name,
                attrs,
                self_closing,
            } => {
                if drops_content(&name) {
                    warn(&name, Dropped::WithContent);
                    if !self_closing && !is_void(&name) {
                        self.skip = Some((name, 1));
                    }
                    return;
                }
                match name.as_str() {
                    "br" => self.push(Inline::LineBreak),
                    "wbr" => {}
                    "img" => {
                        let src = attrs.get("src").cloned().unwrap_or_default();
                        let alt = attrs.get("alt").cloned().unwrap_or_default();
                        if is_active_url(&src) {
                            warn("img", Dropped::WithContent);
                            if !alt.is_empty() {
                                self.push(Inline::Text { text: alt });
                            }
                        } else {
                            self.push(Inline::Image {
                                url: src,
                                alt,
                                title: attrs.get("title").cloned().filter(|t| !t.is_empty()),
                                width: attrs.get("width").and_then(|v| Length::from_html(v)),
                                height: attrs.get("height").and_then(|v| {
                                    // A percentage height has no meaning in running text (a
                                    // browser ignores it too).
                                    match Length::from_html(v)? {
                                        Length::Px(n) => Some(n),
                                        Length::Percent(_) => None,
                                    }
                                }),
                            });
                        }
                    }
                    n if wraps(n) && !self_closing && self.stack.len() >= MAX_HTML_NESTING => {
                        warn(n, Dropped::TagOnly);
                    }
                    n if wraps(n) && !self_closing => self.stack.push(Frame {
                        name,
                        attrs,
                        saved: std::mem::take(&mut self.out),
                    }),
                    n if wraps(n) => {}
                    n => warn(n, Dropped::TagOnly),
                }
            }
            Tok::Close(name) => {
                let Some(at) = self.stack.iter().rposition(|f| f.name == name) else {
                    if !wraps(&name) && !is_void(&name) {
                        warn(&name, Dropped::TagOnly);
                    }
                    return;
                };
                // Elements opened inside and never closed end here (as browsers do).
                while self.stack.len() > at + 1 {
                    self.close_top(warn);
                }
                self.close_top(warn);
            }
        }
    }

    /// Closes the innermost open element, wrapping what it collected.
    fn close_top(&mut self, warn: &mut dyn FnMut(&str, Dropped)) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let content = std::mem::replace(&mut self.out, frame.saved);
        for inline in wrap(&frame.name, &frame.attrs, content, warn) {
            push_merged(&mut self.out, inline);
        }
    }

    /// The collected content. Elements still open lose their tag and keep their content.
    pub fn finish(mut self, warn: &mut dyn FnMut(&str, Dropped)) -> Vec<Inline> {
        while let Some(frame) = self.stack.pop() {
            warn(&frame.name, Dropped::TagOnly);
            let content = std::mem::replace(&mut self.out, frame.saved);
            for inline in content {
                push_merged(&mut self.out, inline);
            }
        }
        trim_around_breaks(&mut self.out);
        // The model is kept while every format is rendered: no spare capacity (a list grown
        // by pushing has room for four inlines, most paragraphs hold one or two; text merged
        // from pieces has grown by doubling).
        for inline in &mut self.out {
            if let Inline::Text { text } = inline {
                text.shrink_to_fit();
            }
        }
        self.out.shrink_to_fit();
        self.out
    }
}

/// Inline elements that become a model inline around their content.
fn wraps(name: &str) -> bool {
    matches!(
        name,
        "kbd"
            | "sup"
            | "sub"
            | "mark"
            | "abbr"
            | "acronym"
            | "ins"
            | "del"
            | "s"
            | "strike"
            | "small"
            | "b"
            | "strong"
            | "i"
            | "em"
            | "code"
            | "tt"
            | "samp"
            | "a"
    )
}

/// The model inline(s) for an element and its content.
fn wrap(
    name: &str,
    attrs: &BTreeMap<String, String>,
    content: Vec<Inline>,
    warn: &mut dyn FnMut(&str, Dropped),
) -> Vec<Inline> {
    let one = match name {
        "kbd" => Inline::Keyboard { content },
        "sup" => Inline::Superscript { content },
        "sub" => Inline::Subscript { content },
        "mark" => Inline::Highlight { content },
        "abbr" | "acronym" => Inline::Abbreviation {
            title: attrs
                .get("title")
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty()),
            content,
        },
        "ins" => Inline::Inserted { content },
        "del" | "s" | "strike" => Inline::Strikethrough { content },
        "small" => Inline::Small { content },
        "b" | "strong" => Inline::Strong { content },
        "i" | "em" => Inline::Emphasis { content },
        "code" | "tt" | "samp" => Inline::Code {
            code: plain_text(&content),
        },
        "a" => match attrs.get("href") {
            Some(href) if is_unlinkable_url(href) => {
                warn("a", Dropped::ActiveLink);
                return content;
            }
            Some(href) => Inline::Link {
                url: href.trim().to_owned(),
                title: attrs.get("title").cloned().filter(|t| !t.is_empty()),
                content,
            },
            // `<a name="x">` or `<a id="x">`: an anchor, not a link.
            None => return content,
        },
        _ => return content,
    };
    vec![one]
}

/// Drops the white space a line break leaves at the edges of its lines: `第一行<br>` and then
/// `第二行` on the next source line gave `第二行` with a space before it (the source line
/// break), indenting the line in every format. Only ASCII spaces and tabs go: an ideographic
/// space (`　　`) at a line's start is indentation the author wrote.
fn trim_around_breaks(out: &mut Vec<Inline>) {
    let blank = |c: char| c == ' ' || c == '\t';
    for k in 0..out.len() {
        if !matches!(out[k], Inline::LineBreak) {
            continue;
        }
        if let Some(Inline::Text { text }) = out.get_mut(k + 1) {
            let kept = text.trim_start_matches(blank).len();
            text.drain(..text.len() - kept);
        }
        if let Some(Inline::Text { text }) = k.checked_sub(1).and_then(|p| out.get_mut(p)) {
            text.truncate(text.trim_end_matches(blank).len());
        }
    }
    out.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
}

/// Appends an inline, merging adjacent text runs and dropping empty text.
fn push_merged(out: &mut Vec<Inline>, inline: Inline) {
    if let Inline::Text { text } = &inline {
        if text.is_empty() {
            return;
        }
        if let Some(Inline::Text { text: prev }) = out.last_mut() {
            prev.push_str(text);
            return;
        }
    }
    out.push(inline);
}
