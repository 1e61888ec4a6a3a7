//! Where a JSON path (`sections[1].blocks[0].content[2]`) is written in a JSON text, as a line
//! and column: the model's checks name the place of a problem by its path, and someone who
//! edited the file by hand needs the line.
//!
//! The text is read again with `jsonc-parser`, whose syntax tree keeps every value's byte
//! range (serde_json's values keep none). This runs only when a document is refused, so the
//! second read costs nothing on the way that succeeds.

use jsonc_parser::ast::Value;
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::diagnostic::line_col;

/// One step of a path: a property name or an array index.
#[derive(Debug, PartialEq)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// `a.b[2][0].c` → `Key(a) Key(b) Index(2) Index(0) Key(c)`; `None` for a path it cannot
/// read.
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let (index, after) = r.split_once(']')?;
            out.push(Step::Index(index.parse().ok()?));
            rest = after;
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The line and column (from 1, in characters) where `path` is written in `text`: a property
/// at its name, an array element at its first character. Where the path leads further than
/// the text goes, the deepest place it reaches; `None` when the text is not JSON or the path
/// cannot be read.
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let steps = steps(path)?;
    // Strict JSON: the document was read by serde_json before, so only its syntax is allowed.
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        ..ParseOptions::default()
    };
    let parsed = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict).ok()?;
    let mut value = parsed.value.as_ref()?;
    let mut at = value_start(value);
    for step in steps {
        match (step, value) {
            (Step::Key(k), Value::Object(o)) => {
                // The last of equal names, as serde_json keeps the last.
                let Some(prop) = o.properties.iter().rev().find(|p| p.name.as_str() == k) else {
                    break;
                };
                at = prop.range.start;
                value = &prop.value;
            }
            (Step::Index(i), Value::Array(a)) => {
                let Some(element) = a.elements.get(i) else {
                    break;
                };
                at = value_start(element);
                value = element;
            }
            _ => break,
        }
    }
    Some(line_col(text, at))
}

fn value_start(v: &Value) -> usize {
    match v {
        Value::StringLit(x) => x.range.start,
        Value::NumberLit(x) => x.range.start,
        Value::BooleanLit(x) => x.range.start,
        Value::Object(x) => x.range.start,
        Value::Array(x) => x.range.start,
        Value::NullKeyword(x) => x.range.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths() {
        assert_eq!(
            steps("sections[1].blocks[0].rows[2]").unwrap(),
            [
                Step::Key("sections"),
                Step::Index(1),
                Step::Key("blocks"),
                Step::Index(0),
                Step::Key("rows"),
                Step::Index(2)
            ]
        );
        assert_eq!(
            steps("meta.theme.margins.top").unwrap(),
            [
                Step::Key("meta"),
                Step::Key("theme"),
                Step::Key("margins"),
                Step::Key("top")
            ]
        );
        assert!(steps("blocks[x]").is_none());
        assert!(steps("blocks[0]x").is_none());
    }

    /// The places are counted by hand in the text below (lines from 1, columns in
    /// characters: the `é` and the `标` are one column each).
    #[test]
    fn finds_properties_and_elements_where_they_are_written() {
        let text = "{\n  \"meta\": {\"title\": \"é\"},\n  \"blocks\": [\n    {\"type\": \"x\"},\n    {\"t\": \"标\", \"content\": [1,\n      2]}\n  ]\n}\n";
        assert_eq!(locate(text, "meta"), Some((2, 3)));
        assert_eq!(locate(text, "meta.title"), Some((2, 12)));
        assert_eq!(locate(text, "blocks[0]"), Some((4, 5)));
        assert_eq!(locate(text, "blocks[1].content"), Some((5, 16)));
        assert_eq!(locate(text, "blocks[1].content[1]"), Some((6, 7)));
        // Further than the text goes: the deepest place reached.
        assert_eq!(locate(text, "blocks[1].content[7]"), Some((5, 16)));
        assert_eq!(locate(text, "blocks[5].span"), Some((3, 3)));
        assert_eq!(locate("not json", "blocks"), None);
    }

    /// A key inside a string value is not a key: the hand-written `find("\"schema_version\"")`
    /// this replaces would have stopped at the title.
    #[test]
    fn a_key_written_inside_a_string_is_not_the_key() {
        let text =
            "{\"meta\": {\"title\": \"\\\"schema_version\\\": 1\"},\n \"schema_version\": 2}";
        assert_eq!(locate(text, "schema_version"), Some((2, 2)));
    }
}
