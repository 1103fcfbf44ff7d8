//! Meeting: last turn's agenda (every good held in common) and, for the selected item, the
//! institution's record and who got what. Each kind of record is drawn by its own function.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::engine::aid::{AidRecord, AskOutcome};
use crate::engine::policy::AidMode;
use crate::engine::report::{GoodReport, Layer, LayerDetail, TurnReport};
use crate::engine::{Regime, World};
use crate::tui::app::GameScreen;
use crate::tui::records;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{bar, pad, panel, scroll};

pub struct Meeting<'a> {
    pub g: &'a GameScreen,
    pub theme: &'a Theme,
}

impl Widget for &Meeting<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let left_w = if area.width >= 120 { 40 } else { 30 };
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(area);
        let [agenda, rules] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(7)]).areas(left);
        self.agenda(agenda, buf);
        self.rules(rules, buf);
        self.item(right, buf);
    }
}

impl Meeting<'_> {
    fn agenda(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = &self.g.session;
        let title = match s.last() {
            Some(r) => format!("Agenda, {}", s.turn_name(r.turn)),
            None => "Agenda".into(),
        };
        let block = panel(t, title, true);
        let inner = block.inner(area);
        block.render(area, buf);
        let items = self.g.agenda();
        let Some(r) = s.last() else {
            Paragraph::new("The first meeting comes with the first turn.")
                .style(t.dim)
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        };
        if items.is_empty() {
            Paragraph::new("No good is held in common, so nothing came before a meeting.")
                .style(t.dim)
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        }
        let top = scroll(self.g.meeting, inner.height as usize);
        let w = inner.width as usize;
        let lines: Vec<Line> = items
            .iter()
            .enumerate()
            .skip(top)
            .map(|(i, &(gi, li))| {
                let gr = &r.goods[gi];
                let l = &gr.layers[li];
                let sel = i == self.g.meeting;
                let name = s.world().good_name(gr.good);
                let fallback = if l.fallback { " (fallback)" } else { "" };
                let status = if gr.unmet == 0 {
                    Span::styled(format!("{} all met", t.g.ok), t.ok)
                } else {
                    Span::styled(format!("{} {} short", t.g.bad, gr.unmet), t.bad)
                };
                let lead = if sel { t.g.pointer } else { " " };
                let text = pad(&format!("{lead} {name}{fallback}"), w.saturating_sub(11));
                let line = Line::from(vec![Span::raw(text), status]);
                if sel { line.style(t.selected) } else { line }
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }

    fn rules(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let p = &self.g.session.game().state().policy;
        let block = panel(t, "How meetings run", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let on = |b: bool| if b { "on" } else { "off" };
        let f = &p.facilitation;
        let lines = vec![
            Line::from(vec![
                Span::styled("rule ", t.dim),
                Span::raw(p.decision_rule.name()),
            ]),
            Line::from(vec![
                Span::styled("stack ", t.dim),
                Span::raw(on(f.progressive_stack)),
                Span::styled("  rounds ", t.dim),
                Span::raw(on(f.timed_rounds)),
            ]),
            Line::from(vec![
                Span::styled("secret ballot ", t.dim),
                Span::raw(on(f.secret_ballot)),
            ]),
            Line::from(vec![
                Span::styled("ration refused food ", t.dim),
                Span::raw(on(p.leftover_rationing)),
            ]),
            Line::styled("change them on Policy (7)", t.dim),
        ];
        Paragraph::new(lines).render(inner, buf);
    }

    fn item(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let s = &self.g.session;
        let world = s.world();
        let items = self.g.agenda();
        let (Some(r), Some(&(gi, li))) = (s.last(), items.get(self.g.meeting)) else {
            let block = panel(t, "Meeting", false);
            let inner = block.inner(area);
            block.render(area, buf);
            let state = s.game().state();
            let commons: Vec<&str> = (0..world.goods.len())
                .filter(|&g| {
                    state.goods[g].regime == Regime::Commons
                        || state.goods[g].fallback == Some(Regime::Commons)
                })
                .map(|g| world.good_name(g))
                .collect();
            let text = if commons.is_empty() {
                "Nothing is held in common. Put a good under Commons on the Policy screen (7) and \
                 the meeting will decide who gets it."
                    .to_string()
            } else {
                format!(
                    "Held in common: {}. Everything made of them goes into a pool, and the \
                     meeting decides who gets it when the turn ends (n).",
                    commons.join(", ")
                )
            };
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        };
        let gr = &r.goods[gi];
        let layer = &gr.layers[li];
        let block = panel(t, world.good_name(gr.good).to_string(), false);
        let inner = block.inner(area);
        block.render(area, buf);
        let lines = record_lines(t, world, r, gr, layer, inner.width as usize);
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(inner, buf);
    }
}

/// Draw one institution's record. Each kind of record has its own function: a meeting's
/// floor shares, influence and support will be drawn by the arm for its record.
pub fn record_lines<'a>(
    t: &Theme,
    world: &World,
    r: &TurnReport,
    gr: &GoodReport,
    layer: &Layer,
    width: usize,
) -> Vec<Line<'a>> {
    match &layer.detail {
        LayerDetail::EqualRationing { .. } | LayerDetail::NoAllocation => {
            text_record(t, world, r, gr, layer, width)
        }
        LayerDetail::Aid(rec) => aid_record(t, world, r, gr, layer, rec, width),
    }
}

/// Mutual aid: how much of the shortfall gifts and the store covered, as a bar; the gifts,
/// the refusals and who went without, one line each; the requests that found nothing to
/// spare counted rather than listed (the Chronicle lists every one).
fn aid_record<'a>(
    t: &Theme,
    world: &World,
    r: &TurnReport,
    gr: &GoodReport,
    layer: &Layer,
    rec: &AidRecord,
    width: usize,
) -> Vec<Line<'a>> {
    let name = |m| world.member_name(m).to_string();
    let covered = rec.gifted + rec.from_store;
    let frac = rec.coverage();
    let mut head = vec![Span::styled("covered ", t.dim)];
    head.extend(bar(
        t,
        frac,
        width.saturating_sub(30).clamp(4, 30),
        t.share(frac),
    ));
    head.push(Span::styled(
        format!(" {covered} of {} short {}", rec.short, t.share_glyph(frac)),
        t.share(frac),
    ));
    let mode = match rec.mode {
        AidMode::NeedBased => "gifts, no debts kept",
        AidMode::AccountKeeping => "gifts kept as debts",
    };
    let priced = if rec.market_price {
        "market price"
    } else {
        "base cost"
    };
    let mut lines = vec![
        Line::from(head),
        Line::styled(
            format!(
                "{mode}; {} by gifts, {} from the store, worth {} ({} a unit at {priced})",
                rec.gifted, rec.from_store, rec.value, rec.price
            ),
            t.dim,
        ),
    ];
    let mark = |glyph: &str, style, text: String| {
        Line::from(vec![
            Span::styled(format!("{glyph} "), style),
            Span::raw(text),
        ])
    };
    for p in &rec.repaid {
        lines.push(mark(
            t.g.dot,
            t.dim,
            format!("{} repaid {} {}", name(p.debtor), name(p.creditor), p.units),
        ));
    }
    if let Some(store) = &rec.store {
        let handed: u32 = store.handed.iter().map(|h| h.units).sum();
        lines.push(mark(
            t.g.dot,
            t.dim,
            format!(
                "the community store held {} and handed out {handed}",
                store.stock
            ),
        ));
    }
    let mut nothing = 0;
    for a in &rec.asks {
        let via = a
            .via
            .map(|v| format!(" through {}", name(v)))
            .unwrap_or_default();
        match a.outcome {
            AskOutcome::Gave { units, debt, .. } => lines.push(mark(
                t.g.ok,
                t.ok,
                format!(
                    "{} gave {} {units}{via} (bond {:.2}){}",
                    name(a.partner),
                    name(a.asker),
                    a.weight,
                    if debt { ", as a debt" } else { "" }
                ),
            )),
            AskOutcome::Refused {
                readiness,
                bond,
                prejudice,
            } => lines.push(mark(
                t.g.bad,
                t.bad,
                format!(
                    "{} refused {}{via}: readiness {readiness:.2} (bond {bond:.2}, prejudice \
                     {prejudice:.2})",
                    name(a.partner),
                    name(a.asker)
                ),
            )),
            AskOutcome::NothingToSpare { .. } => nothing += 1,
        }
    }
    if nothing > 0 {
        lines.push(mark(
            t.g.dot,
            t.dim,
            format!("{nothing} request(s) found nothing to spare above the giver's own needs"),
        ));
    }
    for &(m, units) in &rec.went_without {
        lines.push(mark(
            t.g.bad,
            t.bad,
            format!("{} went without {units}", name(m)),
        ));
    }
    lines.push(Line::from(""));
    lines.extend(who_got_what(t, world, r, gr, layer, width));
    lines
}

/// A record that is words and who-got-what: the provisional institutions.
fn text_record<'a>(
    t: &Theme,
    world: &World,
    r: &TurnReport,
    gr: &GoodReport,
    layer: &Layer,
    width: usize,
) -> Vec<Line<'a>> {
    let rec = records::record(world, gr, layer);
    let mut lines: Vec<Line> = rec.body.into_iter().map(Line::from).collect();
    lines.push(Line::from(""));
    lines.extend(who_got_what(t, world, r, gr, layer, width));
    lines
}

/// Each member who needed the good: what this layer gave them against what they needed.
pub fn who_got_what<'a>(
    t: &Theme,
    world: &World,
    r: &TurnReport,
    gr: &GoodReport,
    layer: &Layer,
    width: usize,
) -> Vec<Line<'a>> {
    let mut lines = vec![
        Line::styled(
            format!("Who got what through the {}", records::venue(layer.regime)),
            t.title,
        ),
        Line::styled(
            "bar: share of need met in the end; +n: given here; short first",
            t.dim,
        ),
    ];
    let name_w = 16;
    let bw = width.saturating_sub(name_w + 14).clamp(4, 30);
    // Those left short first: they are why the screen is worth reading.
    let mut members: Vec<_> = r.members.iter().collect();
    members.sort_by_key(|mr| {
        let short = mr
            .needs
            .iter()
            .any(|o| o.good == gr.good && o.met < o.needed);
        (!short, mr.member)
    });
    for mr in members {
        let needs: Vec<_> = mr.needs.iter().filter(|o| o.good == gr.good).collect();
        let needed: u32 = needs.iter().map(|o| o.needed).sum();
        if needed == 0 {
            continue;
        }
        let got = layer
            .served
            .iter()
            .find(|(m, _)| *m == mr.member)
            .map_or(0, |(_, n)| *n);
        let met: u32 = needs.iter().map(|o| o.met).sum();
        let frac = met as f64 / needed as f64;
        let glyph = if met >= needed { t.g.ok } else { t.g.bad };
        let mut spans = vec![Span::raw(pad(world.member_name(mr.member), name_w))];
        spans.extend(bar(t, frac, bw, t.share(frac)));
        spans.push(Span::styled(
            format!(" {glyph} {met}/{needed} +{got}"),
            t.share(frac),
        ));
        lines.push(Line::from(spans));
    }
    lines
}
