//! Allocation: each good, in order of its most urgent need, goes through its regime's
//! institution and then, for what is left unmet, through its fallback.
//!
//! An institution sees the good's *claims* — every present member's shortfall of each need,
//! after what they already hold — fills what it can by moving goods into holdings, and
//! leaves the remainder (with its reasons) for the next layer.

use crate::engine::ctx::{Claim, TurnCtx};
use crate::engine::meeting::{self, Session};
use crate::engine::report::{Entry, GoodReport, Layer, LayerDetail, Layered};
use crate::engine::types::{GoodId, MemberId, Regime};
use crate::engine::{aid, market};

/// Every present member's shortfall of `good`, most urgent first, then by member.
pub fn claims(ctx: &TurnCtx, good: GoodId) -> Vec<Claim> {
    let needs = needs_by_good(ctx, good + 1);
    claims_of(ctx, good, &needs[good])
}

/// Per good, every present member's needs of it as (member, need): in member order, each
/// member's by priority (ties in their own order). Found once for all goods of a turn;
/// allocation moves goods but changes no one's needs or presence.
fn needs_by_good(ctx: &TurnCtx, goods: usize) -> Vec<Vec<(MemberId, usize)>> {
    let mut out = vec![Vec::new(); goods];
    let mut order: Vec<usize> = Vec::new();
    for (m, member) in ctx.state.members.iter().enumerate() {
        if !member.present {
            continue;
        }
        order.clear();
        order.extend(0..member.needs.len());
        order.sort_by_key(|&i| member.needs[i].priority);
        for &i in &order {
            if let Some(list) = out.get_mut(member.needs[i].good) {
                list.push((m, i));
            }
        }
    }
    out
}

/// The claims on `good` from its `needs` ([`needs_by_good`]): what each member's holdings
/// leave short, their most urgent needs covered first.
fn claims_of(ctx: &TurnCtx, good: GoodId, needs: &[(MemberId, usize)]) -> Vec<Claim> {
    let mut out = Vec::with_capacity(needs.len());
    let (mut last, mut held) = (None, 0);
    for &(m, i) in needs {
        let member = &ctx.state.members[m];
        if last != Some(m) {
            last = Some(m);
            held = member.holdings[good];
        }
        let need = &member.needs[i];
        let covered = held.min(need.amount);
        held -= covered;
        if need.amount > covered {
            out.push(Claim {
                member: m,
                need: i,
                priority: need.priority,
                wanted: need.amount - covered,
                remaining: need.amount - covered,
                received: Vec::new(),
                why: Vec::new(),
            });
        }
    }
    out.sort_by_key(|c| (c.priority, c.member, c.need));
    out
}

/// What a layer gave each member (`before`: each claim's remainder before it), in the order
/// members first appear among the claims.
fn served(claims: &[Claim], before: &[u32]) -> Vec<(MemberId, u32)> {
    let mut got: Vec<(MemberId, usize, u32)> = claims
        .iter()
        .zip(before)
        .enumerate()
        .filter(|(_, (c, b))| **b > c.remaining)
        .map(|(k, (c, b))| (c.member, k, b - c.remaining))
        .collect();
    // Group by member (first appearance kept), then back to the order of first appearance.
    got.sort_unstable_by_key(|&(m, k, _)| (m, k));
    let mut out: Vec<(usize, MemberId, u32)> = Vec::new();
    for (m, k, units) in got {
        match out.last_mut() {
            Some(last) if last.1 == m => last.2 += units,
            _ => out.push((k, m, units)),
        }
    }
    out.sort_unstable_by_key(|&(k, _, _)| k);
    out.into_iter().map(|(_, m, units)| (m, units)).collect()
}

/// Allocate every good by its regime and fallback, in the turn's `meetings` (seated by the
/// first `Commons` good); returns the claims per good for the consumption phase to explain.
pub fn run(ctx: &mut TurnCtx, meetings: &mut Session) -> Vec<Vec<Claim>> {
    let world = ctx.world;
    let mut all = vec![Vec::new(); world.goods.len()];
    let needs = needs_by_good(ctx, world.goods.len());
    for &g in &world.allocation_order {
        let mut claims = claims_of(ctx, g, &needs[g]);
        let gs = &ctx.state.goods[g];
        let mut layers = Vec::with_capacity(2);
        layers.push((gs.regime, false));
        if let Some(f) = gs.fallback {
            layers.push((f, true));
        }
        let mut report = GoodReport {
            good: g,
            layers: Vec::with_capacity(2),
            unmet: 0,
        };
        let sells_leftover = gs.regime == Regime::Commons && gs.fallback == Some(Regime::Exchange);
        let mut returned = false;
        for (regime, fallback) in layers {
            // A fallback serves what is left unmet; a market after a meeting also sells what
            // the meeting handed back to its makers.
            if fallback && !returned && claims.iter().all(|c| c.remaining == 0) {
                break;
            }
            let before: Vec<u32> = claims.iter().map(|c| c.remaining).collect();
            let mut detail = institution(ctx, meetings, regime, g, &mut claims);
            if sells_leftover
                && !fallback
                && let LayerDetail::Meeting(rec) = &mut detail
            {
                meeting::return_to_makers(ctx, g, rec);
                returned = !rec.returned.is_empty();
            }
            let served = served(&claims, &before);
            report.layers.push(Layer {
                regime,
                fallback,
                served,
                detail,
            });
        }
        report.unmet = claims.iter().map(|c| c.remaining).sum();
        if let [first, second] = &report.layers[..]
            && !second.served.is_empty()
        {
            ctx.report.chronicle.push(Entry::Layered(Box::new(Layered {
                good: g,
                first: first.regime,
                fallback: second.regime,
                by_first: first.served.clone(),
                by_fallback: second.served.clone(),
                unmet: report.unmet,
            })));
        }
        ctx.report.goods.push(report);
        all[g] = claims;
    }
    all
}

/// Dispatch to the institution that runs `regime`.
fn institution(
    ctx: &mut TurnCtx,
    meetings: &mut Session,
    regime: Regime,
    good: GoodId,
    claims: &mut [Claim],
) -> LayerDetail {
    match regime {
        Regime::Commons => meeting::run(ctx, meetings, good, claims),
        Regime::Aid => aid::run(ctx, good, claims),
        Regime::Exchange => market::exchange(ctx, good, claims),
    }
}
