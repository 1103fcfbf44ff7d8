//! Entrepreneurs: a member with the enterprise and a latent skill moves working time into a
//! good when demand for it went unfilled at values above their unit cost by the entry
//! margin (the signal that matters), or when its price exceeded that cost by the same margin
//! for several turns. They stay
//! at least `min_tenure` turns and leave when the line stops paying.
//!
//! A business that sells to a member whose need for the good a meeting refused is marked in
//! the chronicle: refusals are noticed generically, as a `Commons` layer leaving a claim
//! unmet while the pool still held the good.

use rand::RngExt;

use crate::engine::ctx::{Claim, TurnCtx};
use crate::engine::market::schedule::unit_cost;
use crate::engine::report::market::{MarketEvent, MarketRecord, VentureChange, VentureWhy};
use crate::engine::report::{Entry, LayerDetail};
use crate::engine::state::market::{Signal, Venture};
use crate::engine::types::{GoodId, MemberId, Regime};

/// Remember needs a meeting refused: a `Commons` claim left unmet while the pool held units.
pub fn note_refusals(ctx: &mut TurnCtx, claims: &[Vec<Claim>]) {
    let turn = ctx.turn;
    let memory = ctx.state.params.market.refusal_memory;
    let refused = &mut ctx.state.market.refused;
    refused.retain(|&(_, _, t)| turn.saturating_sub(t) < memory);
    for (g, cs) in claims.iter().enumerate() {
        if ctx.state.goods[g].regime != Regime::Commons || ctx.state.goods[g].pool == 0 {
            continue;
        }
        for c in cs {
            let from_meeting: u32 = c
                .received
                .iter()
                .filter(|r| r.0 == Regime::Commons)
                .map(|r| r.1)
                .sum();
            if from_meeting >= c.wanted {
                continue;
            }
            match refused.binary_search_by_key(&(c.member, c.need), |&(m, n, _)| (m, n)) {
                Ok(i) => refused[i].2 = turn,
                Err(i) => refused.insert(i, (c.member, c.need, turn)),
            }
        }
    }
}

/// The working lists of [`run`], kept between turns (in the market's scratch) so that they
/// are not allocated afresh for every good.
#[derive(Debug, Default)]
pub struct Lists {
    /// (seller, units, revenue) of the good's sales.
    sales: Vec<(MemberId, u32, u64)>,
    /// (seller, buyer) of the good's sales that met a need.
    trades: Vec<(MemberId, MemberId)>,
    unfilled: Unfilled,
    venturers: Vec<MemberId>,
    candidates: Vec<(MemberId, VentureWhy)>,
}

/// Update the signals, let entrepreneurs enter and leave, and mark refused needs served.
pub fn run(ctx: &mut TurnCtx) {
    let world = ctx.world;
    let p = ctx.state.params.market.clone();
    let (n_members, n_goods) = (ctx.state.members.len(), world.goods.len());
    if ctx.state.market.signals.len() != n_members * n_goods {
        ctx.state.market.signals = vec![Signal::default(); n_members * n_goods];
    }
    let mut changes: Vec<VentureChange> = Vec::new();
    let mut marks: Vec<MarketEvent> = Vec::new();
    // Taken out of the context for the run (the context's methods borrow all of it).
    let mut lists = std::mem::take(&mut ctx.market.ventures);
    let Lists {
        sales,
        trades,
        unfilled,
        venturers,
        candidates,
    } = &mut lists;
    for g in 0..n_goods {
        // This turn's market in g, if it ran: sales by seller, and unfilled demand by value.
        let rec = ctx.report.market_records().find(|r| r.0 == g).map(|r| r.1);
        let mean_price = rec.and_then(|r| {
            let n = r.trades.len() as u64;
            (n > 0).then(|| (r.trades.iter().map(|t| t.price as u64).sum::<u64>() + n / 2) / n)
        });
        sales.clear();
        trades.clear();
        if let Some(r) = rec {
            for t in &r.trades {
                match sales.iter_mut().find(|x| x.0 == t.seller) {
                    Some(x) => {
                        x.1 += 1;
                        x.2 += t.price as u64;
                    }
                    None => sales.push((t.seller, 1, t.price as u64)),
                }
            }
            trades.extend(
                r.trades
                    .iter()
                    .filter(|t| t.need)
                    .map(|t| (t.seller, t.buyer)),
            );
        }
        // Existing ventures in g: does it pay? Mark refused needs served; leave if it stopped.
        let mut i = 0;
        while i < ctx.state.market.ventures.len() {
            let v = &ctx.state.market.ventures[i];
            if v.good != g {
                i += 1;
                continue;
            }
            let m = v.member;
            let member = &ctx.state.members[m];
            let cost = unit_cost(&p, world, member, g, 0) as u64;
            let (units, revenue) = sales
                .iter()
                .find(|x| x.0 == m)
                .map_or((0, 0), |x| (x.1 as u64, x.2));
            let pays =
                units > 0 && revenue * 100 >= units * cost * (100 + p.exit_margin_pct as u64);
            for &(_, buyer) in trades.iter().filter(|t| t.0 == m) {
                if ctx.state.market.ventures[i].served.contains(&buyer) {
                    continue;
                }
                if let Some(label) = refused_label(ctx, buyer, g) {
                    ctx.state.market.ventures[i].served.push(buyer);
                    marks.push(MarketEvent::ServesRefusedNeed {
                        seller: m,
                        buyer,
                        good: g,
                        label,
                    });
                }
            }
            let v = &mut ctx.state.market.ventures[i];
            v.idle = if pays { 0 } else { v.idle + 1 };
            let tenure = ctx.turn.saturating_sub(v.since);
            if !ctx.state.members[m].present
                || (tenure >= p.min_tenure && v.idle >= p.exit_idle_turns)
            {
                let v = ctx.state.market.ventures.remove(i);
                changes.push(VentureChange {
                    member: m,
                    good: g,
                    entered: false,
                    share: v.share,
                    why: VentureWhy::StoppedPaying { turns: v.idle },
                    serves_refused: None,
                });
                ctx.state.members[m].work = v.prior;
                ctx.state.market.signals[m * n_goods + g] = Signal {
                    barred_until: ctx.turn.saturating_add(p.min_tenure),
                    ..Signal::default()
                };
                continue;
            }
            i += 1;
        }
        // Signals and entries: without a market in g this turn, every signal starts again
        // (a bar stays) and nobody enters.
        let Some(rec) = rec else {
            for sig in ctx.state.market.signals.iter_mut().skip(g).step_by(n_goods) {
                *sig = Signal {
                    barred_until: sig.barred_until,
                    ..Signal::default()
                };
            }
            continue;
        };
        unfilled.fill(&rec.unfilled);
        venturers.clear();
        venturers.extend(ctx.state.market.ventures.iter().map(|v| v.member));
        venturers.sort_unstable();
        candidates.clear();
        for m in 0..n_members {
            let member = &ctx.state.members[m];
            let idx = m * n_goods + g;
            let eligible = member.present
                && member.skills[g] > 0
                && member.work[g] == 0
                && member.enterprise > 0.0
                && venturers.binary_search(&m).is_err();
            let barred_until = ctx.state.market.signals[idx].barred_until;
            if !eligible || ctx.turn < barred_until {
                ctx.state.market.signals[idx] = Signal {
                    barred_until,
                    ..Signal::default()
                };
                continue;
            }
            let cost = unit_cost(&p, world, member, g, 0);
            // Both signals ask the same margin over the entrant's unit cost: a line is worth
            // entering only if it would pay that much more than it costs.
            let pays = |v: u64| v * 100 >= cost as u64 * (100 + p.entry_margin_pct as u64);
            let (units, value) = unfilled.above(m, |v| v > cost && pays(v as u64));
            let price_ok = mean_price.is_some_and(pays);
            let sig = &mut ctx.state.market.signals[idx];
            sig.unfilled = if units > 0 { sig.unfilled + 1 } else { 0 };
            sig.price = if price_ok { sig.price + 1 } else { 0 };
            if sig.unfilled >= p.entry_unfilled_turns.max(1) {
                candidates.push((
                    m,
                    VentureWhy::Unfilled {
                        units,
                        value,
                        cost,
                        turns: sig.unfilled,
                    },
                ));
            } else if sig.price >= p.entry_price_turns.max(1) {
                candidates.push((
                    m,
                    VentureWhy::Price {
                        price: mean_price.unwrap_or(0) as u32,
                        cost,
                        turns: sig.price,
                    },
                ));
            }
        }
        // The most enterprising try first; at most one enters a good per turn.
        candidates.sort_by(|a, b| {
            let (ea, eb) = (
                ctx.state.members[a.0].enterprise,
                ctx.state.members[b.0].enterprise,
            );
            eb.total_cmp(&ea).then(a.0.cmp(&b.0))
        });
        // The stream is made only for a good with candidates (it is the same whenever made).
        if candidates.is_empty() {
            continue;
        }
        let mut rng = ctx.rng("entrepreneurs", g as u64);
        for (m, why) in candidates.drain(..) {
            if rng.random::<f64>() >= ctx.state.members[m].enterprise {
                continue;
            }
            let share = p.entry_share_pct.min(100);
            let prior = ctx.state.members[m].work.clone();
            shift_work(&mut ctx.state.members[m].work, g, share);
            ctx.state.market.signals[m * n_goods + g].unfilled = 0;
            ctx.state.market.signals[m * n_goods + g].price = 0;
            let serves_refused = ctx
                .state
                .market
                .refused
                .iter()
                .find(|&&(r, need, _)| {
                    r != m
                        && ctx.state.members[r]
                            .needs
                            .get(need)
                            .is_some_and(|n| n.good == g)
                })
                .map(|x| x.0);
            ctx.state.market.ventures.push(Venture {
                member: m,
                good: g,
                since: ctx.turn,
                share,
                prior,
                idle: 0,
                served: Vec::new(),
            });
            changes.push(VentureChange {
                member: m,
                good: g,
                entered: true,
                share,
                why,
                serves_refused,
            });
            break;
        }
    }
    ctx.market.ventures = lists;
    for e in marks {
        ctx.report.chronicle.push(Entry::Market(e));
    }
    for c in changes {
        if let Some(rec) = market_record(ctx, c.good) {
            rec.ventures.push(c.clone());
        }
        ctx.report
            .chronicle
            .push(Entry::Market(MarketEvent::Venture(c)));
    }
}

/// Demand a market left unfilled, by the value of the unit each buyer went without: what
/// would-be entrants at every unit cost see, found by bisection instead of a pass per member.
#[derive(Debug, Default)]
struct Unfilled {
    /// (value, units, member), the highest value first.
    by_value: Vec<(u32, u32, MemberId)>,
    /// Units of the first i entries of `by_value` (wrapping, as a running `u32` sum would).
    units_before: Vec<u32>,
    /// (member, value, units), by member.
    by_member: Vec<(MemberId, u32, u32)>,
}

impl Unfilled {
    /// Refill from a market's unfilled demand.
    fn fill(&mut self, unfilled: &[crate::engine::report::market::Unfilled]) {
        let Unfilled {
            by_value,
            units_before,
            by_member,
        } = self;
        by_value.clear();
        by_value.extend(unfilled.iter().map(|u| (u.value, u.units, u.member)));
        by_value.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
        units_before.clear();
        units_before.push(0u32);
        for &(_, units, _) in by_value.iter() {
            let last = *units_before.last().unwrap_or(&0);
            units_before.push(last.wrapping_add(units));
        }
        by_member.clear();
        by_member.extend(by_value.iter().map(|&(v, n, m)| (m, v, n)));
        by_member.sort_unstable();
    }

    /// Units of the others' entries whose value passes `pays` (true from some value up),
    /// and the highest such value: (0, 0) if none.
    fn above(&self, m: MemberId, pays: impl Fn(u32) -> bool) -> (u32, u32) {
        let k = self.by_value.partition_point(|x| pays(x.0));
        let from = self.by_member.partition_point(|x| x.0 < m);
        let own = self.by_member[from..]
            .iter()
            .take_while(|x| x.0 == m)
            .filter(|x| pays(x.1))
            .fold(0u32, |n, x| n.wrapping_add(x.2));
        let units = self.units_before[k].wrapping_sub(own);
        let value = self.by_value[..k]
            .iter()
            .find(|x| x.2 != m)
            .map_or(0, |x| x.0);
        (units, value)
    }
}

/// The label of a need of `member` for `good` that a meeting refused recently, if any.
fn refused_label(ctx: &TurnCtx, member: MemberId, good: GoodId) -> Option<String> {
    let refused = &ctx.state.market.refused;
    // Sorted by (member, need): the member's entries are one run.
    let from = refused.partition_point(|&(m, _, _)| m < member);
    refused[from..]
        .iter()
        .take_while(|&&(m, _, _)| m == member)
        .filter_map(|&(_, need, _)| ctx.state.members[member].needs.get(need))
        .find(|n| n.good == good)
        .map(|n| n.label.clone())
}

/// Move `share` per cent of working time into `good`, scaling the other lines down.
pub fn shift_work(work: &mut [u32], good: GoodId, share: u32) {
    let total: u32 = work.iter().sum();
    let mut others = 0;
    for (g, w) in work.iter_mut().enumerate() {
        if g != good {
            *w = (*w as u64 * (100 - share as u64) / 100) as u32;
            others += *w;
        }
    }
    work[good] = total.max(share).saturating_sub(others);
}

/// This turn's market record of `good`, to add entries and exits to.
fn market_record<'a>(ctx: &'a mut TurnCtx, good: GoodId) -> Option<&'a mut MarketRecord> {
    ctx.report
        .goods
        .iter_mut()
        .filter(|g| g.good == good)
        .flat_map(|g| g.layers.iter_mut())
        .find_map(|l| match &mut l.detail {
            LayerDetail::Market(r) => Some(&mut **r),
            _ => None,
        })
}
