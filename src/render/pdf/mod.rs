//! PDF handout renderer (work in progress).

pub mod fonts;
pub mod linebreak;
pub mod shape;
