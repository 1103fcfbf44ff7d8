//! What a key binding is: keys, the message they send, and the words help and the footer
//! show for them. Each screen and window writes its own table in these terms; `keymap`
//! puts the tables together.

use ratatui::crossterm::event::KeyCode;

use crate::tui::msg::{Msg, Tab};

/// Where a binding applies. The app asks for the contexts of its current state, most
/// specific first; the first binding that matches wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// The title menu.
    Title,
    /// Choosing a scenario and seed for a new game.
    Setup,
    /// Any screen of a game in progress.
    Game,
    /// One screen of the game.
    Screen(Tab),
    /// The help overlay.
    Help,
    /// A yes/no question.
    Confirm,
    /// A storylet waiting for the player's answer.
    Choice,
    /// A crisis card.
    Crisis,
    /// The epilogue at the end of a game.
    Epilogue,
    /// The list of saves (Load, Watch a replay).
    Saves,
    /// A line to type (a save's name, a turn).
    Prompt,
    /// A notice; any of its keys closes it.
    Notice,
    /// The replay viewer.
    Viewer,
    /// Everywhere, whatever is open.
    Always,
}

impl Ctx {
    /// The heading this context's keys get in the help overlay.
    pub fn heading(self) -> &'static str {
        match self {
            Ctx::Title => "Title",
            Ctx::Setup => "New game",
            Ctx::Game => "Everywhere in the game",
            Ctx::Screen(t) => t.title(),
            Ctx::Help => "Help",
            Ctx::Confirm => "Question",
            Ctx::Choice => "A choice",
            Ctx::Crisis => "A crisis",
            Ctx::Epilogue => "Epilogue",
            Ctx::Saves => "Saves",
            Ctx::Prompt => "Typing",
            Ctx::Notice => "Notice",
            Ctx::Viewer => "Replay",
            Ctx::Always => "Always",
        }
    }
}

/// A key with the modifiers that matter (Shift is folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

pub const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

pub const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

pub const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

/// What a binding produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Send(Msg),
    /// The digit typed, as `Msg::Digit`.
    Digit,
    /// The screen numbered by the digit typed.
    TabByNumber,
    /// Any character typed, as `Msg::Char` (the binding's keys are not looked at).
    Text,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are written in help and hints.
    pub label: &'static str,
    pub act: Act,
    /// A short label for the footer; bindings without one appear only in help.
    pub hint: Option<&'static str>,
    pub help: &'static str,
}

/// A binding that sends `msg`: one row of a table.
pub const fn send(
    keys: &'static [Key],
    label: &'static str,
    msg: Msg,
    hint: Option<&'static str>,
    help: &'static str,
) -> Binding {
    bind(keys, label, Act::Send(msg), hint, help)
}

/// A binding that does `act`.
pub const fn bind(
    keys: &'static [Key],
    label: &'static str,
    act: Act,
    hint: Option<&'static str>,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        act,
        hint,
        help,
    }
}

/// Keys with names.
pub const ENTER: Key = code(KeyCode::Enter);
pub const ESC: Key = code(KeyCode::Esc);
pub const SPACE: Key = ch(' ');
pub const TAB: Key = code(KeyCode::Tab);
pub const BACKTAB: Key = code(KeyCode::BackTab);
pub const BACKSPACE: Key = code(KeyCode::Backspace);
pub const PGUP: Key = code(KeyCode::PageUp);
pub const PGDN: Key = code(KeyCode::PageDown);
pub const HOME: Key = code(KeyCode::Home);
pub const END: Key = code(KeyCode::End);

/// Moves: an arrow or its vi letter; the first and last row.
pub const UP: &[Key] = &[code(KeyCode::Up), ch('k')];
pub const DOWN: &[Key] = &[code(KeyCode::Down), ch('j')];
pub const LEFT: &[Key] = &[code(KeyCode::Left), ch('h')];
pub const RIGHT: &[Key] = &[code(KeyCode::Right), ch('l')];
pub const FIRST: &[Key] = &[HOME, ch('g')];
pub const LAST: &[Key] = &[END, ch('G')];
