//! Chronicle: every turn, newest first; Enter opens a line to its explanation.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::app::GameScreen;
use crate::tui::chronicle::Kind;
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{panel, scroll, wrap};

pub struct Chronicle<'a> {
    pub g: &'a GameScreen,
    pub theme: &'a Theme,
}

/// The screen rows of the chronicle at `width`, each with the index of its line: up to the
/// selected line and `height` rows after it (the rest cannot be on screen).
fn layout(g: &GameScreen, t: &Theme, width: usize, height: usize) -> Vec<(usize, Line<'static>)> {
    let mut out = Vec::new();
    let mut sel_end = None;
    for (i, line) in g.lines.iter().enumerate() {
        if sel_end.is_some_and(|e: usize| out.len() >= e + height) {
            break;
        }
        let sel = i == g.chronicle.selected;
        let open = g.chronicle.open.contains(&line.key);
        let (indent, glyph, style) = match line.kind {
            Kind::Turn => (0, "", t.title),
            Kind::Pending => (0, t.g.warn, t.changed),
            Kind::Policy => (2, t.g.arrow, t.changed),
            Kind::Ok => (2, t.g.ok, t.ok),
            Kind::Bad => (2, t.g.bad, t.bad),
        };
        let fold = if line.why.is_empty() {
            " "
        } else if open {
            t.g.open
        } else {
            t.g.closed
        };
        let lead = if sel { t.g.pointer } else { " " };
        let prefix = format!("{lead} {fold} {}", " ".repeat(indent));
        let glyph_w = if glyph.is_empty() {
            0
        } else {
            glyph.chars().count() + 1
        };
        let text_w = width
            .saturating_sub(prefix.chars().count() + glyph_w)
            .max(10);
        for (k, w) in wrap(&line.text, text_w).into_iter().enumerate() {
            let mut spans = vec![Span::raw(if k == 0 {
                prefix.clone()
            } else {
                " ".repeat(prefix.chars().count())
            })];
            if glyph_w > 0 {
                spans.push(if k == 0 {
                    Span::styled(format!("{glyph} "), style)
                } else {
                    Span::raw(" ".repeat(glyph_w))
                });
            }
            let text_style = if matches!(line.kind, Kind::Ok | Kind::Bad) {
                t.base
            } else {
                style
            };
            spans.push(Span::styled(w, if sel { t.selected } else { text_style }));
            out.push((i, Line::from(spans)));
        }
        if open {
            let pad = prefix.chars().count() + glyph_w;
            for why in &line.why {
                for (k, w) in wrap(why, width.saturating_sub(pad + 2).max(10))
                    .into_iter()
                    .enumerate()
                {
                    let lead = if k == 0 { "└ " } else { "  " };
                    out.push((
                        i,
                        Line::from(vec![
                            Span::raw(" ".repeat(pad)),
                            Span::styled(format!("{lead}{w}"), t.dim),
                        ]),
                    ));
                }
            }
        }
        if i == g.chronicle.selected {
            sel_end = Some(out.len());
        }
    }
    out
}

fn first_row(rows: &[(usize, Line)], g: &GameScreen, height: usize) -> usize {
    // Keep the whole selected line (with its explanation) in view when it fits.
    let last = rows
        .iter()
        .rposition(|(i, _)| *i == g.chronicle.selected)
        .unwrap_or(0);
    let first = rows
        .iter()
        .position(|(i, _)| *i == g.chronicle.selected)
        .unwrap_or(0);
    scroll(last, height).min(first)
}

/// The chronicle line under a click.
pub fn hit(g: &GameScreen, body: Rect, x: u16, y: u16) -> Option<Msg> {
    let inner = panel(&Theme::plain(), "", true).inner(body);
    if x < inner.x || x >= inner.right() || y < inner.y || y >= inner.bottom() {
        return None;
    }
    let rows = layout(
        g,
        &Theme::plain(),
        inner.width as usize,
        inner.height as usize,
    );
    let top = first_row(&rows, g, inner.height as usize);
    rows.get(top + (y - inner.y) as usize)
        .map(|(i, _)| Msg::Select(*i))
}

impl Widget for &Chronicle<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let g = self.g;
        let block = panel(t, "Chronicle, newest first", true);
        let inner = block.inner(area);
        block.render(area, buf);
        if g.lines.is_empty() {
            Paragraph::new(vec![
                Line::from("Nothing has happened yet."),
                Line::from(""),
                Line::styled(
                    "Each turn's story appears here: who went without and why, what each \
                     good's institution did, and your policy changes.",
                    t.dim,
                ),
            ])
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(inner, buf);
            return;
        }
        let rows = layout(g, t, inner.width as usize, inner.height as usize);
        let top = first_row(&rows, g, inner.height as usize);
        let lines: Vec<Line> = rows
            .into_iter()
            .skip(top)
            .take(inner.height as usize)
            .map(|(_, l)| l)
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}
