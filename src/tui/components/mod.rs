//! Windows over a screen, each its state, its keys and its view: help, a yes/no question, a
//! storylet's choices, a crisis card, a line to type, a notice. The app keeps them in a
//! stack; the top one takes the keys.

pub mod choice;
pub mod confirm;
pub mod crisis;
pub mod help;
pub mod notice;
pub mod progress;
pub mod prompt;

use crate::tui::keys::Ctx;

pub use choice::Choice;
pub use confirm::Confirm;
pub use crisis::CrisisCard;
pub use help::Help;
pub use notice::Notice;
pub use prompt::{Prompt, PromptKind};

/// A window over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Help(Help),
    Confirm(Confirm),
    /// A storylet waiting for an answer.
    Choice(Choice),
    /// Crises the turn began, one card after another.
    Crisis(CrisisCard),
    /// A line of text to type.
    Prompt(Prompt),
    /// Something the player must know (content changed since a save); any key closes it.
    Notice(Notice),
}

impl Modal {
    /// The keymap context of its keys.
    pub fn ctx(&self) -> Ctx {
        match self {
            Modal::Help(_) => Ctx::Help,
            Modal::Confirm(_) => Ctx::Confirm,
            Modal::Choice(_) => Ctx::Choice,
            Modal::Crisis(_) => Ctx::Crisis,
            Modal::Prompt(_) => Ctx::Prompt,
            Modal::Notice(_) => Ctx::Notice,
        }
    }
}
