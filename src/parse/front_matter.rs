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

/// Parses front matter into metadata. `title` stays empty when the front matter has none.
/// `Ok(None)` when the block is YAML but not a mapping (a line of text, a list): it was not
/// meant as front matter.
pub(crate) fn parse(fm: &FrontMatter<'_>, file: &Path) -> Result<Option<Meta>, Diagnostic> {
    let mut meta = Meta::default();
    if fm.yaml.trim().is_empty() {
        return Ok(Some(meta));
    }
    let value: Value = serde_norway::from_str(fm.yaml).map_err(|e| {
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
        .with_hint("front matter is YAML between two `---` lines; check quoting and indentation")
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
                if let Some(l) = &lang
                    && !is_bcp47(l)
                {
                    return Err(at("a BCP 47 language tag"));
                }
                meta.lang = lang;
            }
            "date" => meta.date = opt_string(&value).map_err(|()| at("a date string"))?,
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
            _ => {
                meta.extra.insert(key.clone(), to_json(&value));
            }
        }
    }
    Ok(Some(meta))
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

/// A loose BCP 47 check: letters for the primary subtag, then alphanumeric subtags.
fn is_bcp47(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
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
        )
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

    #[test]
    fn bad_language_tag() {
        assert!(fm("lang: 中文\n").is_err());
        assert!(fm("lang: zh-Hant-TW\n").is_ok());
    }
}
