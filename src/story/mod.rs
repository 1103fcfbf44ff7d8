//! The story a game tells, built from its reports: history, objectives, the epilogue and
//! the roads not taken. Not part of the engine: no rule depends on it, and the terminal game
//! renders the same data headless play prints.

pub mod crisis;
pub mod epilogue;
pub mod history;
pub mod objectives;
pub mod roads;
pub mod whatif;
