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
    let mut out = Vec::with_capacity(ctx.state.members.len());
    // Each member's needs of the good, by priority (one buffer for all members).
    let mut needs: Vec<usize> = Vec::new();
    for (m, member) in ctx.state.members.iter().enumerate() {
        if !member.present {
            continue;
        }
        let mut held = member.holdings[good];
        needs.clear();
        needs.extend((0..member.needs.len()).filter(|&i| member.needs[i].good == good));
        needs.sort_by_key(|&i| member.needs[i].priority);
        for &i in &needs {
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
    for &g in &world.allocation_order {
        let mut claims = claims(ctx, g);
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
