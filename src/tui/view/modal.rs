//! Yes/no questions over the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::tui::app::Confirm;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{keys, window, wrap};

pub fn render(c: &Confirm, t: &Theme, area: Rect, buf: &mut Buffer) {
    let (title, text): (&str, Vec<String>) = match c {
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
    };
    let w = 56.min(area.width);
    let mut lines: Vec<Line> = text
        .iter()
        .flat_map(|p| wrap(p, w as usize - 4))
        .map(Line::from)
        .collect();
    lines.push(Line::from(""));
    let mut hints = vec![("y", "yes"), ("n", "no")];
    if matches!(c, Confirm::Quit { unsaved: true }) {
        hints.push(("s", "save and quit"));
    }
    lines.push(keys(t, &hints));
    window(t, title, lines, w, area, buf);
}
