//! Books: several chapter files, one project file (`guidepress.toml`), one guide.
//!
//! A [`Project`] is read from the project file (`project`); [`assemble`] loads its chapters
//! and joins them into one [`crate::model::Guide`] whose top-level sections are the chapters,
//! so every renderer, the JSON and its schema work on a book as on a single guide (the one
//! additive change is `Section::source`). [`init`] writes a starter project.
//!
//! The project file is also an input like any other: [`crate::input::load`] reads a
//! `guidepress.toml` as the book it describes, so `guidepress export guidepress.toml` and
//! `guidepress check guidepress.toml` work, and a batch can hold books.

mod assemble;
mod init;
mod project;

pub use assemble::assemble;
pub(crate) use assemble::url_prefix;
pub use init::{InitError, init};
pub use project::{PROJECT_FILE, Project};

use std::path::Path;

/// Whether `path` names a project file (by name: `guidepress.toml`, or any `.toml` file).
pub fn is_project_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}
