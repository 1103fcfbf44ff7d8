//! Chronicle: every turn, newest first; Enter opens a line to its explanation.

pub mod lines;

use std::collections::BTreeSet;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::keys::{Binding, DOWN, ENTER, FIRST, LAST, PGDN, PGUP, UP, send};
use crate::tui::msg::Msg;
use crate::tui::screens::{Reply, nudge, step};
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{hinted, panel, scroll, scroll_hint, wrap};

use lines::{Kind, Line as ChronicleLine};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,       "↑ k",    Msg::Up,       Some("move"), "previous line"),
    send(DOWN,     "↓ j",    Msg::Down,     None,         "next line"),
    send(&[ENTER], "Enter",  Msg::Open,     Some("why"),  "show or hide why"),
    send(&[PGUP],  "PgUp",   Msg::PageUp,   None,         "page up"),
    send(&[PGDN],  "PgDn",   Msg::PageDown, None,         "page down"),
    send(FIRST,    "Home g", Msg::Top,      None,         "newest"),
    send(LAST,     "End G",  Msg::Bottom,   None,         "oldest"),
];

/// The chronicle's lines, the selected one and those opened to their explanation.
#[derive(Debug, Clone, Default)]
pub struct Chronicle {
    pub selected: usize,
    /// Lines opened to show their explanation, by `lines::Line::key`.
    pub open: BTreeSet<(u32, usize)>,
    /// Rebuilt when the game changes.
    pub lines: Vec<ChronicleLine>,
}

impl Chronicle {
    pub fn new(s: &Session) -> Chronicle {
        Chronicle {
            lines: lines::lines(s),
            ..Chronicle::default()
        }
    }

    /// The lines of the game as it is now.
    pub fn rebuild(&mut self, s: &Session) {
        self.lines = lines::lines(s);
        self.selected = self.selected.min(self.lines.len().saturating_sub(1));
    }

    /// A key: move, open or close a line.
    pub fn update(&mut self, msg: Msg) -> Reply {
        if let Msg::Select(i) = msg {
            self.selected = i.min(self.lines.len().saturating_sub(1));
            return Reply::default();
        }
        self.selected = nudge(self.selected, self.lines.len(), step(msg));
        if msg == Msg::Open
            && let Some(line) = self.lines.get(self.selected)
        {
            if line.why.is_empty() {
                return Reply::flash("Nothing more to say about this line.");
            } else if !self.open.remove(&line.key) {
                self.open.insert(line.key);
            }
        }
        Reply::default()
    }
}

/// The Chronicle screen as drawn.
pub struct View<'a> {
    pub tab: &'a Chronicle,
    pub theme: &'a Theme,
}

/// One screen row of the chronicle: a piece of a line's text, or of its explanation.
struct Row<'a> {
    /// Index of the chronicle line it belongs to.
    line: usize,
    /// The first row of its line (or of one explanation).
    first: bool,
    /// Part of the explanation rather than of the line itself.
    why: bool,
    text: &'a str,
}

/// Columns before a line's text: pointer, fold mark, indent.
fn indent(kind: Kind) -> usize {
    match kind {
        Kind::Turn | Kind::Pending => 4,
        Kind::Policy | Kind::Ok | Kind::Bad => 6,
    }
}

/// The glyph before a line's text, and its style.
fn glyph(t: &Theme, kind: Kind) -> (&'static str, Style) {
    match kind {
        Kind::Turn => ("", t.title),
        Kind::Pending => (t.g.warn, t.changed),
        Kind::Policy => (t.g.arrow, t.changed),
        Kind::Ok => (t.g.ok, t.ok),
        Kind::Bad => (t.g.bad, t.bad),
    }
}

fn glyph_width(g: &str) -> usize {
    if g.is_empty() {
        0
    } else {
        g.chars().count() + 1
    }
}

/// The screen rows of the chronicle at `width`: up to the selected line and `height` rows
/// after it (the rest cannot be on screen). The text is borrowed, not copied.
fn layout<'a>(g: &'a Chronicle, t: &Theme, width: usize, height: usize) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    let mut sel_end = None;
    for (i, line) in g.lines.iter().enumerate() {
        if sel_end.is_some_and(|e: usize| out.len() >= e + height) {
            break;
        }
        let pad = indent(line.kind) + glyph_width(glyph(t, line.kind).0);
        for (k, text) in wrap(&line.text, width.saturating_sub(pad).max(10))
            .into_iter()
            .enumerate()
        {
            out.push(Row {
                line: i,
                first: k == 0,
                why: false,
                text,
            });
        }
        if g.open.contains(&line.key) {
            for why in &line.why {
                for (k, text) in wrap(why, width.saturating_sub(pad + 2).max(10))
                    .into_iter()
                    .enumerate()
                {
                    out.push(Row {
                        line: i,
                        first: k == 0,
                        why: true,
                        text,
                    });
                }
            }
        }
        if i == g.selected {
            sel_end = Some(out.len());
        }
    }
    out
}

/// Draw one row at `y`, straight into the buffer.
fn draw_row(g: &Chronicle, t: &Theme, row: &Row, x: u16, y: u16, width: u16, buf: &mut Buffer) {
    let line = &g.lines[row.line];
    let (gl, style) = glyph(t, line.kind);
    let pad = (indent(line.kind) + glyph_width(gl)) as u16;
    let right = x + width;
    let put = |buf: &mut Buffer, at: u16, s: &str, style: Style| {
        if at < right {
            buf.set_stringn(at, y, s, (right - at) as usize, style);
        }
    };
    if row.why {
        let lead = if row.first { "└ " } else { "  " };
        put(buf, x + pad, lead, t.dim);
        put(buf, x + pad + 2, row.text, t.dim);
        return;
    }
    let sel = row.line == g.selected;
    if row.first {
        if sel {
            put(buf, x, t.g.pointer, t.base);
        }
        let fold = if line.why.is_empty() {
            " "
        } else if g.open.contains(&line.key) {
            t.g.open
        } else {
            t.g.closed
        };
        put(buf, x + 2, fold, t.base);
        if !gl.is_empty() {
            put(buf, x + indent(line.kind) as u16, gl, style);
        }
    }
    let text_style = match line.kind {
        Kind::Ok | Kind::Bad => t.base,
        _ => style,
    };
    put(
        buf,
        x + pad,
        row.text,
        if sel { t.selected } else { text_style },
    );
}

fn first_row(rows: &[Row], g: &Chronicle, height: usize) -> usize {
    // Keep the whole selected line (with its explanation) in view when it fits.
    let last = rows.iter().rposition(|r| r.line == g.selected).unwrap_or(0);
    let first = rows.iter().position(|r| r.line == g.selected).unwrap_or(0);
    scroll(last, height).min(first)
}

impl Chronicle {
    /// The chronicle line under a click.
    pub fn hit(&self, body: Rect, x: u16, y: u16) -> Option<Msg> {
        let inner = panel(&Theme::plain(), "", true).inner(body);
        if x < inner.x || x >= inner.right() || y < inner.y || y >= inner.bottom() {
            return None;
        }
        let rows = layout(
            self,
            &Theme::plain(),
            inner.width as usize,
            inner.height as usize,
        );
        let top = first_row(&rows, self, inner.height as usize);
        rows.get(top + (y - inner.y) as usize)
            .map(|r| Msg::Select(r.line))
    }
}

impl Widget for &View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let g = self.tab;
        let block = panel(t, "Chronicle, newest first", true);
        let inner = block.inner(area);
        if g.lines.is_empty() {
            block.render(area, buf);
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
        let max = (rows.len() as u16).saturating_sub(inner.height);
        hinted(t, block, scroll_hint(top as u16, max, "↑ PgUp", "↓ PgDn")).render(area, buf);
        for (k, row) in rows
            .iter()
            .skip(top)
            .take(inner.height as usize)
            .enumerate()
        {
            draw_row(g, t, row, inner.x, inner.y + k as u16, inner.width, buf);
        }
    }
}
