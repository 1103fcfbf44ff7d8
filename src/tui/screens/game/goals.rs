//! The Overview's Goals panel: every objective of the scenario with its status (met, on
//! track, at risk, failed) and, as room allows, its progress in words — those at risk or
//! failed first, since they are what the player can still act on.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::story::objectives::{Judged, Status};
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{panel, wrap};

/// Rows the panel wants for `n` objectives: one each, one for its progress and two more for
/// progress that wraps, in a border.
pub fn height(n: usize) -> u16 {
    (n * 2 + 4).min(u16::MAX as usize) as u16
}

/// Draw the panel.
pub fn render(s: &Session, t: &Theme, area: Rect, buf: &mut Buffer) {
    let goals = s.goals();
    let risky = goals.iter().filter(|j| !j.status.good()).count();
    let title = match (goals.len(), risky) {
        (0, _) => "Goals".to_string(),
        (n, 0) => format!("Goals · {n}, all on course"),
        (n, r) => format!("Goals · {r} of {n} need you"),
    };
    let block = panel(t, title, false);
    let inner = block.inner(area);
    block.render(area, buf);
    if goals.is_empty() {
        Line::styled("This scenario sets no goals: play as you see fit.", t.dim).render(inner, buf);
        return;
    }
    let width = inner.width as usize;
    let rows = inner.height as usize;
    // One row an objective; the rows left go to progress lines, those not on course first.
    let mut extra = vec![0usize; goals.len()];
    let mut spare = rows.saturating_sub(goals.len());
    // Passes: those not on course up to two lines, then the rest one line, then two.
    for (on_course, most) in [(false, 2), (true, 1), (true, 2)] {
        for (i, j) in goals.iter().enumerate() {
            if j.status.good() == on_course && spare > 0 {
                let want = detail_lines(j, width, most).len();
                let more = want.saturating_sub(extra[i]).min(spare);
                extra[i] += more;
                spare -= more;
            }
        }
    }
    let mut lines: Vec<Line> = Vec::new();
    for (j, &more) in goals.iter().zip(&extra) {
        let (glyph, style) = look(t, j.status);
        // The status leads the progress line; without one, it goes before the text.
        let head = if more == 0 {
            format!("{}: ", j.status.word())
        } else {
            String::new()
        };
        let room = width.saturating_sub(2 + head.chars().count());
        lines.push(Line::from(vec![
            Span::styled(format!("{glyph} "), style),
            Span::styled(head, style),
            Span::raw(whole_words(&j.text, room)),
        ]));
        for (k, d) in detail_lines(j, width, more).into_iter().enumerate() {
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
    if lines.len() > rows && rows > 0 {
        let hidden = lines.len() - rows + 1;
        lines.truncate(rows - 1);
        lines.push(Line::styled(format!("  … {hidden} more lines"), t.dim));
    }
    Paragraph::new(lines).render(inner, buf);
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

/// An objective's progress in words, wrapped to hang after its status word, in at most
/// `max` lines (the last cut after a whole word, with "…", when it does not all fit).
fn detail_lines(j: &Judged, width: usize, max: usize) -> Vec<String> {
    let lead = j.status.word().chars().count() + 2;
    let w = width.saturating_sub(2 + lead).max(8);
    let all = wrap(&j.detail, w);
    let cut = all.len() > max;
    let mut out: Vec<String> = all.into_iter().take(max).map(str::to_string).collect();
    if cut && let Some(last) = out.last_mut() {
        *last = if last.chars().count() < w {
            format!("{last}…")
        } else {
            whole_words(last, w - 1)
        };
    }
    for l in out.iter_mut().skip(1) {
        *l = format!("{}{l}", " ".repeat(lead));
    }
    out
}

/// `text` in at most `width` characters, cut only after a whole word (with "…").
pub fn whole_words(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    match wrap(text, width.saturating_sub(1).max(1)).first() {
        Some(first) => format!("{first}…"),
        None => String::new(),
    }
}
