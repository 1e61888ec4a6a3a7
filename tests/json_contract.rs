//! The JSON contract: outputs validate against the JSON Schema, the schema kept in `docs/`
//! is the one the code generates, and Markdown → JSON → JSON is byte-identical.

mod common;

use std::path::Path;

use common::{all_blocks, guides, load, render_guide};
use guidepress::render::json;

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&json::schema()).unwrap();
    jsonschema::draft202012::new(&schema).expect("the schema is a valid draft 2020-12 schema")
}

#[test]
fn docs_schema_matches_generated_schema() {
    let kept = std::fs::read_to_string(common::root().join("docs/guide.schema.json")).unwrap();
    assert_eq!(
        kept,
        json::schema(),
        "docs/guide.schema.json is stale: run `cargo run -- schema > docs/guide.schema.json`"
    );
}

#[test]
fn schema_declares_draft_2020_12() {
    let schema: serde_json::Value = serde_json::from_str(&json::schema()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn outputs_validate_against_the_schema() {
    let v = validator();
    for path in guides().into_iter().chain([all_blocks()]) {
        let out: serde_json::Value =
            serde_json::from_slice(&render_guide("json", &load(&path), 72)).unwrap();
        let errors: Vec<String> = v
            .iter_errors(&out)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn schema_rejects_wrong_documents() {
    let v = validator();
    let good: serde_json::Value =
        serde_json::from_slice(&render_guide("json", &load(&guides()[0]), 72)).unwrap();
    let mut bad = good.clone();
    bad["sections"][0]["blocks"][0]["type"] = "paragraf".into();
    assert!(!v.is_valid(&bad));
    let mut bad = good.clone();
    bad.as_object_mut().unwrap().remove("schema_version");
    assert!(!v.is_valid(&bad));
    let mut bad = good.clone();
    bad["meta"]["title"] = 5.into();
    assert!(!v.is_valid(&bad));
    // What guidepress refuses, the schema refuses too: a developer who validates with it is
    // not told a document is good that guidepress then rejects.
    for level in [0, 7] {
        let mut bad = good.clone();
        bad["sections"][0]["level"] = level.into();
        assert!(!v.is_valid(&bad), "section level {level}");
        assert!(
            guidepress::render::json::from_json(
                &serde_json::to_vec(&bad).unwrap(),
                std::path::Path::new("x.json")
            )
            .is_err()
        );
    }
    for line in [0u64, 99_999_999_999] {
        let mut bad = good.clone();
        bad["sections"][0]["span"]["start_line"] = line.into();
        assert!(!v.is_valid(&bad), "span line {line}");
        assert!(
            guidepress::render::json::from_json(
                &serde_json::to_vec(&bad).unwrap(),
                std::path::Path::new("x.json")
            )
            .is_err()
        );
    }
}

#[test]
fn round_trip_is_byte_identical() {
    for path in guides().into_iter().chain([all_blocks()]) {
        let first = render_guide("json", &load(&path), 72);
        let back = json::from_json(&first, Path::new("x.json")).unwrap();
        assert_eq!(
            back,
            load(&path),
            "{}: model changed in the round trip",
            path.display()
        );
        let second = json::to_json(&back);
        assert!(
            first == second,
            "{}: bytes differ after a round trip",
            path.display()
        );
    }
}

#[test]
fn every_block_type_appears_in_the_fixture() {
    let out = String::from_utf8(render_guide("json", &load(&all_blocks()), 72)).unwrap();
    for ty in [
        "paragraph",
        "list",
        "steps",
        "question_answers",
        "quote",
        "alert",
        "code",
        "table",
        "thematic_break",
        "key_points",
        "details",
        "keyboard",
        "text",
        "emphasis",
        "strong",
        "strikethrough",
        "link",
        "image",
        "line_break",
        "footnote_ref",
    ] {
        assert!(
            out.contains(&format!("\"type\": \"{ty}\"")),
            "fixture lacks {ty}"
        );
    }
}
