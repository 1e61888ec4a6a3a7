//! YAML front matter → [`Meta`].
//!
//! The YAML is read with `serde_norway` (a maintained fork of the deprecated `serde_yaml`) into
//! a generic value first, so a syntax error reports the YAML parser's own position; then each
//! known key is checked for its type by hand, so a wrong type (`date: [1, 2]`) is reported at
//! that key's line with a message that says what was expected. Positions are mapped from the
//! YAML text back to lines of the Markdown file.

use std::collections::BTreeMap;
use std::path::Path;

use serde_norway::Value;

use crate::diagnostic::Diagnostic;
use crate::model::Meta;

/// Front matter found at the top of a document.
pub(crate) struct FrontMatter<'a> {
    /// The YAML text between the delimiters.
    pub yaml: &'a str,
    /// 1-based file line of the first YAML line.
    pub first_line: usize,
}

/// Whether `text` opens front matter and never closes it: a first line of `---`, then a
/// `key: value` line (a thematic break followed by a blank line or prose is Markdown), and no
/// later line of `---`. comrak then reads it all as Markdown, the metadata as a paragraph.
pub(crate) fn unclosed(text: &str) -> bool {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    let key_value = |l: &str| {
        l.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        })
    };
    lines.next().is_some_and(key_value) && !lines.any(|l| l.trim_end() == "---")
}

/// serde_norway's [`Value`], read the same way except that an integer beyond 64 bits
/// (`tracking_id: 202401081234567890123`), which `Value` refuses, is kept as its digits (a
/// string): it failed the whole front matter as "malformed YAML".
struct Lenient(Value);

impl<'de> serde::Deserialize<'de> for Lenient {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

impl<'de> serde::de::Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(Value::String(i.to_string()))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(Value::String(u.to_string()))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d).map(|Lenient(v)| v)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Lenient(v)) = a.next_element()? {
            items.push(v);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut map = serde_norway::Mapping::new();
        while let Some(Lenient(key)) = a.next_key()? {
            if map.contains_key(&key) {
                let name = scalar_to_string(&key).unwrap_or_default();
                return Err(serde::de::Error::custom(format!(
                    "duplicate entry with key \"{name}\""
                )));
            }
            let Lenient(value) = a.next_value()?;
            map.insert(key, value);
        }
        Ok(Value::Mapping(map))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, a: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        // A tagged value (`!tag value`), kept as `Value` keeps it.
        let (tag, content): (String, _) = a.variant()?;
        let Lenient(value) = content.newtype_variant()?;
        Ok(Value::Tagged(Box::new(serde_norway::value::TaggedValue {
            tag: serde_norway::value::Tag::new(tag),
            value,
        })))
    }
}

/// Parses front matter into metadata. `title` stays empty when the front matter has none.
/// `Ok(None)` when the block is YAML but not a mapping (a line of text, a list): it was not
/// meant as front matter.
pub(crate) fn parse(
    fm: &FrontMatter<'_>,
    file: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<Meta>, Diagnostic> {
    let mut meta = Meta::default();
    if fm.yaml.trim().is_empty() {
        return Ok(Some(meta));
    }
    let value: Value = serde_norway::from_str::<Lenient>(fm.yaml)
        .map(|l| l.0)
        .map_err(|e| {
            let (line, col) = e
                .location()
                .map_or((0, 1), |l| (l.line().saturating_sub(1), l.column()));
            let msg = e.to_string();
            // The library appends " at line N column M"; we give the position ourselves.
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
            Diagnostic::error(
                file,
                fm.first_line + line,
                col,
                format!("malformed YAML front matter: {msg}"),
            )
            .with_hint(
                "front matter is YAML between two `---` lines; check quoting and indentation",
            )
        })?;
    let map = match value {
        Value::Mapping(map) => map,
        Value::Null => return Ok(Some(meta)),
        _ => return Ok(None),
    };

    for (key, value) in map {
        let key = match key {
            Value::String(s) => s,
            other => scalar_to_string(&other).unwrap_or_else(|| "?".to_owned()),
        };
        let at = |expected: &str| {
            let (line, col) = key_position(fm, &key);
            Diagnostic::error(
                file,
                line,
                col,
                format!(
                    "front matter `{key}` must be {expected}, found {}",
                    describe(&value)
                ),
            )
            .with_hint(format!("write e.g. {}", example(&key)))
        };
        match key.as_str() {
            "title" => meta.title = string(&value).ok_or_else(|| at("a string"))?,
            "subtitle" => meta.subtitle = opt_string(&value).map_err(|()| at("a string"))?,
            "author" | "authors" => meta
                .authors
                .extend(string_list(&value).ok_or_else(|| at("a string or a list of strings"))?),
            "lang" | "language" => {
                let lang = opt_string(&value).map_err(|()| at("a string"))?;
                // A bad tag is a warning here, at its line, and not an error: every format
                // falls back to its longest well-formed prefix (`zh_CN_a` → `zh-CN`) or to the
                // language of the text. The JSON keeps it as written.
                if let Some(l) = &lang
                    && let Err(fallback) = crate::langtag::language(l)
                {
                    let (line, col) = key_position(fm, &key);
                    let used = match fallback {
                        Some(t) => format!("`{t}` is used instead"),
                        None => "the language of the text is used instead".to_owned(),
                    };
                    warnings.push(
                        Diagnostic::warning(
                            file,
                            line,
                            col,
                            format!(
                                "language tag `{}` is not a well-formed BCP 47 tag; {used}",
                                l.escape_debug()
                            ),
                        )
                        .with_hint("write a tag such as `zh-CN`, `zh-Hant-TW`, `en` or `ja`")
                        .with_key(crate::langtag::warning_key(l)),
                    );
                }
                meta.lang = lang;
            }
            "date" => {
                meta.date = opt_string(&value).map_err(|()| at("a date string"))?;
                // Kept as written (the JSON has it), but the outputs' dates need a real one.
                if let Some(d) = &meta.date
                    && crate::dates::epoch(d).is_none()
                {
                    let (line, col) = key_position(fm, &key);
                    warnings.push(
                        Diagnostic::warning(
                            file,
                            line,
                            col,
                            format!("front matter `date` `{d}` is not a date: the PDF and EPUB dates come from SOURCE_DATE_EPOCH or the file's time"),
                        )
                        .with_hint("write a date, `2026-11-25`, or a date and time, `2026-11-25T09:30:00+08:00`")
                        .with_key(crate::dates::warning_key(d)),
                    );
                }
            }
            "description" => meta.description = opt_string(&value).map_err(|()| at("a string"))?,
            "keywords" | "tags" | "subject" | "subjects" => meta
                .keywords
                .extend(string_list(&value).ok_or_else(|| at("a string or a list of strings"))?),
            "version" => meta.version = opt_string(&value).map_err(|()| at("a string"))?,
            "license" | "licence" => {
                meta.license = opt_string(&value).map_err(|()| at("a string"))?
            }
            "cover" | "cover-image" | "cover_image" => {
                meta.cover = opt_string(&value).map_err(|()| at("a path string"))?
            }
            "identifier" | "isbn" | "id" => {
                meta.identifier = opt_string(&value).map_err(|()| at("a string"))?
            }
            "publisher" => meta.publisher = opt_string(&value).map_err(|()| at("a string"))?,
            "series" => meta.series = opt_string(&value).map_err(|()| at("a string"))?,
            "rights" => meta.rights = opt_string(&value).map_err(|()| at("a string"))?,
            "accent" => {
                let colour = opt_string(&value).map_err(|()| at("a colour"))?;
                if colour
                    .as_deref()
                    .is_some_and(|c| crate::model::parse_colour(c).is_none())
                {
                    return Err(at("a colour like \"#1a5fb4\""));
                }
                meta.theme.accent = colour;
            }
            "fonts" => {
                meta.theme.fonts = fonts(&value)
                    .ok_or_else(|| at("a mapping of body, bold and code font paths"))?
            }
            "margins" => {
                meta.theme.margins = Some(margins(&value).ok_or_else(|| {
                    at("a length like 20mm, or a mapping of top, right, bottom and left lengths")
                })?)
            }
            "header" => {
                meta.theme.header = template(&value).map_err(|()| at("a template or false"))?
            }
            "footer" => {
                meta.theme.footer = template(&value).map_err(|()| at("a template or false"))?
            }
            "logo" => meta.theme.logo = opt_string(&value).map_err(|()| at("a path string"))?,
            "css" => meta.theme.css = opt_string(&value).map_err(|()| at("a path string"))?,
            _ => {
                // Kept for JSON consumers, but a typo of a key we know should not pass silently.
                let (line, col) = key_position(fm, &key);
                let mut w = Diagnostic::warning(
                    file,
                    line,
                    col.saturating_sub(key.chars().count() + 2).max(1),
                    format!(
                        "front matter key `{key}` is not one guidepress uses: kept in the JSON's meta.extra"
                    ),
                );
                w = match did_you_mean(&key) {
                    Some(known) => w.with_hint(format!("did you mean `{known}`?")),
                    None => w.with_hint("ignore this if the key is for another tool"),
                };
                if key != "structure" {
                    warnings.push(w);
                }
                meta.extra.insert(key.clone(), to_json(&value));
            }
        }
    }
    Ok(Some(meta))
}

/// Every key guidepress reads from front matter (`structure` is read by the parser).
const KNOWN_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "author",
    "authors",
    "lang",
    "language",
    "date",
    "description",
    "keywords",
    "tags",
    "subject",
    "subjects",
    "version",
    "license",
    "licence",
    "cover",
    "cover-image",
    "cover_image",
    "identifier",
    "isbn",
    "id",
    "publisher",
    "series",
    "rights",
    "accent",
    "fonts",
    "margins",
    "header",
    "footer",
    "logo",
    "css",
    "structure",
];

/// The known key an unknown one is probably a misspelling of.
fn did_you_mean(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase();
    KNOWN_KEYS
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, k), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.len().max(2) - 1)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `fonts:` as a mapping of roles to paths, or one path (the body font).
fn fonts(v: &Value) -> Option<crate::model::ThemeFonts> {
    let mut f = crate::model::ThemeFonts::default();
    match v {
        Value::Mapping(map) => {
            for (k, v) in map {
                let path = opt_string(v).ok()?;
                match scalar_to_string(k)?.as_str() {
                    "body" | "regular" => f.body = path,
                    "bold" => f.bold = path,
                    "code" | "mono" | "monospace" => f.code = path,
                    _ => return None,
                }
            }
        }
        v => f.body = opt_string(v).ok()?,
    }
    Some(f)
}

/// `margins:` as one length for every side, or a mapping by side.
fn margins(v: &Value) -> Option<crate::model::Margins> {
    let len = |v: &Value| scalar_to_string(v).and_then(|s| crate::model::parse_length_mm(&s));
    match v {
        Value::Mapping(map) => {
            let mut m = crate::model::Margins::default();
            for (k, v) in map {
                let mm = Some(len(v)?);
                match scalar_to_string(k)?.as_str() {
                    "top" => m.top = mm,
                    "right" => m.right = mm,
                    "bottom" => m.bottom = mm,
                    "left" => m.left = mm,
                    _ => return None,
                }
            }
            Some(m)
        }
        v => {
            let mm = Some(len(v)?);
            Some(crate::model::Margins {
                top: mm,
                right: mm,
                bottom: mm,
                left: mm,
            })
        }
    }
}

/// A scalar as a string: strings as they are, numbers and booleans written out.
fn scalar_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_to_string(&t.value),
        _ => None,
    }
}

fn string(v: &Value) -> Option<String> {
    scalar_to_string(v).map(|s| s.trim().to_owned())
}

/// A running header or footer: a template; `false` (as VitePress writes it) or nothing turns
/// it off, as `""` does; `true` keeps the default. A boolean was printed as the word `false`
/// at the foot of every page.
fn template(v: &Value) -> Result<Option<String>, ()> {
    match v {
        Value::Bool(true) => Ok(None),
        Value::Bool(false) | Value::Null => Ok(Some(String::new())),
        v => string(v).map(Some).ok_or(()),
    }
}

fn opt_string(v: &Value) -> Result<Option<String>, ()> {
    match v {
        Value::Null => Ok(None),
        v => string(v).map(Some).ok_or(()),
    }
}

fn string_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Null => Some(Vec::new()),
        Value::Sequence(items) => items.iter().map(string).collect(),
        v => string(v).map(|s| vec![s]),
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "date" => "`date: 2026-11-25`",
        "lang" | "language" => "`lang: zh-CN`",
        "author" | "authors" => "`author: \"Appnox App\"` or a list of names",
        "keywords" | "tags" | "subject" | "subjects" => "`keywords: [支付宝, 解绑]`",
        _ => "`key: \"text\"`",
    }
}

/// Where the value of the first of `keys` written stands (file line and column), if one is.
pub(crate) fn value_position(fm: &FrontMatter<'_>, keys: &[&str]) -> Option<(usize, usize)> {
    keys.iter()
        .map(|k| key_position(fm, k))
        .find(|&(line, col)| (line, col) != (fm.first_line, 1))
}

/// Where `key:` stands in the front matter, as a file line and the column of its value.
fn key_position(fm: &FrontMatter<'_>, key: &str) -> (usize, usize) {
    for (i, line) in fm.yaml.lines().enumerate() {
        let trimmed = line.trim_start_matches(['"', '\'']);
        if let Some(rest) = trimmed.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']);
            if let Some(after) = rest.strip_prefix(':') {
                let value_col = line.chars().count() - after.trim_start().chars().count() + 1;
                return (fm.first_line + i, value_col);
            }
        }
    }
    (fm.first_line, 1)
}

fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into()
            } else if let Some(u) = n.as_u64() {
                u.into()
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Sequence(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Mapping(map) => {
            let obj: BTreeMap<String, serde_json::Value> = map
                .iter()
                .map(|(k, v)| {
                    let key = scalar_to_string(k).unwrap_or_else(|| format!("{k:?}"));
                    (key, to_json(v))
                })
                .collect();
            serde_json::Value::Object(obj.into_iter().collect())
        }
        Value::Tagged(t) => to_json(&t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(yaml: &str) -> Result<Meta, Diagnostic> {
        fm_or_not(yaml).map(|m| m.expect("a mapping"))
    }

    fn fm_or_not(yaml: &str) -> Result<Option<Meta>, Diagnostic> {
        parse(
            &FrontMatter {
                yaml,
                first_line: 2,
            },
            Path::new("g.md"),
            &mut Vec::new(),
        )
    }

    /// Valid YAML that serde_norway's `Value` refuses: an integer beyond 64 bits failed the
    /// whole guide as "malformed YAML". It is kept as its digits; tags, nested values and
    /// the duplicate-key error are as before.
    #[test]
    fn integers_beyond_64_bits_are_kept_as_digits() {
        let m = fm("title: Reset guide\ntracking_id: 202401081234567890123\nlow: -170141183460469231731687303715884105727\nsmall: 42\nlist: [1, two, 3.5]\ntagged: !custom value\n").unwrap();
        assert_eq!(m.title, "Reset guide");
        assert_eq!(m.extra["tracking_id"], "202401081234567890123");
        assert_eq!(m.extra["low"], "-170141183460469231731687303715884105727");
        assert_eq!(m.extra["small"], 42);
        assert_eq!(m.extra["list"], serde_json::json!([1, "two", 3.5]));
        assert_eq!(m.extra["tagged"], "value");
        let e = fm("title: A\ntitle: B\n").unwrap_err();
        assert!(e.message.contains("duplicate entry"), "{e}");
    }

    #[test]
    fn theme_keys_and_book_metadata() {
        let m = fm("accent: \"#c0392b\"\nfonts: {body: a.ttf, bold: b.ttf, code: c.ttc#1}\nmargins: 20mm\nfooter: \"{page} / {pages}\"\nheader: \"\"\nlogo: logo.png\ncss: extra.css\npublisher: Appnox\nseries: Help\nrights: © 2026\n").unwrap();
        assert_eq!(m.theme.accent.as_deref(), Some("#c0392b"));
        assert_eq!(m.theme.fonts.code.as_deref(), Some("c.ttc#1"));
        assert_eq!(m.theme.margins.unwrap().left, Some(20.0));
        assert_eq!(m.theme.header.as_deref(), Some(""));
        assert_eq!(m.theme.footer.as_deref(), Some("{page} / {pages}"));
        // `false` turns it off, `true` keeps the default (both were printed as words), and a
        // list is no template.
        let off = fm("header: false\nfooter: true\n").unwrap();
        assert_eq!(off.theme.header.as_deref(), Some(""));
        assert_eq!(off.theme.footer, None);
        let off = fm("footer: false\nheader: 12\n").unwrap();
        assert_eq!(off.theme.footer.as_deref(), Some(""));
        assert_eq!(off.theme.header.as_deref(), Some("12"));
        assert!(fm("footer: [a, b]\n").is_err());
        assert_eq!(
            (
                m.publisher.as_deref(),
                m.series.as_deref(),
                m.rights.as_deref()
            ),
            (Some("Appnox"), Some("Help"), Some("© 2026"))
        );
        assert!(m.extra.is_empty());
        assert!(fm("accent: red\n").unwrap_err().message.contains("colour"));
        assert!(fm("margins: {top: 5em}\n").is_err());
    }

    #[test]
    fn unknown_keys_warn_with_a_suggestion() {
        let mut w = Vec::new();
        let m = parse(
            &FrontMatter {
                yaml: "title: T\nacent: \"#fff\"\ncustom_thing: 1\n",
                first_line: 2,
            },
            Path::new("g.md"),
            &mut w,
        )
        .unwrap()
        .unwrap();
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(w[0].line, Some(3));
        assert_eq!(w[0].hint.as_deref(), Some("did you mean `accent`?"));
        assert!(w[1].hint.as_deref().unwrap().contains("another tool"));
        assert!(m.extra.contains_key("acent"));
    }

    #[test]
    fn reads_known_keys_and_keeps_the_rest() {
        let m = fm("title: 标题\nauthor: Appnox App\nlang: zh-CN\nkeywords: [a, b]\ndate: 2026-01-02\nfoo: {x: 1}\n")
            .unwrap();
        assert_eq!(m.title, "标题");
        assert_eq!(m.authors, ["Appnox App"]);
        assert_eq!(m.lang.as_deref(), Some("zh-CN"));
        assert_eq!(m.keywords, ["a", "b"]);
        assert_eq!(m.date.as_deref(), Some("2026-01-02"));
        assert_eq!(m.extra["foo"], serde_json::json!({"x": 1}));
    }

    #[test]
    fn wrong_type_names_the_key_line() {
        let e = fm("title: t\ndate: [1, 2]\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(7)));
        assert!(
            e.message
                .contains("`date` must be a date string, found a list"),
            "{e}"
        );
    }

    #[test]
    fn syntax_error_maps_to_file_line() {
        let e = fm("title: t\nauthor: [unclosed\n").unwrap_err();
        assert!(e.message.starts_with("malformed YAML front matter"), "{e}");
        assert!(e.line.unwrap() >= 3, "{e}");
    }

    #[test]
    fn not_a_mapping_is_not_front_matter() {
        assert_eq!(fm_or_not("- a\n- b\n"), Ok(None));
        assert_eq!(fm_or_not("Foo\n"), Ok(None));
        assert!(fm_or_not("").unwrap().is_some());
    }

    /// A language tag that is not BCP 47 is a warning at its line, not an error: the guide
    /// still exports, each format falling back as the warning says. Kept as written.
    #[test]
    fn a_bad_language_tag_is_a_warning_at_its_line() {
        let said = |yaml: &str| {
            let mut w = Vec::new();
            let m = parse(
                &FrontMatter {
                    yaml,
                    first_line: 2,
                },
                Path::new("g.md"),
                &mut w,
            )
            .expect("not an error")
            .expect("a mapping");
            let w: Vec<_> = w
                .iter()
                .filter(|d| d.message.contains("not a well-formed BCP 47 tag"))
                .map(|d| (d.line, d.message.clone()))
                .collect();
            (m.lang, w)
        };
        let (lang, w) = said("title: t\nlang: \"not a lang!!\"\n");
        assert_eq!(lang.as_deref(), Some("not a lang!!"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].0, Some(3));
        assert!(
            w[0].1.contains("language of the text is used"),
            "{}",
            w[0].1
        );
        let (_, w) = said("lang: zh_CN_a\n");
        assert!(w[0].1.contains("`zh-CN` is used instead"), "{}", w[0].1);
        // Written with `_`, or in any case, a tag is well-formed.
        assert!(said("lang: zh-Hant-TW\n").1.is_empty());
        assert!(said("lang: zh_cn\n").1.is_empty());
        assert!(said("lang: 中文\n").0.is_some());
    }

    /// A `date` kept as written that is no date is said, at its line: the outputs' dates then
    /// come from elsewhere. A date with a time and offset is a date.
    #[test]
    fn a_date_that_is_no_date_is_warned_about() {
        let warned = |yaml: &str| {
            let mut w = Vec::new();
            parse(
                &FrontMatter {
                    yaml,
                    first_line: 2,
                },
                Path::new("g.md"),
                &mut w,
            )
            .unwrap();
            w.iter()
                .filter(|d| d.message.contains("is not a date"))
                .map(|d| d.line)
                .collect::<Vec<_>>()
        };
        assert_eq!(warned("title: t\ndate: 2026-11-25 (draft)\n"), [Some(3)]);
        assert_eq!(warned("date: 下周\n"), [Some(2)]);
        assert!(warned("date: 2026-11-25\n").is_empty());
        assert!(warned("date: 2024-01-08T09:30:00+08:00\n").is_empty());
    }
}
