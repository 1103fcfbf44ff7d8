//! The screens, one module each: its state, its `update` for the messages it handles, its
//! view and its keys. A screen answers a message with a `Reply`; the app does the rest.

pub mod epilogue;
pub mod game;
pub mod saves;
pub mod setup;
pub mod title;
pub mod viewer;

use crate::tui::components::Modal;
use crate::tui::msg::{Action, Msg};

/// What a screen's update asks of the app.
#[derive(Debug, Default)]
pub struct Reply {
    /// For the shell to carry out.
    pub actions: Vec<Action>,
    /// A window to open over the screen.
    pub modal: Option<Modal>,
    /// The footer's message until the next key.
    pub flash: Option<String>,
    /// Another screen.
    pub go: Option<Go>,
}

impl Reply {
    pub fn flash(text: impl Into<String>) -> Reply {
        Reply {
            flash: Some(text.into()),
            ..Reply::default()
        }
    }

    pub fn act(action: Action) -> Reply {
        Reply {
            actions: vec![action],
            ..Reply::default()
        }
    }

    pub fn open(modal: Modal) -> Reply {
        Reply {
            modal: Some(modal),
            ..Reply::default()
        }
    }

    pub fn go(go: Go) -> Reply {
        Reply {
            go: Some(go),
            ..Reply::default()
        }
    }
}

/// A move to another screen.
#[derive(Debug)]
pub enum Go {
    Quit,
    /// Back to the title menu, its lists read again.
    Title,
    /// From a finished game to its epilogue.
    Epilogue,
    /// From the epilogue back to the game's screens.
    Game,
    /// Play a game (a replay taken over).
    Play(Box<game::GameScreen>),
}

/// Rows a page moves.
pub const PAGE: isize = 10;

/// Move a selection within `0..len` by `d` rows, clamped.
pub fn nudge(at: usize, len: usize, d: isize) -> usize {
    if len == 0 {
        return 0;
    }
    at.saturating_add_signed(d).min(len - 1)
}

/// How far a message moves a list's selection: a row, a page, to either end.
pub fn step(msg: Msg) -> isize {
    match msg {
        Msg::Up => -1,
        Msg::Down => 1,
        Msg::PageUp => -PAGE,
        Msg::PageDown => PAGE,
        Msg::Top => isize::MIN / 2,
        Msg::Bottom => isize::MAX / 2,
        _ => 0,
    }
}
