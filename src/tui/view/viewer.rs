//! The replay viewer: the game's screens at the current turn, above a status line and a
//! timeline bar with the turns where storylets fired and the policy changed marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::msg::Msg;
use crate::tui::theme::{Theme, Variant};
use crate::tui::view::render_game;
use crate::tui::viewer::{Mark, SPEEDS, ViewerScreen};

/// Room kept right of the bar for its legend.
const LEGEND: u16 = 22;

/// The status line and the bar: the two rows above the footer (the bar leaves room for its
/// legend).
fn rows(area: Rect) -> (Rect, Rect) {
    let y = area.bottom().saturating_sub(3);
    (
        Rect::new(area.x, y, area.width, 1),
        Rect::new(area.x, y + 1, area.width.saturating_sub(LEGEND), 1),
    )
}

/// The bar's cells: one per turn (up to four columns wide when there is room), or, when
/// the turns outnumber the columns, one column per span of turns. Each is the range of
/// turns `lo..=hi` it stands for; the second value is the cells' width.
fn cells(last: u32, bar: Rect) -> (Vec<(u32, u32)>, u16) {
    let width = u32::from(bar.width.saturating_sub(2));
    let n = last.min(width).max(1);
    let w = (width / n).clamp(1, 4) as u16;
    let cells = (0..n)
        .map(|i| (i * last / n + 1, ((i + 1) * last / n).max(i * last / n + 1)))
        .collect();
    (cells, w)
}

/// A click on the bar jumps to the turn under it.
pub fn hit(v: &ViewerScreen, area: Rect, x: u16, y: u16) -> Option<Msg> {
    let (_, bar) = rows(area);
    if y != bar.y || x <= bar.x {
        return None;
    }
    let (cells, w) = cells(v.last(), bar);
    let (_, hi) = *cells.get(usize::from((x - bar.x - 1) / w))?;
    Some(Msg::Select(hi as usize))
}

pub fn render(v: &ViewerScreen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let game = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(2));
    render_game(&v.g, theme, game, buf);
    let (status, bar) = rows(area);
    buf.set_style(status, theme.base);
    buf.set_style(bar, theme.base);
    let s = &v.g.session;
    let turn = v.turn();
    let unit = &s.world().scenario.meta.turn_unit;
    let at = if turn == 0 {
        format!("the start ({} {unit}s played in all)", v.last())
    } else {
        format!(
            "after {} of {} played",
            s.turn_name(turn).to_lowercase(),
            v.last()
        )
    };
    let state = if v.playing {
        format!(
            "▶ playing, {} {unit}{} a second",
            SPEEDS[v.speed],
            if SPEEDS[v.speed] == 1 { "" } else { "s" }
        )
    } else {
        format!("paused ({}×)", SPEEDS[v.speed])
    };
    let plain = theme.variant == Variant::Plain;
    let (story, policy, both, none) = if plain {
        ("*", "^", "#", "-")
    } else {
        ("◆", "▲", "✦", "─")
    };
    let state = if plain {
        state.replace('▶', ">")
    } else {
        state
    };
    Line::from(vec![
        Span::styled(" REPLAY ", theme.header_accent),
        Span::styled(
            format!(" {} · {at} · {state}", v.file.trim_end_matches(".ron"),),
            theme.base,
        ),
    ])
    .render(status, buf);
    let legend = Rect::new(
        bar.right(),
        bar.y,
        area.right().saturating_sub(bar.right()),
        1,
    );
    buf.set_style(legend, theme.base);
    Line::from(vec![
        Span::raw(" "),
        Span::styled(story, theme.warn),
        Span::styled(" storylet  ", theme.dim),
        Span::styled(policy, theme.emph),
        Span::styled(" policy", theme.dim),
    ])
    .render(legend, buf);
    let mut spans = vec![Span::raw(" ")];
    let (cells, w) = cells(v.last(), bar);
    for (lo, hi) in cells {
        let mark = v.marks[(lo - 1) as usize..hi as usize]
            .iter()
            .fold(Mark::default(), |a, m| Mark {
                storylet: a.storylet || m.storylet,
                policy: a.policy || m.policy,
            });
        let (glyph, style): (String, Style) = match (mark.storylet, mark.policy) {
            (true, true) => (both.into(), theme.warn),
            (true, false) => (story.into(), theme.warn),
            (false, true) => (policy.into(), theme.emph),
            (false, false) => (none.into(), theme.base),
        };
        let style = if (lo..=hi).contains(&turn) {
            theme.selected
        } else if hi > turn {
            style.patch(theme.dim)
        } else {
            style
        };
        spans.push(Span::styled(glyph, style));
        if w > 1 {
            spans.push(Span::styled(none.repeat(usize::from(w - 1)), style));
        }
    }
    Line::from(spans).render(bar, buf);
}
