//! Yes/no questions over the screen. Any key closes one; the app acts on the answer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::engine::Command;
use crate::tui::keys::{Binding, ENTER, ESC, ch, send};
use crate::tui::msg::Msg;
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{keys, window, wrap};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(&[ch('y'), ENTER], "y Enter", Msg::Yes,  Some("yes"),
         "yes"),
    send(&[ch('n'), ESC],   "n Esc",   Msg::No,   Some("no"),
         "no"),
    send(&[ch('s')],        "s",       Msg::Save, None,
         "when quitting: save under a name, then quit"),
];

/// A yes/no question.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Quit a game in progress; `unsaved` when its log holds what no named save has.
    Quit { unsaved: bool },
    /// End a turn that needs a second thought: the last one, or a storylet left unanswered.
    EndTurn { reasons: Vec<String> },
    /// Save over a save by this name that holds another game (then quit, with `quit`).
    Overwrite { name: String, quit: bool },
    /// A policy change that undoes a storylet's answer (`overrides::undone` says which).
    Override { command: Command, undoes: String },
}

/// Why ending the next turn needs a second thought: it is the last.
pub fn last_turn_reason(s: &Session) -> String {
    format!(
        "This is the last {}: the game ends with it.",
        s.world().scenario.meta.turn_unit
    )
}

impl Confirm {
    pub fn render(&self, t: &Theme, area: Rect, buf: &mut Buffer) {
        let (title, text): (&str, Vec<String>) = match self {
            Confirm::Quit { unsaved: true } => (
                "Quit?",
                vec![
                    "Quit this game? What you did since your last save is only in the autosave, which later games replace.".into(),
                    "s saves it under a name, then quits.".into(),
                ],
            ),
            Confirm::Quit { unsaved: false } => ("Quit?", vec!["Quit? The game is saved.".into()]),
            Confirm::EndTurn { reasons } => {
                let mut v = reasons.clone();
                v.push("End the turn anyway?".into());
                ("End the turn?", v)
            }
            Confirm::Override { undoes, .. } => (
                "Undo an answer?",
                vec![
                    undoes.clone(),
                    "Change it anyway? The answer's other consequences stay.".into(),
                ],
            ),
            Confirm::Overwrite { name, .. } => (
                "Replace the save?",
                vec![
                    format!("A save named “{name}” already exists."),
                    "Replace it with this game? What it held is lost.".into(),
                ],
            ),
        };
        let w = 56.min(area.width);
        let mut lines: Vec<Line> = text
            .iter()
            .flat_map(|p| wrap(p, w as usize - 4))
            .map(Line::from)
            .collect();
        lines.push(Line::from(""));
        let mut hints = vec![("y", "yes"), ("n", "no")];
        if matches!(self, Confirm::Quit { unsaved: true }) {
            hints.push(("s", "save and quit"));
        }
        lines.push(keys(t, &hints));
        window(t, title, lines, w, area, buf);
    }
}
