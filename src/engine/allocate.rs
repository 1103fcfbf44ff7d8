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

/// Lists allocation keeps between turns (the game's `turn::Carry`), so that a turn does not
/// allocate and grow them afresh. Nothing in them outlives a turn's allocation.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Per good, its needs ([`needs_by_good`]).
    needs: Vec<Vec<(MemberId, usize)>>,
    /// A member's needs in priority order.
    order: Vec<usize>,
    /// Each claim's remainder before a layer.
    before: Vec<u32>,
    /// By member, for [`served`].
    at: Vec<u32>,
    aid: aid::Scratch,
}

/// Every present member's shortfall of `good`, most urgent first, then by member.
pub fn claims(ctx: &TurnCtx, good: GoodId) -> Vec<Claim> {
    let mut s = Scratch::default();
    needs_by_good(ctx, good + 1, &mut s);
    claims_of(ctx, good, &s.needs[good])
}

/// Per good, every present member's needs of it as (member, need), into `s.needs`: in
/// member order, each member's by priority (ties in their own order). Found once for all
/// goods of a turn; allocation moves goods but changes no one's needs or presence.
fn needs_by_good(ctx: &TurnCtx, goods: usize, s: &mut Scratch) {
    let Scratch { needs, order, .. } = s;
    needs.resize_with(goods, Vec::new);
    needs.iter_mut().for_each(Vec::clear);
    for (m, member) in ctx.state.members.iter().enumerate() {
        if !member.present {
            continue;
        }
        let needs_of = &member.needs;
        // Most members list their needs by priority already: no order to sort then.
        let mut push = |i: usize| {
            if let Some(list) = needs.get_mut(needs_of[i].good) {
                list.push((m, i));
            }
        };
        if needs_of.is_sorted_by_key(|n| n.priority) {
            (0..needs_of.len()).for_each(&mut push);
        } else {
            order.clear();
            order.extend(0..needs_of.len());
            order.sort_by_key(|&i| needs_of[i].priority);
            order.iter().for_each(|&i| push(i));
        }
    }
}

/// The claims on `good` from its `needs` ([`needs_by_good`]): what each member's holdings
/// leave short, their most urgent needs covered first.
fn claims_of(ctx: &TurnCtx, good: GoodId, needs: &[(MemberId, usize)]) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::with_capacity(needs.len());
    let (mut last, mut held) = (None, 0);
    // `needs` come by member, each member's by priority (ties by index), so the claims are
    // in (priority, member, need) order when their priorities never fall: sorted only if not.
    let mut sorted = true;
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
            sorted &= out.last().is_none_or(|c| c.priority <= need.priority);
            out.push(Claim {
                member: m,
                need: i,
                priority: need.priority,
                wanted: need.amount - covered,
                remaining: need.amount - covered,
                received: Default::default(),
                why: Vec::new(),
            });
        }
    }
    if !sorted {
        out.sort_by_key(|c| (c.priority, c.member, c.need));
    }
    out
}

/// What a layer gave each member (`before`: each claim's remainder before it), in the order
/// members first appear among the claims. `at` holds, by member, where they are in the list
/// (`NONE` for none): it is found and left all `NONE`.
fn served(claims: &[Claim], before: &[u32], at: &mut Vec<u32>) -> Vec<(MemberId, u32)> {
    let mut out: Vec<(MemberId, u32)> = Vec::new();
    for (c, &b) in claims.iter().zip(before) {
        if b <= c.remaining {
            continue;
        }
        if at.len() <= c.member {
            at.resize(c.member + 1, NONE);
        }
        let units = b - c.remaining;
        match at[c.member] {
            NONE => {
                at[c.member] = out.len() as u32;
                out.push((c.member, units));
            }
            k => out[k as usize].1 += units,
        }
    }
    for &(m, _) in &out {
        at[m] = NONE;
    }
    out
}

const NONE: u32 = u32::MAX;

/// Allocate every good by its regime and fallback, in the turn's `meetings` (seated by the
/// first `Commons` good); returns the claims per good for the consumption phase to explain.
pub fn run(ctx: &mut TurnCtx, meetings: &mut Session) -> Vec<Vec<Claim>> {
    run_with(ctx, meetings, &mut Scratch::default())
}

/// [`run`], with the lists kept from the last turn.
pub fn run_with(ctx: &mut TurnCtx, meetings: &mut Session, s: &mut Scratch) -> Vec<Vec<Claim>> {
    let world = ctx.world;
    let mut all = vec![Vec::new(); world.goods.len()];
    needs_by_good(ctx, world.goods.len(), s);
    for &g in &world.allocation_order {
        let mut claims = claims_of(ctx, g, &s.needs[g]);
        let gs = &ctx.state.goods[g];
        let layers = std::iter::once((gs.regime, false)).chain(gs.fallback.map(|f| (f, true)));
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
            s.before.clear();
            s.before.extend(claims.iter().map(|c| c.remaining));
            let mut detail = institution(ctx, meetings, &mut s.aid, regime, g, &mut claims);
            if sells_leftover
                && !fallback
                && let LayerDetail::Meeting(rec) = &mut detail
            {
                meeting::return_to_makers(ctx, g, rec);
                returned = !rec.returned.is_empty();
            }
            let served = served(&claims, &s.before, &mut s.at);
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
    aid: &mut aid::Scratch,
    regime: Regime,
    good: GoodId,
    claims: &mut [Claim],
) -> LayerDetail {
    match regime {
        Regime::Commons => meeting::run(ctx, meetings, good, claims),
        Regime::Aid => aid::run_with(ctx, good, claims, aid),
        Regime::Exchange => market::exchange(ctx, good, claims),
    }
}
