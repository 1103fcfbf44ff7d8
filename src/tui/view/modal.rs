//! Yes/no questions over the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::app::Confirm;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{centered, panel, wrap};

pub fn render(c: &Confirm, t: &Theme, area: Rect, buf: &mut Buffer) {
    let (title, text): (&str, Vec<String>) = match c {
        Confirm::Quit => (
            "Quit?",
            vec!["Quit this game? It will be lost: this build cannot save games yet.".into()],
        ),
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
    lines.push(Line::from(vec![
        Span::styled("y", t.key),
        Span::raw(" yes    "),
        Span::styled("n", t.key),
        Span::raw(" no"),
    ]));
    let rect = centered(area, w, lines.len() as u16 + 2);
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .block(panel(t, title, true))
        .style(t.base)
        .render(rect, buf);
}
