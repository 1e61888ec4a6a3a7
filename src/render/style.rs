//! Stylesheets of the EPUB and HTML output.
//!
//! Tuned for Chinese first: generous line height (CJK glyphs fill the em box, so lines need more
//! air than Latin text), justified text with strict line breaking (no line may start with `，`
//! or `。`, nor end with `“`), and no synthetic italics for Chinese emphasis (emphasis marks
//! instead, as Chinese typography does). The CJK-only rules (inter-character justification,
//! emphasis dots) are scoped with `:lang(zh)`/`:lang(ja)`: an English book, and the Latin runs
//! of a Chinese one (which the writer marks `lang="en"`), justify between words and emphasise
//! with italics. Tuned for e-ink too: pure black on white, meaning
//! carried by borders and weight rather than colour or grey backgrounds, no thin rules.
//!
//! What was written is what is shown: code keeps its runs of spaces (inline code too) and its
//! tabs stop every 4 columns, as in the PDF; a table cell breaks a long token (a key, a URL)
//! anywhere rather than push the table off a phone's screen.
//!
//! Every rule still reads well where our font is missing: the font stacks end in the Chinese
//! system fonts of every platform and a generic family, and sizes are relative (`em`), so a
//! reader's own font-size setting keeps working. None of the CSS contains `<`, so it can be
//! inlined in an HTML `<style>` element as it is.

/// Family name under which the embedded subset of Noto Sans SC is declared. It differs from
/// the real family name so that a reader never mistakes the subset for an installed full font.
pub const EMBEDDED_FAMILY: &str = "guidepress Noto Sans SC";

/// Font stack after the embedded font: the same family installed, then the common system
/// Chinese fonts, then the generic family.
const FALLBACK_STACK: &str = "\"Noto Sans SC\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", \
\"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif";

/// Font stacks for the CJK languages whose glyph forms differ from Simplified Chinese: a
/// Japanese guide set in a Chinese font shows Chinese forms of kanji (今, 直, 骨), and a Taiwan
/// or Hong Kong one puts `，` and `。` in the corner instead of the centre. Each names the
/// language's own fonts on every platform first; `{embedded}` is where the embedded subset
/// goes (after them: it still covers what they lack), or nothing. On `body` only, so that code
/// keeps its monospaced stack.
const LOCALE_STACKS: &[(&str, &str)] = &[
    (
        "body:lang(ja)",
        "\"Noto Sans JP\", \"Noto Sans CJK JP\", \"Source Han Sans JP\", \"Hiragino Sans\", \
         \"Hiragino Kaku Gothic ProN\", \"Yu Gothic\", \"Meiryo\", {embedded}sans-serif",
    ),
    (
        "body:lang(zh-Hant), body:lang(zh-TW), body:lang(zh-MO), body:lang(cmn-Hant)",
        "\"Noto Sans TC\", \"Noto Sans CJK TC\", \"Source Han Sans TC\", \"PingFang TC\", \
         \"Microsoft JhengHei\", {embedded}sans-serif",
    ),
    (
        "body:lang(zh-HK), body:lang(zh-Hant-HK), body:lang(yue)",
        "\"Noto Sans HK\", \"Noto Sans CJK HK\", \"Source Han Sans HC\", \"PingFang HK\", \
         \"Noto Sans TC\", \"Noto Sans CJK TC\", \"Microsoft JhengHei\", {embedded}sans-serif",
    ),
    (
        "body:lang(ko)",
        "\"Noto Sans KR\", \"Noto Sans CJK KR\", \"Source Han Sans K\", \"Apple SD Gothic Neo\", \
         \"Malgun Gothic\", {embedded}sans-serif",
    ),
];

/// The [`LOCALE_STACKS`] rules, with the embedded family (if any) near the end of each.
fn locale_rules(embedded: Option<&str>) -> String {
    let embedded = embedded.map_or(String::new(), |f| format!("\"{f}\", "));
    LOCALE_STACKS
        .iter()
        .map(|(selector, stack)| {
            format!(
                "{selector} {{ font-family: {}; }}\n",
                stack.replace("{embedded}", &embedded)
            )
        })
        .collect()
}

/// Rules shared by the EPUB chapters and the HTML page.
const BASE: &str = r#"
html { line-break: strict; -epub-line-break: strict; -webkit-line-break: strict; }
body { line-height: 1.75; text-align: justify;
  word-wrap: break-word; overflow-wrap: break-word; orphans: 2; widows: 2; }
:lang(zh), :lang(ja) { text-justify: inter-character; }
:lang(ko) { word-break: keep-all; }
[lang]:not(:lang(zh)):not(:lang(ja)) { text-justify: auto; }
h1, h2, h3, h4, h5, h6 { line-height: 1.4; text-align: start; font-weight: bold;
  page-break-after: avoid; break-after: avoid; margin: 1.4em 0 0.6em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.35em; } h3 { font-size: 1.15em; }
h4 { font-size: 1.08em; } h5 { font-size: 1em; } h6 { font-size: 0.92em; }
p { margin: 0 0 0.8em; }
em { font-style: italic; }
:lang(zh) em, :lang(ja) em { font-style: normal; text-emphasis: filled dot;
  -epub-text-emphasis: filled dot; -webkit-text-emphasis: filled dot;
  text-emphasis-position: under right; -webkit-text-emphasis-position: under right; }
em [lang]:not(:lang(zh)):not(:lang(ja)) { font-style: italic; text-emphasis: none;
  -epub-text-emphasis: none; -webkit-text-emphasis: none; }
strong { font-weight: bold; }
code, pre, kbd { font-family: "JetBrains Mono", "Noto Sans Mono CJK SC", monospace; font-size: 0.9em; }
:lang(ja) code, :lang(ja) pre, :lang(ja) kbd { font-family: "JetBrains Mono", "Noto Sans Mono CJK JP", monospace; }
:lang(zh-Hant) code, :lang(zh-TW) code, :lang(zh-Hant) pre, :lang(zh-TW) pre { font-family: "JetBrains Mono", "Noto Sans Mono CJK TC", monospace; }
:lang(zh-HK) code, :lang(zh-HK) pre { font-family: "JetBrains Mono", "Noto Sans Mono CJK HK", monospace; }
:lang(ko) code, :lang(ko) pre, :lang(ko) kbd { font-family: "JetBrains Mono", "Noto Sans Mono CJK KR", monospace; }
code { white-space: pre-wrap; }
pre, code { tab-size: 4; -moz-tab-size: 4; }
pre { white-space: pre-wrap; text-align: left; line-height: 1.5; border: 1px solid; padding: 0.5em;
  margin: 0 0 1em; page-break-inside: avoid; break-inside: avoid; }
pre code { font-size: 1em; }
blockquote { margin: 0 0 1em; padding-left: 1em; border-left: 3px solid; }
ul, ol { margin: 0 0 1em; padding-left: 2em; }
li { margin: 0.2em 0; }
ul.tasks { list-style: none; padding-left: 1em; }
nav#toc ol, nav.toc ol { list-style: none; padding-left: 1.2em; }
nav#toc > ol, nav.toc > ol { padding-left: 0; }
ol.steps { padding-left: 2.2em; }
li.step { margin: 0 0 0.8em; }
li.step .step-title { margin: 0 0 0.3em; }
.step-body > :last-child { margin-bottom: 0; }
ul.key-points > li > p:first-child, ol.key-points > li > p:first-child { margin: 0 0 0.3em; }
kbd { border: 1px solid; border-radius: 3px; padding: 0 0.25em; font-size: 0.85em;
  white-space: nowrap; }
sup, sub { font-size: 0.75em; line-height: 0; }
mark { background: #fff0a0; color: inherit; }
abbr[title] { text-decoration: underline dotted; }
details { margin: 0 0 1em; }
img.logo { max-height: 3em; max-width: 40%; display: block; margin: 0 0 0.5em; }
summary { font-weight: bold; cursor: pointer; }
.faq .question { font-size: 1.05em; }
.qa-label { font-weight: bold; border: 1px solid; padding: 0 0.25em; margin-right: 0.35em;
  font-size: 0.85em; }
p.answer-label { display: inline; }
.answer { margin: 0 0 1.2em; }
aside.alert { border: 2px solid; border-left-width: 6px; padding: 0.4em 0.8em; margin: 0 0 1em;
  page-break-inside: avoid; break-inside: avoid; }
aside.alert-warning, aside.alert-caution { border-style: double; border-left-style: solid; }
.alert-title { font-weight: bold; margin: 0 0 0.2em; }
aside.alert > :last-child { margin-bottom: 0; }
table { border-collapse: collapse; margin: 0 0 1em; max-width: 100%; }
th, td { border: 1px solid; padding: 0.2em 0.5em; vertical-align: top; text-align: start;
  overflow-wrap: break-word; }
th { font-weight: bold; }
figure { margin: 0 0 1em; text-align: center; page-break-inside: avoid; break-inside: avoid; }
img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; }
figure.code { text-align: left; }
figure.code figcaption { font-family: "JetBrains Mono", monospace; margin: 0 0 0.2em; }
figure.code pre { margin: 0; }
hr { border: 0; border-top: 1px solid; margin: 1.5em 0; }
a.url { word-break: break-all; }
.raw-html { font-family: monospace; font-size: 0.9em; }
.image-alt { font-style: normal; border: 1px dashed; padding: 0 0.2em; }
body.cover { margin: 0; padding: 0; text-align: center; }
div.cover img { max-width: 100%; max-height: 100vh; }
.title-block { text-align: center; margin: 3em 0 2em; }
.title-block h1 { font-size: 1.8em; text-align: center; }
.subtitle { font-size: 1.15em; text-align: center; }
.authors, .date { text-align: center; }
sup { line-height: 0; }
aside.footnote { font-size: 0.9em; margin: 0 0 0.6em; }
.footnote-number { display: inline; font-weight: bold; margin-right: 0.5em; }
[dir="rtl"] blockquote { padding-left: 0; padding-right: 1em; border-left: 0; border-right: 3px solid; }
[dir="rtl"] ul, [dir="rtl"] ol { padding-left: 0; padding-right: 2em; }
[dir="rtl"] ul.tasks { padding-left: 0; padding-right: 1em; }
[dir="rtl"] nav#toc ol, [dir="rtl"] nav.toc ol { padding-left: 0; padding-right: 1.2em; }
[dir="rtl"] nav#toc > ol, [dir="rtl"] nav.toc > ol { padding-right: 0; }
[dir="rtl"] ol.steps { padding-left: 0; padding-right: 2.2em; }
[dir="rtl"] .qa-label { margin-right: 0; margin-left: 0.35em; }
[dir="rtl"] aside.alert { border-left-width: 2px; border-right-width: 6px; }
[dir="rtl"] aside.alert-warning, [dir="rtl"] aside.alert-caution { border-left-style: double;
  border-right-style: solid; }
[dir="rtl"] .footnote-number { margin-right: 0; margin-left: 0.5em; }
"#;

/// Rules only the HTML page has: a readable measure on wide screens, small-screen and print
/// adjustments.
const HTML_EXTRA: &str = r#"
body { max-width: 42em; margin: 0 auto; padding: 1em 1.2em 3em; color: #000; background: #fff; }
a { color: #0645ad; }
section.footnotes { border-top: 1px solid; margin-top: 2em; }
@media (max-width: 36em) {
  body { padding: 0.6em 0.8em 2em; text-align: start; }
  table { display: block; overflow-x: auto; }
  ol.steps, ul, ol { padding-left: 1.5em; }
  [dir="rtl"] ol.steps, [dir="rtl"] ul, [dir="rtl"] ol { padding-left: 0; padding-right: 1.5em; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; word-break: break-all; }
  a.url::after { content: none; }
  li.step, .qa, table, figure, aside { page-break-inside: avoid; break-inside: avoid; }
  h2, h3 { page-break-after: avoid; break-after: avoid; }
}
"#;

/// The EPUB stylesheet. With `regular` (and `bold`) set, declares the embedded subsets (paths
/// relative to the stylesheet) and puts them first in the font stack.
pub fn epub_css(regular: Option<&str>, bold: Option<&str>) -> String {
    let mut css = String::with_capacity(BASE.len() + 800);
    css.push_str("@charset \"UTF-8\";\n");
    for (href, weight) in [(regular, "normal"), (bold, "bold")] {
        if let Some(href) = href {
            css.push_str(&format!(
                "@font-face {{ font-family: \"{EMBEDDED_FAMILY}\"; font-style: normal; \
                 font-weight: {weight}; src: url(\"{href}\") format(\"truetype\"); }}\n"
            ));
        }
    }
    let family = if regular.is_some() || bold.is_some() {
        format!("\"{EMBEDDED_FAMILY}\", {FALLBACK_STACK}")
    } else {
        FALLBACK_STACK.to_owned()
    };
    css.push_str(&format!("body {{ font-family: {family}; }}\n"));
    css.push_str(&locale_rules(
        (regular.is_some() || bold.is_some()).then_some(EMBEDDED_FAMILY),
    ));
    css.push_str(BASE.trim_start());
    css
}

/// The HTML page's stylesheet, for an inline `<style>` element.
pub fn html_css() -> String {
    let mut css = String::with_capacity(BASE.len() + HTML_EXTRA.len() + 200);
    css.push_str(&format!(
        "\nbody {{ font-family: {FALLBACK_STACK}; font-size: 1.0625em; }}\n"
    ));
    css.push_str(&locale_rules(None));
    css.push_str(BASE);
    css.push_str(HTML_EXTRA);
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_can_be_inlined() {
        assert!(!html_css().contains('<') && !html_css().contains('&'));
        let both = epub_css(Some("fonts/a.ttf"), Some("fonts/b.ttf"));
        assert!(!both.contains('<'));
        assert_eq!(both.matches("@font-face").count(), 2);
        assert!(both.contains("font-weight: bold; src: url(\"fonts/b.ttf\")"));
        assert!(!epub_css(None, None).contains("@font-face"));
    }

    /// Japanese, Traditional Chinese and Korean bodies name their own fonts before the
    /// embedded Simplified Chinese subset, which only fills in what they lack.
    #[test]
    fn cjk_languages_get_their_own_fonts_first() {
        let css = epub_css(Some("fonts/a.ttf"), None);
        let rule = |selector: &str| {
            let start = css.find(selector).unwrap_or_else(|| panic!("{selector}"));
            css[start..start + css[start..].find('}').unwrap()].to_owned()
        };
        let ja = rule("body:lang(ja)");
        let (jp, sc) = (
            ja.find("Noto Sans CJK JP").unwrap(),
            ja.find(EMBEDDED_FAMILY).unwrap(),
        );
        assert!(jp < sc, "{ja}");
        assert!(rule("body:lang(zh-Hant)").contains("\"Noto Sans TC\""));
        assert!(rule("body:lang(zh-HK)").starts_with(
            "body:lang(zh-HK), body:lang(zh-Hant-HK), body:lang(yue) { font-family: \"Noto Sans HK\""
        ));
        assert!(rule("body:lang(ko)").contains("\"Malgun Gothic\""));
        assert!(!html_css().contains(EMBEDDED_FAMILY));
        assert!(html_css().contains("body:lang(ja) { font-family: \"Noto Sans JP\""));
        // Code keeps its monospaced face, with the language's CJK monospaced forms.
        assert!(html_css().contains(":lang(ja) code, :lang(ja) pre, :lang(ja) kbd { font-family: \"JetBrains Mono\", \"Noto Sans Mono CJK JP\""));
    }
}
