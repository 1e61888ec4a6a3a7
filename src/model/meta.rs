//! Document metadata: the title block and what ebook and PDF metadata are made from.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Metadata of a guide, usually from YAML front matter.
///
/// Optional fields are left out of the JSON when absent. Front-matter keys that are not
/// fields here are kept, unchanged, in [`Meta::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The guide's title (front matter `title`, else the first level-1 heading). Never absent;
    /// may be empty for a document with neither.
    pub title: String,
    /// The title with its inline formatting, when it came from a heading that had some
    /// (emphasis, code, a link); absent otherwise. `title` is always its plain text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title_content: Vec<crate::model::Inline>,
    /// A subtitle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Authors, in the order given (front matter `author` or `authors`, a string or a list).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Language as a BCP 47 tag (`zh-CN`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Publication date as written (ISO 8601 `YYYY-MM-DD` recommended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// One-paragraph summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Keywords or subjects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Version of the guide's content (free text, e.g. `1.2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Licence of the guide's content (an SPDX id or free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Cover image, a path relative to the guide's file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<String>,
    /// Identifier (ISBN, URN, URL) if the author gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Publisher (since 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The series the guide belongs to (since 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// A rights statement (since 1.1); ebooks use it, else `license`, for their rights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    /// How the guide wants to look (since 1.1): accent colour, fonts, margins, header and
    /// footer, logo, stylesheet.
    #[serde(default, skip_serializing_if = "crate::model::Theme::is_empty")]
    pub theme: crate::model::Theme,
    /// Front-matter keys that guidepress does not interpret, with their values, sorted by key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
}
