//! Mutual aid (`Aid`, DESIGN §6): need-based gifts along bonds, after the Maasai *osotua*
//! rule studied by Aktipis and colleagues — a member below their need line asks their bonded
//! partners, strongest first, for the shortfall only; a partner gives what they hold above
//! their own need line; no debt is kept. The `AccountKeeping` policy records gifts as debts
//! to be repaid (*esile*), so the two can be compared. A partner who cannot give may pass the
//! request on to their own bonds (`params.aid.reach`). Readiness to give follows the bond and
//! falls with prejudice against the asker's marks. A community store (policy) hands out
//! need-based shares that members spend on what they need most (Prendergast 2017).
//!
//! Goods only move between holdings and the store's shelves (the good's pool): nothing is
//! created or destroyed here.

mod ask;
mod cause;
mod claims;
mod debt;
mod store;

use crate::engine::ctx::{Claim, TurnCtx};
use crate::engine::metrics::Metrics;
use crate::engine::policy::AidMode;
use crate::engine::report::aid::{AidRecord, AskOutcome};
use crate::engine::report::{Entry, GoodReport, LayerDetail, Reason};
use crate::engine::types::{GoodId, MemberId, Regime};

use ask::{Asking, ClaimAsked};
use claims::ClaimIndex;

/// Lists mutual aid keeps between goods and turns (the game's `turn::Carry`), so that a
/// turn's aid does not allocate and grow them afresh. Nothing in them outlives a call.
#[derive(Debug, Default)]
pub struct Scratch {
    need_line: Vec<u32>,
    by_member: Vec<(MemberId, usize)>,
    asking: Asking,
    gifts: Vec<(MemberId, MemberId, u32)>,
    refusals: Vec<(MemberId, MemberId, f64)>,
    friendless: Vec<MemberId>,
    /// The most asks one good has had: the next record's first size for them.
    asks: usize,
}

/// The `Aid` institution for one good: repay debts, hand out store shares, ask along
/// bonds, then take donations to the store.
pub fn run(ctx: &mut TurnCtx, good: GoodId, claims: &mut [Claim]) -> LayerDetail {
    run_with(ctx, good, claims, &mut Scratch::default())
}

/// [`run`], with the lists kept from earlier calls.
pub fn run_with(
    ctx: &mut TurnCtx,
    good: GoodId,
    claims: &mut [Claim],
    scratch: &mut Scratch,
) -> LayerDetail {
    let world = ctx.world;
    let (price, market_price) = match ctx.state.goods[good].last_price {
        Some(p) => (p, true),
        None => (world.goods[good].base_cost, false),
    };
    let mut rec = AidRecord {
        mode: ctx.state.policy.aid_mode,
        short: claims
            .iter()
            .map(|c| c.remaining)
            .fold(0u32, u32::saturating_add),
        gifted: 0,
        from_store: 0,
        value: 0,
        price,
        market_price,
        repaid: Vec::new(),
        store: None,
        asks: Vec::new(),
        went_without: Vec::new(),
    };
    let store = ctx.state.policy.community_store;
    if rec.short == 0 && !store && rec.mode == AidMode::NeedBased {
        // Nobody is short and there are no debts or store to keep: nothing to do.
        return LayerDetail::Aid(Box::new(rec));
    }
    rec.asks.reserve(scratch.asks);
    let need_line = &mut scratch.need_line;
    need_line.clear();
    need_line.extend(ctx.state.members.iter().map(|m| m.need_of(good)));
    let need_line = &scratch.need_line[..];
    // Each member's claims on this good, in priority order, found by binary search.
    let by_member = &mut scratch.by_member;
    by_member.clear();
    by_member.extend(claims.iter().enumerate().map(|(i, c)| (c.member, i)));
    by_member.sort_unstable();
    let ix = ClaimIndex(&scratch.by_member);
    if rec.mode == AidMode::AccountKeeping {
        debt::repay(ctx, good, need_line, claims, &ix, &mut rec.repaid);
    }
    if store {
        let s = store::hand_out(ctx, good, claims, &ix);
        rec.from_store = s.handed.iter().map(|h| h.units).sum();
        rec.store = Some(s);
    }
    ask::all(
        ctx,
        good,
        claims,
        need_line,
        price,
        &mut rec,
        &mut scratch.asking,
    );
    scratch.asks = scratch.asks.max(rec.asks.len());
    if let Some(s) = rec.store.as_mut() {
        store::collect(ctx, good, need_line, s);
    }
    rec.value = rec
        .value
        .saturating_add(rec.from_store as u64 * price as u64);
    let lists = Lists {
        gifts: &mut scratch.gifts,
        refusals: &mut scratch.refusals,
        friendless: &mut scratch.friendless,
    };
    explain(
        ctx,
        good,
        claims,
        need_line,
        &scratch.asking.out,
        &mut rec,
        lists,
    );
    LayerDetail::Aid(Box::new(rec))
}

/// The explanations' working lists, from [`Scratch`].
struct Lists<'a> {
    gifts: &'a mut Vec<(MemberId, MemberId, u32)>,
    refusals: &'a mut Vec<(MemberId, MemberId, f64)>,
    friendless: &'a mut Vec<MemberId>,
}

/// Reasons on unmet claims, who went without, and the chronicle. Sorting rather than
/// searching keeps this linear-logarithmic in the number of requests.
fn explain(
    ctx: &mut TurnCtx,
    good: GoodId,
    claims: &mut [Claim],
    need_line: &[u32],
    asked: &[ClaimAsked],
    rec: &mut AidRecord,
    lists: Lists,
) {
    let price = rec.price as u64;
    let Lists {
        gifts,
        refusals,
        friendless,
    } = lists;
    gifts.clear();
    refusals.clear();
    friendless.clear();
    for a in &rec.asks {
        match a.outcome {
            AskOutcome::Gave { units, .. } => gifts.push((a.asker, a.partner, units)),
            // The chronicle names refusals by one's own partners and refusals with prejudice
            // in them; a weak tie two hops away saying no is ordinary (it is in the record).
            AskOutcome::Refused {
                readiness,
                prejudice,
                ..
            } if a.via.is_none() || prejudice > 0.0 => {
                refusals.push((a.partner, a.asker, readiness))
            }
            AskOutcome::Refused { .. } => {}
            AskOutcome::NothingToSpare { .. } => {}
        }
    }
    // One line per member carried, naming each giver once, in the order they gave.
    gifts.sort_by_key(|g| g.0);
    for run in gifts.chunk_by(|x, y| x.0 == y.0) {
        let mut givers: Vec<MemberId> = Vec::with_capacity(run.len());
        for g in run {
            if !givers.contains(&g.1) {
                givers.push(g.1);
            }
        }
        let units = run.iter().map(|g| g.2).fold(0u32, u32::saturating_add);
        ctx.report.chronicle.push(Entry::Carried {
            member: run[0].0,
            good,
            units,
            value: units as u64 * price,
            givers,
        });
    }
    refusals.sort_by_key(|r| (r.0, r.1));
    refusals.dedup_by_key(|r| (r.0, r.1));
    for &(giver, asker, readiness) in refusals.iter() {
        ctx.report.chronicle.push(Entry::AidRefused {
            giver,
            asker,
            good,
            readiness,
        });
    }
    for (c, a) in claims.iter_mut().zip(asked) {
        if c.remaining == 0 {
            continue;
        }
        if a.friendless {
            c.why.push(Reason::NoOneToAsk);
            friendless.push(c.member);
        } else {
            let refused = rec.asks[a.asks.clone()]
                .iter()
                .filter(|x| matches!(x.outcome, AskOutcome::Refused { .. }))
                .map(|x| x.partner)
                .collect();
            c.why.push(Reason::AidShort {
                asked: a.asked,
                refused,
            });
        }
        let verdict = cause::verdict(
            &ctx.state.params.aid,
            ctx.state,
            good,
            need_line,
            c.member,
            &rec.asks[a.asks.clone()],
        );
        verdict.audit(&mut ctx.state.members[c.member].audit);
        c.why.push(Reason::Barred {
            regime: Regime::Aid,
            verdict,
        });
        rec.went_without.push((c.member, c.remaining));
    }
    friendless.sort_unstable();
    friendless.dedup();
    for &member in friendless.iter() {
        ctx.report
            .chronicle
            .push(Entry::NoOneToAsk { member, good });
    }
    rec.went_without.sort_unstable_by_key(|w| w.0);
    // One entry a member, their units added in order.
    rec.went_without.dedup_by(|next, last| {
        let same = next.0 == last.0;
        if same {
            last.1 = last.1.saturating_add(next.1);
        }
        same
    });
    // Faltering is a shared shortfall: several members left short, not one missing tool.
    if rec.went_without.len() >= 2 && rec.coverage() < ctx.state.params.aid.falter_below {
        ctx.report.chronicle.push(Entry::AidFaltered {
            good,
            short: rec.short,
            covered: rec.gifted + rec.from_store,
        });
    }
}

/// Add the turn's aid figures to its metrics: shortfall that reached mutual aid, the share
/// gifts and the store covered, and what they were worth at market prices.
pub fn measure(m: &mut Metrics, goods: &[GoodReport]) {
    let (mut short, mut covered, mut value) = (0u64, 0u64, 0u64);
    for layer in goods.iter().flat_map(|g| &g.layers) {
        if let LayerDetail::Aid(r) = &layer.detail {
            short += r.short as u64;
            covered += (r.gifted + r.from_store) as u64;
            value = value.saturating_add(r.value);
        }
    }
    m.aid_short = short;
    m.aid_coverage = if short == 0 {
        1.0
    } else {
        covered as f64 / short as f64
    };
    m.aid_value = value;
}

#[cfg(test)]
pub(crate) mod tests;
