//! PDF handout renderer (work in progress).

pub mod fonts;
pub mod images;
pub mod layout;
pub mod linebreak;
pub mod shape;
