//! The guide to a newcomer's first three months: a few lines at the foot of the game that
//! point, month by month, at the screens and keys that matter. It is no window: every key
//! still goes to the game and the screen above gives up the rows for it, so it never stands
//! in the way of play or hides what it points at. `i` hides it (and the
//! game remembers, `prefs`); it also leaves by itself once the three months are played.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{panel, wrap};

/// What each month's page says: the screens and keys to look at first.
const PAGES: [&str; 3] = [
    "The Overview (1) shows your goals and what “Needs your attention”: ↑↓ picks an item, \
     Enter goes to the screen that explains it. On Members (2), ↑↓ picks a member: their \
     needs, what they got and why. When you are ready, n ends the month.",
    "Policy (7) sets how each good is shared: ↑↓ picks a good, ←→ switches its regime — \
     Commons (a meeting shares the pool), Exchange (a market), Aid (gifts between friends); \
     f adds a fallback. Changes apply when the month ends (n).",
    "Meeting (3): who spoke and what passed. Market (4): prices and trades. Bonds (5): who \
     can count on whom. ? explains every screen and its words. N plays months on, one after \
     another, until something needs you.",
];

/// The guide shown, from the turn it began at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guide {
    pub from: u32,
}

impl Guide {
    /// A guide whose first page is for the turn `turn` (the one about to be played).
    pub fn new(turn: u32) -> Guide {
        Guide { from: turn }
    }

    /// The page for the turn about to be played; `None` once its three months are played.
    pub fn page(&self, turn: u32) -> Option<usize> {
        let k = turn.checked_sub(self.from)? as usize;
        (k < PAGES.len()).then_some(k)
    }

    /// The rows the guide takes at the foot of a game `width` columns wide: its page,
    /// wrapped, in a border; none once its months are played.
    pub fn height(&self, s: &Session, width: u16) -> u16 {
        match self.page(s.game().turn()) {
            Some(k) => wrap(PAGES[k], text_width(width)).len() as u16 + 2,
            None => 0,
        }
    }

    /// The guide's page in `area`: the rows the game gives up for it above the footer, so
    /// it hides nothing of the screen it points at.
    pub fn render(&self, s: &Session, t: &Theme, area: Rect, buf: &mut Buffer) {
        let turn = s.game().turn();
        let Some(k) = self.page(turn) else {
            return;
        };
        let lines: Vec<Line> = wrap(PAGES[k], text_width(area.width))
            .into_iter()
            .map(Line::from)
            .collect();
        let title = format!(
            "Guide: {} ({} of {})",
            s.turn_name(turn + 1),
            k + 1,
            PAGES.len()
        );
        let block = panel(t, title, true).title_bottom(
            Line::from(vec![
                Span::styled(" i ", t.key),
                Span::styled("hides the guide ", t.dim),
            ])
            .right_aligned(),
        );
        Clear.render(area, buf);
        Paragraph::new(lines)
            .block(block)
            .style(t.base)
            .render(area, buf);
    }
}

/// The width of the page's text in a guide `width` wide (borders and padding off).
fn text_width(width: u16) -> usize {
    width.saturating_sub(4).max(10) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_a_month_for_three_months() {
        let g = Guide::new(2);
        assert_eq!(g.page(1), None);
        assert_eq!(g.page(2), Some(0));
        assert_eq!(g.page(4), Some(2));
        assert_eq!(g.page(5), None);
    }
}
