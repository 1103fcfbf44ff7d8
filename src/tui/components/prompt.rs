//! A line to type over the screen: a save's name, or a turn of a replay to jump to.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::save::store;
use crate::tui::keys::{Act, BACKSPACE, Binding, ENTER, ESC, bind, send};
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;
use crate::tui::widgets::{keys, window};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(&[ENTER],     "Enter",     Msg::Open,  Some("done"),
         "done (nothing typed takes the suggestion)"),
    send(&[ESC],       "Esc",       Msg::Back,  Some("cancel"),
         "cancel"),
    send(&[BACKSPACE], "Backspace", Msg::Erase, None,
         "erase a character"),
    bind(&[],          "letters",   Act::Text,  None,
         "type"),
];

/// Where a key leaves the typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typed {
    More,
    Cancel,
    /// Enter: take `value`.
    Done,
}

/// What a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// A name to save the game under; then quit, with `quit`.
    SaveName { quit: bool },
    /// A turn of the replay to jump to.
    GoTo,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// What Enter takes when nothing is typed.
    pub default: String,
}

impl Prompt {
    pub fn new(kind: PromptKind, default: String) -> Prompt {
        Prompt {
            kind,
            text: String::new(),
            default,
        }
    }

    /// Longest text a prompt takes.
    const MAX: usize = 64;

    /// Type a character (a turn takes digits only).
    fn push(&mut self, c: char) {
        let ok = match self.kind {
            PromptKind::GoTo => c.is_ascii_digit() && self.text.len() < 6,
            PromptKind::SaveName { .. } => !c.is_control(),
        };
        if ok && self.text.chars().count() < Prompt::MAX {
            self.text.push(c);
        }
    }

    /// What was typed, or the default.
    pub fn value(&self) -> &str {
        if self.text.trim().is_empty() {
            &self.default
        } else {
            self.text.trim()
        }
    }

    /// A key: type, erase, or finish.
    pub fn update(&mut self, msg: Msg) -> Typed {
        match msg {
            Msg::Char(c) => self.push(c),
            Msg::Erase => {
                self.text.pop();
            }
            Msg::Back => return Typed::Cancel,
            Msg::Open => return Typed::Done,
            _ => {}
        }
        Typed::More
    }

    /// The line to type, over the screen.
    pub fn render(&self, t: &Theme, area: Rect, buf: &mut Buffer) {
        let (title, ask) = match self.kind {
            PromptKind::SaveName { quit: false } => ("Save", "Save the game as:"),
            PromptKind::SaveName { quit: true } => ("Save and quit", "Save the game as:"),
            PromptKind::GoTo => ("Jump", "Jump to the end of turn:"),
        };
        let w = 60.min(area.width);
        let typed = if self.text.is_empty() {
            Span::styled(self.default.clone(), t.dim)
        } else {
            Span::styled(self.text.clone(), t.emph)
        };
        let mut lines = vec![
            Line::from(ask),
            Line::from(vec![Span::raw("> "), typed, Span::styled("_", t.key)]),
        ];
        if let PromptKind::SaveName { .. } = self.kind {
            lines.push(Line::styled(
                format!("file: {}", store::sanitize(self.value())),
                t.dim,
            ));
        }
        lines.push(Line::from(""));
        lines.push(keys(
            t,
            &[("Enter", "done"), ("Esc", "cancel"), ("Backspace", "erase")],
        ));
        window(t, title, lines, w, area, buf);
    }
}
