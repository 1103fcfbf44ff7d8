//! Bonds: in words (`ties`: the strongest bonds, who is alone, the bonds across marks) or as
//! a graph on a canvas — members round a circle, each tie a line whose weight shows its
//! strength (thick, plain or dotted, not colour alone) — with cohesion figures and the
//! selected member's bonds. `v` switches between the two.

use std::cell::Cell;
use std::f64::consts::TAU;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Context, Line as CLine, Points};
use ratatui::widgets::{Paragraph, Widget};

use super::ties;

use crate::engine::MemberId;
use crate::engine::metrics::TIE;
use crate::tui::attention::first_name;
use crate::tui::keys::{Binding, DOWN, PGDN, PGUP, UP, ch, send};
use crate::tui::msg::Msg;
use crate::tui::screens::{Reply, nudge, step};
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Scale, bar, kv, panel, spark};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,         "↑ k",  Msg::Up,       Some("member"), "previous member (their bonds light up)"),
    send(DOWN,       "↓ j",  Msg::Down,     None,           "next member"),
    send(&[ch('v')], "v",    Msg::Toggle,   Some("view"),   "bonds in words ⇄ the bond graph"),
    send(&[PGUP],    "PgUp", Msg::PageUp,   None,           "scroll the words up a page"),
    send(&[PGDN],    "PgDn", Msg::PageDown, None,           "scroll the words down a page"),
];

/// Lines a page moves.
const PAGE: u16 = 10;

/// How the bonds are shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BondView {
    /// A list in words: the strongest, the alone, the bonds across marks.
    #[default]
    Words,
    /// The graph: members round a circle, bonds as lines.
    Graph,
}

/// The selected member, whose bonds light up; the view; how far the words are scrolled, and
/// how far they could be at the last draw (which alone knows the panel's size).
#[derive(Debug, Clone, Default)]
pub struct Bonds {
    pub selected: MemberId,
    pub view: BondView,
    pub scroll: u16,
    pub most: Cell<u16>,
}

impl Bonds {
    pub fn update(&mut self, msg: Msg, s: &Session) -> Reply {
        match msg {
            Msg::Toggle => {
                self.view = match self.view {
                    BondView::Words => BondView::Graph,
                    BondView::Graph => BondView::Words,
                };
                return Reply::default();
            }
            Msg::PageUp | Msg::PageDown if self.view == BondView::Words => {
                let most = self.most.get();
                self.scroll = if msg == Msg::PageUp {
                    self.scroll.min(most).saturating_sub(PAGE)
                } else {
                    self.scroll.saturating_add(PAGE).min(most)
                };
                return Reply::default();
            }
            _ => {}
        }
        if !matches!(msg, Msg::Select(_)) {
            let present: Vec<MemberId> = s.game().state().present().collect();
            let at = present
                .iter()
                .position(|m| *m == self.selected)
                .unwrap_or(0);
            if let Some(m) = present.get(nudge(at, present.len(), step(msg))) {
                self.selected = *m;
            }
        }
        Reply::default()
    }
}

/// The Bonds screen as drawn.
pub struct View<'a> {
    pub tab: &'a Bonds,
    pub s: &'a Session,
    pub theme: &'a Theme,
}

/// A close bond is drawn thick; one below firm dotted.
const STRONG: f64 = ties::CLOSE;
const MEDIUM: f64 = ties::FIRM;

impl Widget for &View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let side_w = if area.width >= 120 { 46 } else { 32 };
        let [main, side] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(side_w)]).areas(area);
        match self.tab.view {
            BondView::Words => self.words(main, buf),
            BondView::Graph => self.graph(main, buf),
        }
        self.side(side, buf);
    }
}

/// Ties across status lines (Krackhardt–Stern E-I: −1 all within groups, +1 all across).
fn bridging(s: &Session) -> String {
    match s.last() {
        Some(r) if !r.metrics.bridging.is_empty() => {
            format!("E-I {:+.2}", r.metrics.ei_index)
        }
        Some(_) => "no ties across groups".into(),
        None => "after the first turn".into(),
    }
}

impl View<'_> {
    /// The bonds in words, scrolled; the keys in the border.
    fn words(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let block = panel(t, "Bonds in words", true);
        let inner = block.inner(area);
        let lines = ties::lines(self.s, t, self.tab.selected, inner.width as usize);
        let most = (lines.len() as u16).saturating_sub(inner.height);
        self.tab.most.set(most);
        let scroll = self.tab.scroll.min(most);
        let mut keys = vec![Span::styled(" v ", t.key), Span::styled("graph ", t.dim)];
        if most > 0 {
            keys.push(Span::styled(" PgUp/PgDn ", t.key));
            keys.push(Span::styled(
                format!("scroll {}/{} ", scroll + 1, most + 1),
                t.dim,
            ));
        }
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(block.title_bottom(Line::from(keys).right_aligned()))
            .render(area, buf);
    }

    fn graph(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let state = s.game().state();
        let present: Vec<MemberId> = state.present().collect();
        let n = present.len().max(1);
        let pos = |i: usize| {
            let a = TAU * i as f64 / n as f64 - TAU / 4.0;
            (a.cos(), -a.sin())
        };
        let block = panel(t, "Bond graph", true).title_bottom(
            Line::from(vec![
                Span::styled(" v ", t.key),
                Span::styled("words ", t.dim),
            ])
            .right_aligned(),
        );
        let inner = block.inner(area);
        // Canvas units per cell, to place labels by their width.
        let cell_w = 2.6 / inner.width.max(1) as f64;
        let sel = self.tab.selected;
        let edges: Vec<(usize, usize, f64)> = state
            .bonds
            .edges()
            .filter(|&(_, _, w)| w >= TIE)
            .filter_map(|(a, b, w)| {
                let ia = present.iter().position(|m| *m == a)?;
                let ib = present.iter().position(|m| *m == b)?;
                Some((ia, ib, w))
            })
            .collect();
        let sel_i = present.iter().position(|m| *m == sel);
        let draw_edge = |ctx: &mut Context, ia: usize, ib: usize, w: f64, hi: bool| {
            let (x1, y1) = pos(ia);
            let (x2, y2) = pos(ib);
            let style = if hi { t.changed } else { t.bond(w) };
            let color = style.fg.unwrap_or(ratatui::style::Color::Reset);
            if w >= MEDIUM {
                ctx.draw(&CLine::new(x1, y1, x2, y2, color));
                if w >= STRONG {
                    // Thick: two more lines a hair apart.
                    let d = 0.012;
                    ctx.draw(&CLine::new(x1 + d, y1 + d, x2 + d, y2 + d, color));
                    ctx.draw(&CLine::new(x1 - d, y1 - d, x2 - d, y2 - d, color));
                }
            } else {
                let steps = 24;
                let pts: Vec<(f64, f64)> = (0..=steps)
                    .step_by(2)
                    .map(|k| {
                        let f = k as f64 / steps as f64;
                        (x1 + (x2 - x1) * f, y1 + (y2 - y1) * f)
                    })
                    .collect();
                ctx.draw(&Points::new(&pts, color));
            }
        };
        let labels: Vec<(f64, f64, String, bool)> = present
            .iter()
            .enumerate()
            .map(|(i, &m)| {
                let (x, y) = pos(i);
                let name = first_name(s, m);
                let label = if m == sel {
                    format!("[{name}]")
                } else {
                    name.to_string()
                };
                let w = label.chars().count() as f64 * cell_w;
                // Centre on the point, pushed outward so lines end at the name.
                let lx = (x * 1.08 - w / 2.0).clamp(-1.3, 1.3 - w);
                (lx, y * 1.06, label, m == sel)
            })
            .collect();
        Canvas::default()
            .block(block)
            .marker(t.g.canvas)
            .x_bounds([-1.3, 1.3])
            .y_bounds([-1.15, 1.15])
            .paint(|ctx| {
                for &(a, b, w) in &edges {
                    if Some(a) != sel_i && Some(b) != sel_i {
                        draw_edge(ctx, a, b, w, false);
                    }
                }
                ctx.layer();
                for &(a, b, w) in &edges {
                    if Some(a) == sel_i || Some(b) == sel_i {
                        draw_edge(ctx, a, b, w, true);
                    }
                }
                ctx.layer();
                for (x, y, label, is_sel) in &labels {
                    let style = if *is_sel { t.selected } else { t.emph };
                    ctx.print(*x, *y, Span::styled(label.clone(), style));
                }
            })
            .render(area, buf);
    }

    fn side(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let state = s.game().state();
        let [fig, mine] =
            Layout::vertical([Constraint::Length(10), Constraint::Min(3)]).areas(area);
        let block = panel(t, "Cohesion", false);
        let inner = block.inner(fig);
        block.render(fig, buf);
        let present: Vec<MemberId> = state.present().collect();
        let c = crate::engine::metrics::cohesion(&state.bonds, &present);
        let alone: Vec<&str> = present
            .iter()
            .filter(|&&m| state.bonds.neighbours(m).all(|(_, w)| w < TIE))
            .map(|&m| first_name(s, m))
            .collect();
        let dens = s.series(|r| r.metrics.bond_density);
        let lw = 11;
        let lines = vec![
            kv(
                t,
                "density",
                lw,
                vec![
                    Span::raw(format!("{:.2} ", c.density)),
                    Span::styled(spark(t, &dens, 12, Scale::Auto(0.2)), t.chart),
                ],
            ),
            kv(
                t,
                "clustering",
                lw,
                vec![Span::raw(format!("{:.2}", c.clustering))],
            ),
            kv(t, "bridging", lw, vec![Span::raw(bridging(s))]),
            kv(
                t,
                "alone",
                lw,
                vec![Span::raw(if alone.is_empty() {
                    "nobody".to_string()
                } else {
                    alone.join(", ")
                })],
            ),
            Line::from(""),
        ];
        let mut lines = lines;
        lines.extend(
            match self.tab.view {
                BondView::Graph => [
                    format!("thick line: bond ≥ {STRONG:.2}"),
                    format!("thin line: {MEDIUM:.2}–{STRONG:.2}"),
                    format!("dotted: {TIE:.2}–{MEDIUM:.2}"),
                ],
                BondView::Words => [
                    "density: pairs bonded / all".to_string(),
                    "clustering: friends bonded".to_string(),
                    "bridging: across marks (E-I)".to_string(),
                ],
            }
            .map(|l| Line::styled(l, t.dim)),
        );
        Paragraph::new(lines).render(inner, buf);
        let sel = self.tab.selected;
        let block = panel(t, format!("{}'s bonds", world.member_name(sel)), false);
        let inner = block.inner(mine);
        block.render(mine, buf);
        let mut v: Vec<(MemberId, f64)> = state.bonds.neighbours(sel).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let bw = (inner.width as usize).saturating_sub(10 + 6).max(3);
        let mut lines: Vec<Line> = v
            .iter()
            .take(inner.height.saturating_sub(1) as usize)
            .map(|&(o, w)| {
                let mut spans = vec![Span::raw(format!("{:<10}", first_name(s, o)))];
                spans.extend(bar(t, w, bw, t.chart));
                spans.push(Span::raw(format!(" {w:.2}")));
                Line::from(spans)
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::styled("No bonds at all.", t.bad));
        }
        lines.push(Line::styled("↑↓: whose bonds light up", t.dim));
        Paragraph::new(lines).render(inner, buf);
    }
}
