//! Overview: the community's figures with sparklines, the scenario's goals and how each
//! stands, every good's regime and stock (when wide), who is worst off, and what needs the
//! player's attention.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Cell, Chart, Dataset, GraphType, Paragraph, Row, Table, Widget, Wrap,
};

use crate::engine::World;
use crate::engine::metrics::Metrics;
use crate::engine::report::TurnReport;
use crate::engine::types::Mark;
use crate::tui::attention::{self, Item, Level};
use crate::tui::keys::{Binding, DOWN, ENTER, PGDN, PGUP, UP, send};
use crate::tui::msg::Msg;
use crate::tui::screens::game::goals;
use crate::tui::screens::{nudge, step};
use crate::tui::session::Session;
use crate::tui::settings::regime_words;
use crate::tui::theme::{Theme, Variant};
use crate::tui::widgets::{
    Scale, Scroll, bar, fit, hinted, kv, pad, panel, scroll, scroll_hint, scroll_step, spark,
    trend, wrap,
};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,       "↑ k",   Msg::Up,   Some("select"), "previous thing that needs attention"),
    send(DOWN,     "↓ j",   Msg::Down, None,           "next thing that needs attention"),
    send(&[ENTER], "Enter", Msg::Open, Some("go"),     "go to the screen that explains it"),
    send(&[PGUP],  "PgUp",  Msg::PageUp,   None,       "scroll the goals up"),
    send(&[PGDN],  "PgDn",  Msg::PageDown, None,       "scroll the goals down"),
];

/// The selected item of what needs attention, and how far the goals are scrolled.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub selected: usize,
    pub goals: Scroll,
}

impl Overview {
    /// A key; Enter gives the selected item, for the game to show where it is explained.
    pub fn update(&mut self, msg: Msg, s: &Session, replay: bool) -> Option<Item> {
        if let Some(d) = scroll_step(msg) {
            self.goals.by(d);
            return None;
        }
        if let Msg::Select(_) = msg {
            return None;
        }
        let items = attention::items(s, replay);
        self.selected = nudge(self.selected, items.len(), step(msg));
        (msg == Msg::Open)
            .then(|| items.into_iter().nth(self.selected))
            .flatten()
    }
}

/// The Overview as drawn.
pub struct View<'a> {
    pub tab: &'a Overview,
    pub s: &'a Session,
    /// The member the player looks at (Members, Bonds): always in the list of who fared.
    pub watched: crate::engine::MemberId,
    /// A replay's items say what was, not what to do now.
    pub replay: bool,
    pub theme: &'a Theme,
}

impl Widget for &View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let wide = area.width >= 120;
        // At 80 columns the goals share the top row, so it gives them a row or two more.
        let top_h = match (area.height >= 40, wide) {
            (true, _) => 14,
            (false, true) => 11,
            (false, false) => 13,
        };
        let [top, bottom] =
            Layout::vertical([Constraint::Length(top_h), Constraint::Min(3)]).areas(area);
        let left_w = if wide { 64 } else { 38 };
        let [community, goods] =
            Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(top);
        self.community(community, buf);
        if wide {
            self.goods(goods, buf);
            let [left, right] =
                Layout::horizontal([Constraint::Min(40), Constraint::Length(56)]).areas(bottom);
            // The goals above the members, as tall as they need up to two thirds of the column.
            let goals_h = goals::height(self.s.goals().len()).min(right.height * 2 / 3);
            let [goal_area, people] =
                Layout::vertical([Constraint::Length(goals_h), Constraint::Min(3)]).areas(right);
            goals::render(self.s, self.theme, &self.tab.goals, goal_area, buf);
            if left.height >= 24 {
                let [att, chart] =
                    Layout::vertical([Constraint::Min(8), Constraint::Length(16)]).areas(left);
                self.attention(att, buf);
                self.chart(chart, buf);
            } else {
                self.attention(left, buf);
            }
            self.people(people, buf);
        } else {
            // What the player plays for comes first; the goods are on the Market screen.
            goals::render(self.s, self.theme, &self.tab.goals, goods, buf);
            self.attention(bottom, buf);
        }
    }
}

impl View<'_> {
    fn community(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let block = panel(t, "Community", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(r) = s.last() else {
            Paragraph::new(vec![
                Line::from(format!(
                    "{} members, {} goods.",
                    s.game().state().present().count(),
                    s.world().goods.len()
                )),
                Line::from(""),
                Line::styled("No turn played yet: the figures", t.dim),
                Line::styled("appear when the first turn ends.", t.dim),
                Line::from(""),
                if self.replay {
                    Line::from(vec![
                        Span::styled("Space", t.key),
                        Span::raw(" plays the replay; "),
                        Span::styled("?", t.key),
                        Span::raw(" explains every key."),
                    ])
                } else {
                    Line::from(vec![
                        Span::styled("n", t.key),
                        Span::raw(" ends the turn; "),
                        Span::styled("?", t.key),
                        Span::raw(" explains every key."),
                    ])
                },
            ])
            .wrap(Wrap { trim: true })
            .render(inner, buf);
            return;
        };
        let m = &r.metrics;
        let sw = (inner.width as usize)
            .saturating_sub(14 + 6 + 5)
            .clamp(4, 40);
        let label_w = 14;
        let share = |f: fn(&TurnReport) -> f64, good_high: bool| {
            let v = s.series(f);
            let now = *v.last().unwrap_or(&0.0);
            let style = if good_high {
                t.share(now)
            } else {
                t.share(1.0 - now)
            };
            vec![
                Span::styled(format!("{:>4.0}% ", now * 100.0), style),
                Span::styled(
                    format!("{:<sw$}", spark(t, &v, sw, Scale::Fixed(0.0, 1.0))),
                    t.chart,
                ),
                Span::raw(" "),
                trend(t, &v, 100.0),
            ]
        };
        let num = |f: fn(&TurnReport) -> f64| {
            let v = s.series(f);
            let now = *v.last().unwrap_or(&0.0);
            vec![
                Span::raw(format!("{now:>5.2} ")),
                Span::styled(spark(t, &v, sw, Scale::Auto(0.2)), t.chart),
            ]
        };
        let worst = m.worst_off.map_or_else(
            || vec![Span::raw("nobody")],
            |w| {
                vec![
                    Span::styled(
                        fit(s.world().member_name(w), inner.width as usize - label_w - 6),
                        t.emph,
                    ),
                    Span::raw(format!(" {:.2}", m.worst_wellbeing)),
                ]
            },
        );
        let mut lines = vec![
            kv(
                t,
                "Needs met",
                label_w,
                share(|r| r.metrics.needs_met, true),
            ),
            kv(
                t,
                "Survival met",
                label_w,
                share(|r| r.metrics.survival_met, true),
            ),
            kv(t, "Worst off", label_w, worst),
            kv(t, "Poverty (M0)", label_w, num(|r| r.metrics.m0)),
            kv(t, "Gini wealth", label_w, num(|r| r.metrics.gini_wealth)),
            kv(
                t,
                "Gini wellbeing",
                label_w,
                num(|r| r.metrics.gini_wellbeing),
            ),
            kv(
                t,
                "Bond density",
                label_w,
                vec![
                    Span::raw(format!("{:>5.2} ", m.bond_density)),
                    Span::styled(
                        spark(
                            t,
                            &s.series(|r| r.metrics.bond_density),
                            sw.min(if inner.width >= 50 { 12 } else { 6 }),
                            Scale::Auto(0.2),
                        ),
                        t.chart,
                    ),
                    Span::raw(format!(" {} alone", m.isolated)),
                ],
            ),
            kv(t, "Market", label_w, market(t, m)),
            kv(t, "Aid covered", label_w, aid(t, m)),
            kv(
                t,
                "Voice parity",
                label_w,
                voice(
                    t,
                    s.world(),
                    m,
                    (inner.width as usize).saturating_sub(label_w + 8),
                ),
            ),
        ];
        // Poverty (M0) gives way first when the panel is short.
        if inner.height as usize <= lines.len() {
            lines.remove(3);
        }
        if inner.height as usize > lines.len() + 1 {
            lines.push(Line::from(""));
            lines.push(Line::styled(
                "Sparklines: one mark per turn, oldest left.",
                t.dim,
            ));
        }
        Paragraph::new(lines).render(inner, buf);
    }

    fn goods(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let world = s.world();
        let state = s.game().state();
        let block = panel(t, "Goods", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let wide = inner.width >= 60;
        let last = s.last();
        let rows = world.allocation_order.iter().map(|&g| {
            let gs = &state.goods[g];
            let changed = s.regime_was(g).is_some();
            let regime = format!(
                "{}{}",
                regime_words(gs.regime, gs.fallback),
                if changed { "*" } else { "" }
            );
            let unmet = last
                .and_then(|r| r.goods.iter().find(|x| x.good == g))
                .map(|x| x.unmet);
            let short = match unmet {
                None => Span::styled(t.g.dash.to_string(), t.dim),
                Some(0) => Span::styled(format!("{} 0", t.g.ok), t.ok),
                Some(n) => Span::styled(format!("{} {n}", t.g.bad), t.bad),
            };
            let mut cells = vec![
                Cell::from(world.good_name(g).to_string()),
                Cell::from(Span::styled(
                    regime,
                    if changed {
                        t.changed
                    } else {
                        t.regime(gs.regime)
                    },
                )),
                Cell::from(format!("{:>5}", state.stock(g))),
            ];
            if wide {
                let stocks: Vec<f64> = s
                    .snapshots()
                    .iter()
                    .map(|x| x.goods[g].stock as f64)
                    .collect();
                cells.push(Cell::from(format!("{:>4}", gs.pool)));
                cells.push(Cell::from(
                    gs.last_price
                        .map_or_else(|| format!("{:>5}", t.g.dash), |p| format!("{p:>5}")),
                ));
                cells.push(Cell::from(Span::styled(
                    spark(t, &stocks, 10, Scale::Auto(1.0)),
                    t.chart,
                )));
            }
            cells.push(Cell::from(short));
            Row::new(cells)
        });
        let mut header = vec!["good", "regime", "stock"];
        // As wide as the longest good's name (a modded "nursing care" is not cut to
        // "nursing ca"); the regime takes what is left, up to the longest layered regime.
        let name_w = world
            .allocation_order
            .iter()
            .map(|&g| world.good_name(g).chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, 16) as u16;
        let mut widths = vec![
            Constraint::Length(name_w),
            Constraint::Max(19),
            Constraint::Length(5),
        ];
        if wide {
            header.extend(["pool", "price", "stock over time"]);
            widths.extend([
                Constraint::Length(4),
                Constraint::Length(5),
                Constraint::Length(15),
            ]);
        }
        header.push("short");
        widths.push(Constraint::Length(5));
        let [table_area, note] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        Table::new(rows, widths)
            .header(Row::new(header).style(t.dim))
            .column_spacing(1)
            .render(table_area, buf);
        let any_changed = (0..world.goods.len()).any(|g| s.regime_was(g).is_some());
        let text = if any_changed {
            "* changed; applies when the turn ends"
        } else {
            "short: units of need unmet last turn"
        };
        Line::styled(fit(text, note.width as usize), t.dim).render(note, buf);
    }

    fn attention(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let title = if self.replay {
            "What needed attention"
        } else {
            "Needs your attention"
        };
        let block = panel(t, title, true);
        let inner = block.inner(area);
        let items = attention::items(self.s, self.replay);
        let width = (inner.width as usize).saturating_sub(4).max(10);
        // Each item wrapped; remember where the selected one starts and ends.
        let mut lines: Vec<Line> = Vec::new();
        let (mut sel_start, mut sel_end) = (0, 0);
        for (i, item) in items.iter().enumerate() {
            let selected = i == self.tab.selected;
            let (glyph, style) = match item.level {
                Level::Bad => (t.g.bad, t.bad),
                Level::Warn => (t.g.warn, t.warn),
                Level::Info => (t.g.dot, t.dim),
            };
            if selected {
                sel_start = lines.len();
            }
            let text = format!(
                "{} {} {} ({})",
                item.text,
                t.g.arrow,
                item.tab.title(),
                item.tab.index() + 1
            );
            for (k, w) in wrap(&text, width).into_iter().enumerate() {
                let lead = match (k, selected) {
                    (0, true) => format!("{} ", t.g.pointer),
                    _ => "  ".to_string(),
                };
                let mark = if k == 0 {
                    Span::styled(pad(glyph, 2), style)
                } else {
                    Span::raw("  ")
                };
                let body = Span::styled(w.to_string(), if selected { t.selected } else { t.base });
                lines.push(Line::from(vec![Span::raw(lead), mark, body]));
            }
            if selected {
                sel_end = lines.len() - 1;
            }
        }
        // The selected item's end in view, or its start when it is taller than the panel.
        let top = scroll(sel_end, inner.height as usize).min(sel_start);
        // The list moves with the selection; its border says so when it does not all fit.
        let max = (lines.len() as u16).saturating_sub(inner.height);
        hinted(t, block, scroll_hint(top as u16, max, "↑", "↓")).render(area, buf);
        Paragraph::new(lines)
            .scroll((top as u16, 0))
            .render(inner, buf);
    }

    /// Needs met, survival needs met and the worst-off member's wellbeing over the game,
    /// told apart by their marks (line, dots, crosses) as well as their colours.
    fn chart(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let series = |f: fn(&TurnReport) -> f64| -> Vec<(f64, f64)> {
            s.reports()
                .iter()
                .map(|r| (r.turn as f64, f(r) * 100.0))
                .collect()
        };
        let needs = series(|r| r.metrics.needs_met);
        let survival = series(|r| r.metrics.survival_met);
        let worst = series(|r| r.metrics.worst_wellbeing);
        let plain = t.variant == Variant::Plain;
        let (m1, m2, m3) = if plain {
            (
                Marker::Custom('#'),
                Marker::Custom('.'),
                Marker::Custom('+'),
            )
        } else {
            (t.g.canvas, Marker::Dot, Marker::Custom('+'))
        };
        let title = format!(
            "Over the game, %: needs met (line) {} survival (dots) {} worst off's wellbeing (+)",
            t.g.dot, t.g.dot
        );
        let block = panel(t, title, false);
        if needs.is_empty() {
            let inner = block.inner(area);
            block.render(area, buf);
            Line::styled("The chart starts with the first turn.", t.dim).render(inner, buf);
            return;
        }
        let last = needs.last().map_or(1.0, |p| p.0).max(2.0);
        let datasets = vec![
            Dataset::default()
                .marker(m1)
                .graph_type(GraphType::Line)
                .style(t.chart)
                .data(&needs),
            Dataset::default()
                .marker(m2)
                .graph_type(GraphType::Scatter)
                .style(t.ok)
                .data(&survival),
            Dataset::default()
                .marker(m3)
                .graph_type(GraphType::Scatter)
                .style(t.bad)
                .data(&worst),
        ];
        Chart::new(datasets)
            .block(block)
            .x_axis(
                Axis::default()
                    .bounds([1.0, last])
                    .labels([Span::raw("1"), Span::raw(format!("{last:.0}"))])
                    .style(t.dim),
            )
            .y_axis(
                Axis::default()
                    .bounds([0.0, 100.0])
                    .labels([Span::raw("0"), Span::raw("50"), Span::raw("100")])
                    .style(t.dim),
            )
            .render(area, buf);
    }

    /// Needs met per member, worst first, as bars; the watched member (Members) ends the
    /// list, marked, when the rows do not reach them.
    fn people(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = self.s;
        let block = panel(t, "Needs met last turn, worst first", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(r) = s.last() else {
            Line::styled("Nobody has been fed or left short yet.", t.dim).render(inner, buf);
            return;
        };
        let mut v: Vec<(usize, f64)> = r.members.iter().map(|x| (x.member, x.met)).collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let bw = (inner.width as usize).saturating_sub(17 + 8).max(4);
        let h = inner.height as usize;
        let mut rows: Vec<(usize, f64)> = v.iter().copied().take(h).collect();
        if let Some(&w) = v.iter().skip(h).find(|(m, _)| *m == self.watched)
            && let Some(last) = rows.last_mut()
        {
            *last = w;
        }
        let lines: Vec<Line> = rows
            .into_iter()
            .map(|(m, met)| {
                let lead = if m == self.watched { t.g.pointer } else { " " };
                let name = format!("{lead}{}", s.world().member_name(m));
                let mut spans = vec![Span::raw(pad(&name, 17))];
                spans.extend(bar(t, met, bw, t.share(met)));
                spans.push(Span::styled(
                    format!(" {:>3.0}% {}", met * 100.0, t.share_glyph(met)),
                    t.share(met),
                ));
                Line::from(spans)
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}

/// Markets: the share of the possible gains from trade realised, and how much traded.
fn market<'a>(t: &Theme, m: &Metrics) -> Vec<Span<'a>> {
    if m.trades == 0 {
        return vec![Span::styled("nothing traded", t.dim)];
    }
    let style = t.share(m.market_efficiency);
    vec![
        Span::styled(
            format!(
                "{:>4.0}% {} ",
                m.market_efficiency * 100.0,
                t.share_glyph(m.market_efficiency)
            ),
            style,
        ),
        Span::styled(format!("{} traded", m.trades), t.dim),
    ]
}

/// Mutual aid: the share of the shortfall that reached it which gifts and the store covered.
fn aid<'a>(t: &Theme, m: &Metrics) -> Vec<Span<'a>> {
    if m.aid_short == 0 {
        return vec![Span::styled("nobody turned to aid", t.dim)];
    }
    let style = t.share(m.aid_coverage);
    vec![
        Span::styled(format!("{:>4.0}% ", m.aid_coverage * 100.0), style),
        Span::styled(
            format!("of {} short {}", m.aid_short, t.share_glyph(m.aid_coverage)),
            style,
        ),
    ]
}

/// Voice parity: the floor share of the least-heard marked group over its share of the
/// room (1 = parity), and which group it is; nothing until a meeting is held.
fn voice<'a>(t: &Theme, world: &World, m: &Metrics, width: usize) -> Vec<Span<'a>> {
    let Some(worst) = m.voice.iter().min_by(|a, b| a.parity.total_cmp(&b.parity)) else {
        return vec![Span::styled("no meeting held", t.dim)];
    };
    let dim = &world.scenario.meta.dimensions[worst.dimension];
    let group = match worst.mark {
        Mark::High => &dim.high,
        Mark::Low => &dim.low,
    };
    let style = t.share(worst.parity);
    vec![
        Span::styled(
            format!("{:>5.2} {} ", worst.parity, t.share_glyph(worst.parity)),
            style,
        ),
        Span::styled(fit(group, width), t.dim),
    ]
}
