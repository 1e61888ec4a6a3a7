//! Makes the generated JSON Schema pick a tagged variant by its `type` first.
//!
//! schemars writes a `#[serde(tag = "type")]` enum as a `oneOf` of object schemas, each with
//! a `type` const. A validator must then try *every* branch on every value, including the
//! branches' `content` arrays, before it can tell which one matched: with `Inline` nested in
//! `Inline`, validation time grows exponentially with nesting (eight nested emphasis levels
//! took 72 s in Python's `jsonschema`). [`discriminate_on_type`] rewrites each such `oneOf`
//! into one `if`/`then` per variant, keyed on `type` alone: every `if` checks one string, and
//! only the matching `then` looks deeper, so validation is linear in the document's size. It
//! is generic: any tagged enum added to the model is rewritten the same way.

use serde_json::{Map, Value, json};

/// The `type` const of a branch that is a tagged object, if it is one.
fn tag(branch: &Value) -> Option<&str> {
    branch
        .get("properties")?
        .get("type")?
        .get("const")?
        .as_str()
}

/// Rewrites, everywhere in `schema`, every `oneOf` whose branches are all objects tagged by a
/// distinct `type` const (see the module docs). The accepted documents stay the same.
pub fn discriminate_on_type(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(branches)) = map.get("oneOf")
                && let Some(tags) = branches.iter().map(tag).collect::<Option<Vec<_>>>()
                && !tags.is_empty()
                && tags.iter().collect::<std::collections::HashSet<_>>().len() == tags.len()
            {
                let tags: Vec<String> = tags.into_iter().map(str::to_owned).collect();
                let Some(Value::Array(branches)) = map.remove("oneOf") else {
                    unreachable!("checked above")
                };
                let rules: Vec<Value> = tags
                    .iter()
                    .zip(branches)
                    .map(|(t, branch)| {
                        json!({
                            "if": { "properties": { "type": { "const": t } } },
                            "then": branch,
                        })
                    })
                    .collect();
                map.insert("type".into(), json!("object"));
                map.insert("required".into(), json!(["type"]));
                let mut props = Map::new();
                props.insert("type".into(), json!({ "enum": tags }));
                map.insert("properties".into(), Value::Object(props));
                map.insert("allOf".into(), Value::Array(rules));
            }
            for v in map.values_mut() {
                discriminate_on_type(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(discriminate_on_type),
        _ => {}
    }
}

/// Every `oneOf` or `anyOf` in `schema` whose branches include a tagged object, by JSON
/// pointer: after [`discriminate_on_type`] there must be none.
pub fn tagged_alternatives(schema: &Value) -> Vec<String> {
    fn go(v: &Value, at: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for key in ["oneOf", "anyOf"] {
                    if let Some(Value::Array(b)) = map.get(key)
                        && b.iter().any(|x| tag(x).is_some())
                    {
                        out.push(format!("{at}/{key}"));
                    }
                }
                for (k, x) in map {
                    go(x, &format!("{at}/{k}"), out);
                }
            }
            Value::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    go(x, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    go(schema, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_one_of_becomes_if_then_on_type() {
        let mut s = json!({
            "$defs": { "Inline": { "description": "d", "oneOf": [
                { "type": "object", "properties": { "type": { "const": "text" }, "text": {} } },
                { "type": "object", "properties": { "type": { "const": "em" },
                  "content": { "items": { "$ref": "#/$defs/Inline" } } } }
            ] }, "Kind": { "oneOf": [ { "const": "a" }, { "const": "b" } ] } }
        });
        assert_eq!(tagged_alternatives(&s), ["/$defs/Inline/oneOf"]);
        discriminate_on_type(&mut s);
        assert!(tagged_alternatives(&s).is_empty());
        let inline = &s["$defs"]["Inline"];
        assert_eq!(inline["properties"]["type"]["enum"], json!(["text", "em"]));
        assert_eq!(
            inline["allOf"][1]["if"]["properties"]["type"]["const"],
            "em"
        );
        assert_eq!(inline["description"], "d");
        // Untagged alternatives are left alone.
        assert!(s["$defs"]["Kind"]["oneOf"].is_array());
    }
}
