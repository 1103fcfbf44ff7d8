//! Market: per good, its price over time, what the market did last turn (its record, drawn
//! by the same per-record functions as the Meeting screen, and the days of paid work that
//! made it), unfilled demand and who holds it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Widget, Wrap};

use crate::engine::{GoodId, MemberId, Regime};
use crate::tui::keys::{Binding, DOWN, LEFT, PGDN, PGUP, RIGHT, UP, send};
use crate::tui::msg::Msg;
use crate::tui::screens::game::record::record_lines;
use crate::tui::screens::{Reply, nudge, step};
use crate::tui::session::Session;
use crate::tui::settings::regime_words;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Scroll, Scrolled, bar, pad, panel, scroll, scroll_step};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,   "↑ k", Msg::Up,   Some("good"), "previous good"),
    send(DOWN, "↓ j", Msg::Down, None,         "next good"),
    send(&[PGUP], "PgUp", Msg::PageUp, None, "scroll the panel with the bright border up"),
    send(&[PGDN], "PgDn", Msg::PageDown, None, "scroll the panel with the bright border down"),
    send(LEFT,  "← h", Msg::Left,  None, "PgUp/PgDn scroll the other panel: how the good was shared ⇄ who holds it"),
    send(RIGHT, "→ l", Msg::Right, None, "the same"),
];

/// The selected good; which panel PgUp/PgDn scroll, and how far each is scrolled.
#[derive(Debug, Clone, Default)]
pub struct Market {
    pub selected: GoodId,
    /// PgUp/PgDn scroll who holds the good (else how it was shared).
    pub on_holders: bool,
    pub record_scroll: Scroll,
    pub holders_scroll: Scroll,
}

impl Market {
    pub fn update(&mut self, msg: Msg, s: &Session) -> Reply {
        if let Some(d) = scroll_step(msg) {
            if self.on_holders {
                self.holders_scroll.by(d);
            } else {
                self.record_scroll.by(d);
            }
        } else if matches!(msg, Msg::Left | Msg::Right) {
            self.on_holders = !self.on_holders;
        } else if !matches!(msg, Msg::Select(_)) {
            let was = self.selected;
            self.selected = nudge(self.selected, s.world().goods.len(), step(msg));
            if was != self.selected {
                self.record_scroll.reset();
                self.holders_scroll.reset();
            }
        }
        Reply::default()
    }
}

/// The Market screen as drawn.
pub struct View<'a> {
    pub tab: &'a Market,
    pub s: &'a Session,
    /// The member the player looks at (Members, Bonds): always listed among the holders.
    pub watched: MemberId,
    pub theme: &'a Theme,
}

impl Widget for &View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let left_w = if area.width >= 120 { 40 } else { 34 };
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(area);
        let [list, holders] =
            Layout::vertical([Constraint::Length(self.list_height()), Constraint::Min(3)])
                .areas(left);
        self.list(list, buf);
        self.holders(holders, buf);
        // A chart needs two prices; until then a short note leaves room for the record.
        let chart_h = if self.prices().len() < 2 {
            4
        } else if area.height >= 40 {
            16
        } else {
            8
        };
        let [chart, record] =
            Layout::vertical([Constraint::Length(chart_h), Constraint::Min(3)]).areas(right);
        self.chart(chart, buf);
        self.record(record, buf);
    }
}

impl View<'_> {
    fn good(&self) -> GoodId {
        self.tab
            .selected
            .min(self.s.world().goods.len().saturating_sub(1))
    }

    /// The selected good's price after each turn it had one, as (turn, price).
    fn prices(&self) -> Vec<(f64, f64)> {
        let g = self.good();
        self.s
            .snapshots()
            .iter()
            .enumerate()
            .filter_map(|(turn, x)| x.goods[g].price.map(|p| (turn as f64, p as f64)))
            .collect()
    }

    fn list_height(&self) -> u16 {
        (self.s.world().goods.len() as u16 + 3).min(12)
    }

    fn list(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let state = s.game().state();
        let block = panel(t, "Goods", true);
        let inner = block.inner(area);
        block.render(area, buf);
        let top = scroll(self.good(), inner.height.saturating_sub(1) as usize);
        let rw = (inner.width as usize).saturating_sub(19).max(4);
        let mut lines = vec![Line::styled(
            format!("  {} {} {:>5}", pad("good", 10), pad("regime", rw), "price"),
            t.dim,
        )];
        for g in (0..world.goods.len()).skip(top) {
            let gs = &state.goods[g];
            let sel = g == self.good();
            let price = gs
                .last_price
                .map_or_else(|| t.g.dash.to_string(), |p| p.to_string());
            let lead = if sel { t.g.pointer } else { " " };
            let regime = regime_words(gs.regime, gs.fallback).replace(" → ", "→");
            let line = Line::from(vec![
                Span::raw(format!("{lead} {} ", pad(world.good_name(g), 10))),
                Span::styled(pad(&regime, rw), t.regime(gs.regime)),
                Span::raw(format!(" {price:>5}")),
            ]);
            lines.push(if sel { line.style(t.selected) } else { line });
        }
        Paragraph::new(lines).render(inner, buf);
    }

    fn chart(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let g = self.good();
        let name = s.world().good_name(g);
        let points = self.prices();
        let block = panel(t, format!("Price of {name}, scrip per unit"), false);
        if points.len() < 2 {
            let inner = block.inner(area);
            block.render(area, buf);
            let text = match points.first() {
                Some((turn, p)) => format!(
                    "{name} has traded in one {} so far ({}: {p} scrip a unit); the \
                     chart starts when it trades again.",
                    s.world().scenario.meta.turn_unit,
                    s.turn_name(*turn as u32)
                ),
                None => format!("No price yet: {name} has never traded."),
            };
            Paragraph::new(text)
                .style(t.dim)
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        }
        let max_p = points.iter().map(|p| p.1).fold(1.0, f64::max);
        let max_t = points.iter().map(|p| p.0).fold(1.0, f64::max);
        let data = Dataset::default()
            .marker(t.g.canvas)
            .graph_type(GraphType::Line)
            .style(t.chart)
            .data(&points);
        Chart::new(vec![data])
            .block(block)
            .x_axis(
                Axis::default()
                    .bounds([0.0, max_t])
                    .labels([Span::raw("0"), Span::raw(format!("{max_t:.0}"))])
                    .style(t.dim),
            )
            .y_axis(
                Axis::default()
                    .bounds([0.0, max_p * 1.1])
                    .labels([Span::raw("0"), Span::raw(format!("{max_p:.0}"))])
                    .style(t.dim),
            )
            .render(area, buf);
    }

    /// How the good was shared last turn: each layer's record, whatever its regime, so
    /// gifts and meetings show here too; the Meeting screen has the meetings in full.
    fn record(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let g = self.good();
        let block = panel(
            t,
            format!("How {} was shared last turn", world.good_name(g)),
            !self.tab.on_holders,
        );
        let inner = block.inner(area);
        let Some(r) = s.last() else {
            block.render(area, buf);
            Paragraph::new("The market opens with the first turn.")
                .style(t.dim)
                .render(inner, buf);
            return;
        };
        let mut lines = Vec::new();
        let gr = r.goods.iter().find(|x| x.good == g);
        if let Some(gr) = gr {
            for layer in &gr.layers {
                let how = if layer.fallback { " (fallback)" } else { "" };
                lines.push(Line::styled(
                    format!("{}{how}", layer.regime),
                    t.title.patch(t.regime(layer.regime)),
                ));
                lines.extend(record_lines(t, world, r, gr, layer, inner.width as usize));
                lines.push(Line::from(""));
            }
        }
        // Days of paid work that went into making it, from the turn's labour market.
        let hired: Vec<_> = r.labour.hires.iter().filter(|h| h.good == g).collect();
        if !hired.is_empty() {
            lines.push(Line::styled("Paid work", t.title));
            lines.extend(hired.iter().map(|h| Line::from(h.describe(world))));
            lines.push(Line::from(""));
        }
        if gr.is_none_or(|gr| gr.layers.is_empty()) {
            lines.push(Line::styled(
                format!("Nobody needed {} last turn.", world.good_name(g)),
                t.dim,
            ));
        }
        if gr.is_some_and(|gr| gr.layers.iter().all(|l| l.regime != Regime::Exchange)) {
            lines.push(Line::styled(
                "Not traded: put it under Exchange on the Policy screen (7) to let holders sell it.",
                t.dim,
            ));
        }
        Scrolled {
            focused: !self.tab.on_holders,
            other: "· → then PgDn",
            ..Scrolled::new(lines)
        }
        .render(t, block, &self.tab.record_scroll, area, buf);
    }

    /// Who holds the good now: the possible sellers.
    fn holders(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let state = s.game().state();
        let g = self.good();
        let block = panel(
            t,
            format!("Who holds {}", world.good_name(g)),
            self.tab.on_holders,
        );
        let inner = block.inner(area);
        let mut v: Vec<(usize, u32)> = state
            .present()
            .map(|m| (m, state.members[m].holdings[g]))
            .filter(|(_, h)| *h > 0)
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let pool = state.goods[g].pool;
        let mut lines = Vec::new();
        if pool > 0 {
            lines.push(Line::from(format!("the common pool: {pool}")));
        }
        if v.is_empty() && pool == 0 {
            lines.push(Line::styled("Nobody holds any.", t.dim));
        }
        let max = v.first().map_or(1, |x| x.1).max(1);
        let bw = (inner.width as usize).saturating_sub(11 + 5).max(3);
        let row = |m: MemberId, h: u32| {
            let lead = if m == self.watched { t.g.pointer } else { "" };
            let name = format!("{lead}{}", world.short_name(m));
            let mut spans = vec![Span::raw(pad(&name, 10))];
            spans.extend(bar(t, h as f64 / max as f64, bw, t.chart));
            spans.push(Span::raw(format!(" {h:>3}")));
            let line = Line::from(spans);
            if m == self.watched {
                line.style(t.selected)
            } else {
                line
            }
        };
        // The watched member is pinned on top when the first rows do not show them.
        let mut head = Vec::new();
        if let Some(rank) = v.iter().position(|(m, _)| *m == self.watched)
            && rank + lines.len() >= inner.height as usize
        {
            head.push(row(v[rank].0, v[rank].1));
        }
        lines.extend(v.iter().map(|&(m, h)| row(m, h)));
        Scrolled {
            head,
            lines,
            foot: Vec::new(),
            focused: self.tab.on_holders,
            other: "· ← then PgDn",
        }
        .render(t, block, &self.tab.holders_scroll, area, buf);
    }
}
