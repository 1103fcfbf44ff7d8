//! A notice the player must read (content changed since a save); any key closes it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::tui::keys::{Binding, ENTER, ESC, SPACE, ch, send};
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;
use crate::tui::widgets::{keys, window, wrap};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(&[ENTER, ESC, SPACE, ch('q')], "Enter Esc", Msg::Back, Some("close"), "close"),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub title: String,
    pub text: String,
}

impl Notice {
    pub fn render(&self, t: &Theme, area: Rect, buf: &mut Buffer) {
        let (title, text) = (&self.title, &self.text);
        let w = 60.min(area.width);
        let mut lines: Vec<Line> = wrap(text, w.saturating_sub(4) as usize)
            .into_iter()
            .map(Line::from)
            .collect();
        lines.push(Line::from(""));
        lines.push(keys(t, &[("Enter", "close")]));
        window(t, title, lines, w, area, buf);
    }
}
