//! The Overview's Goals panel: every objective of the scenario with its status (met, on
//! track, at risk, failed) and its progress in words — those at risk or failed first,
//! since they are what the player can still act on.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::story::objectives::{Judged, Status};
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Scroll, Scrolled, panel, wrap};

/// Rows the panel wants for `n` objectives: one each, one for its progress and two more for
/// progress that wraps, in a border.
pub fn height(n: usize) -> u16 {
    (n * 2 + 4).min(u16::MAX as usize) as u16
}

/// Draw the panel: every objective in full, those not on course first; PgUp/PgDn scroll
/// it where it does not all fit.
pub fn render(s: &Session, t: &Theme, scroll: &Scroll, area: Rect, buf: &mut Buffer) {
    let goals = s.goals();
    let risky = goals.iter().filter(|j| !j.status.good()).count();
    let title = match (goals.len(), risky) {
        (0, _) => "Goals".to_string(),
        (n, 0) => format!("Goals · {n}, all on course"),
        (n, r) => format!("Goals · {r} of {n} need you"),
    };
    let block = panel(t, title, false);
    let inner = block.inner(area);
    if goals.is_empty() {
        block.render(area, buf);
        Line::styled("This scenario sets no goals: play as you see fit.", t.dim).render(inner, buf);
        return;
    }
    let width = inner.width as usize;
    let mut order: Vec<&Judged> = goals.iter().collect();
    order.sort_by_key(|j| j.status.good());
    let mut lines: Vec<Line> = Vec::new();
    for j in order {
        let (glyph, style) = look(t, j.status);
        for (k, part) in wrap(&j.text, width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let lead = if k == 0 {
                format!("{glyph} ")
            } else {
                "  ".into()
            };
            lines.push(Line::from(vec![
                Span::styled(lead, style),
                Span::raw(part.to_string()),
            ]));
        }
        for (k, d) in detail_lines(j, width).into_iter().enumerate() {
            lines.push(if k == 0 {
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(format!("{}: ", j.status.word()), style),
                    Span::styled(d, t.dim),
                ])
            } else {
                Line::styled(format!("  {d}"), t.dim)
            });
        }
    }
    Scrolled::new(lines).render(t, block, scroll, area, buf);
}

/// A status's glyph and style.
fn look(t: &Theme, s: Status) -> (&'static str, Style) {
    match s {
        Status::Met => (t.g.ok, t.ok),
        Status::OnTrack => (t.g.ok, t.base),
        Status::AtRisk => (t.g.warn, t.warn),
        Status::Failed => (t.g.bad, t.bad),
    }
}

/// An objective's progress in words, wrapped to hang after its status word.
fn detail_lines(j: &Judged, width: usize) -> Vec<String> {
    let lead = j.status.word().chars().count() + 2;
    let w = width.saturating_sub(2 + lead).max(8);
    let mut out: Vec<String> = wrap(&j.detail, w).into_iter().map(str::to_string).collect();
    for l in out.iter_mut().skip(1) {
        *l = format!("{}{l}", " ".repeat(lead));
    }
    out
}
