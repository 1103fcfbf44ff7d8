//! Drawing an institution's record (`LayerDetail`): one function per kind of record, shared
//! by the Meeting and Market screens. A new institution's record is one more match arm in
//! `record_lines`.

use ratatui::text::{Line, Span};

use crate::engine::MemberId;
use crate::engine::World;
use crate::engine::policy::AidMode;
use crate::engine::report::aid::{AidRecord, AskOutcome};
use crate::engine::report::market::MarketRecord;
use crate::engine::report::meeting::MeetingRecord;
use crate::engine::report::{GoodReport, Layer, LayerDetail, TurnReport};
use crate::engine::types::Regime;
use crate::tui::records;
use crate::tui::theme::Theme;
use crate::tui::widgets::{bar, pad};

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
        LayerDetail::Meeting(rec) => meeting_record(t, world, r, gr, layer, rec, width),
        LayerDetail::Aid(rec) => aid_record(t, world, r, gr, layer, rec, width),
        LayerDetail::Market(rec) => market_record(t, world, r, gr, layer, rec, width),
    }
}

/// A market: units bought against units sought and the market's efficiency as bars, the
/// price range; then trades summed by pair, refusals, unfilled demand and entrepreneurs,
/// each marked; then who got what.
fn market_record<'a>(
    t: &Theme,
    world: &World,
    r: &TurnReport,
    gr: &GoodReport,
    layer: &Layer,
    rec: &MarketRecord,
    width: usize,
) -> Vec<Line<'a>> {
    let first = |m: MemberId| {
        let n = world.member_name(m);
        n.split_whitespace().next().unwrap_or(n).to_string()
    };
    let sought: u32 = rec.buyers.iter().map(|(_, n)| n).sum();
    let offered: u32 = rec.sellers.iter().map(|(_, n)| n).sum();
    let traded = rec.trades.len() as u32;
    // With nothing sought, full bars of "0 of 0" and "100%" would say the market did well.
    let mut lines = if sought == 0 {
        vec![Line::styled(
            format!("nobody sought to buy; {offered} offered"),
            t.dim,
        )]
    } else {
        let bw = width.saturating_sub(32).clamp(4, 30);
        let mut bought = vec![Span::styled(pad("bought", 7), t.dim)];
        bought.extend(bar(t, traded as f64 / sought as f64, bw, t.chart));
        bought.push(Span::raw(format!(
            " {traded} of {sought} sought, {offered} offered"
        )));
        let efficiency = if rec.max_surplus > 0 {
            rec.surplus as f64 / rec.max_surplus as f64
        } else {
            1.0
        };
        let mut eff = vec![Span::styled(pad("gains", 7), t.dim)];
        eff.extend(bar(t, efficiency, bw, t.share(efficiency)));
        eff.push(Span::styled(
            format!(" {:.0}% realised (efficiency)", efficiency * 100.0),
            t.share(efficiency),
        ));
        vec![Line::from(bought), Line::from(eff)]
    };
    if let (Some(lo), Some(hi)) = (
        rec.trades.iter().map(|x| x.price).min(),
        rec.trades.iter().map(|x| x.price).max(),
    ) {
        let mean = rec.trades.iter().map(|x| x.price as f64).sum::<f64>() / traded as f64;
        lines.push(Line::styled(
            format!(
                "prices {lo}–{hi}, mean {mean:.1}; {}/{} shouts",
                rec.shouts_used, rec.shouts
            ),
            t.dim,
        ));
    }
    let mark = |glyph: &str, style, text: String| {
        Line::from(vec![
            Span::styled(format!("{glyph} "), style),
            Span::raw(text),
        ])
    };
    // Trades summed by (seller, buyer), in the order they first traded.
    let mut pairs: Vec<(MemberId, MemberId, u32, u32, u32)> = Vec::new();
    for tr in &rec.trades {
        match pairs
            .iter_mut()
            .find(|p| p.0 == tr.seller && p.1 == tr.buyer)
        {
            Some(p) => {
                p.2 += 1;
                p.3 = p.3.min(tr.price);
                p.4 = p.4.max(tr.price);
            }
            None => pairs.push((tr.seller, tr.buyer, 1, tr.price, tr.price)),
        }
    }
    for (seller, buyer, n, lo, hi) in pairs {
        let price = if lo == hi {
            format!("{lo}")
        } else {
            format!("{lo}–{hi}")
        };
        lines.push(mark(
            t.g.ok,
            t.ok,
            format!("{} sold {} {n} at {price}", first(seller), first(buyer)),
        ));
    }
    for x in &rec.refusals {
        lines.push(mark(t.g.bad, t.bad, x.describe(world)));
    }
    for u in &rec.unfilled {
        lines.push(mark(
            t.g.bad,
            t.bad,
            format!(
                "{} went without {}: {}; {}",
                first(u.member),
                u.units,
                u.why.describe(world, gr.good),
                u.cause.describe(Regime::Exchange)
            ),
        ));
    }
    for v in &rec.ventures {
        let (glyph, style) = if v.entered {
            (t.g.rise, t.ok)
        } else {
            (t.g.fall, t.warn)
        };
        lines.push(mark(glyph, style, v.describe(world)));
    }
    lines.push(Line::from(""));
    lines.extend(who_got_what(t, world, r, gr, layer, width));
    lines
}

/// A meeting, in brief: the pool and the hours, then each item approved or refused (the
/// Meeting screen draws one item in full), then who got what.
fn meeting_record<'a>(
    t: &Theme,
    world: &World,
    r: &TurnReport,
    gr: &GoodReport,
    layer: &Layer,
    rec: &MeetingRecord,
    width: usize,
) -> Vec<Line<'a>> {
    let mut words = rec.describe(world).into_iter();
    let mut lines = vec![Line::from(words.next().unwrap_or_default())];
    for (item, text) in rec.items.iter().zip(words) {
        let (glyph, style) = if item.approved {
            (t.g.ok, t.ok)
        } else {
            (t.g.bad, t.bad)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{glyph} "), style),
            Span::raw(text),
        ]));
    }
    lines.push(Line::from(""));
    lines.extend(who_got_what(t, world, r, gr, layer, width));
    lines
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
                ..
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Regime;
    use crate::lab::sim::SimSpec;

    fn text(lines: &[Line]) -> String {
        lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_market_nobody_sought_from_says_so_instead_of_full_bars() {
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        let layer = |rec: MarketRecord| Layer {
            regime: Regime::Exchange,
            fallback: false,
            served: Vec::new(),
            detail: LayerDetail::Market(Box::new(rec)),
        };
        let gr = GoodReport {
            good: 0,
            layers: Vec::new(),
            unmet: 0,
        };
        let r = TurnReport::default();
        let t = Theme::plain();
        let idle = layer(MarketRecord {
            sellers: vec![(1, 3)],
            ..MarketRecord::default()
        });
        let idle = text(&record_lines(&t, &world, &r, &gr, &idle, 60));
        assert!(
            idle.starts_with("nobody sought to buy; 3 offered"),
            "{idle}"
        );
        assert!(!idle.contains("efficiency"), "{idle}");
        let busy = layer(MarketRecord {
            buyers: vec![(0, 2)],
            sellers: vec![(1, 3)],
            ..MarketRecord::default()
        });
        let busy = text(&record_lines(&t, &world, &r, &gr, &busy, 60));
        assert!(busy.contains("0 of 2 sought, 3 offered"), "{busy}");
    }
}
