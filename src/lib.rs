//! Agora: a terminal game about how a small community shares what it has.
//!
//! [`engine`] is the pure, deterministic core; [`content`] reads and checks the RON
//! scenarios it plays; [`lab`] runs games headless; [`story`] tells a game's story from its
//! reports (the epilogue, the roads not taken); [`tui`] is the terminal game.

pub mod check;
pub mod content;
pub mod engine;
pub mod lab;
pub mod save;
pub mod story;
pub mod tui;
