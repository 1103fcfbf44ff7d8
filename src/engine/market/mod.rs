//! Open exchange (DESIGN §5): members trade goods for scrip in a zero-intelligence double
//! auction; prejudice bends who trades with whom; entrepreneurs move into unmet niches;
//! venues gather their patrons.
//!
//! - [`labour::run`] holds the labour market before production: days of work for wages;
//! - [`exchange`] is the `Exchange` institution of one good (called by `allocate`);
//! - [`before_allocation`] runs the demurrage and dividend, so a dividend can be spent;
//! - [`after_consumption`] charges market days to the traders' labour, moves entrepreneurs,
//!   keeps venues open or closes them and records their patrons' contacts (trades record
//!   theirs as they happen; the social update applies them, once per pair and source);
//! - [`measure`] adds the market's figures to the turn's metrics.

pub mod cause;
pub mod cda;
pub mod labour;
pub mod measure;
pub mod money;
pub mod schedule;
pub mod terms;
#[cfg(test)]
mod tests;
pub mod ventures;
pub mod venues;

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::bonds::{self, Contact, Tone};
use crate::engine::ctx::{Claim, TurnCtx};
use crate::engine::market::cda::Outcome;
use crate::engine::market::schedule::EXTRA;
use crate::engine::report::market::{
    Marked, MarketEvent, MarketReason, MarketRecord, RefusalOutcome, RefusalRecord, TradeRecord,
    Unfilled,
};
use crate::engine::report::{Entry, LayerDetail, Reason};
use crate::engine::types::{GoodId, MemberId, Regime, Role};

pub use measure::measure;
pub use money::before_allocation;

/// The market's working lists, carried from market to market and turn to turn (in the
/// turn's context, from `turn::Carry`) so that they are not allocated and grown afresh each
/// time; nothing in them outlives the call that fills them.
#[derive(Debug, Default)]
pub struct Scratch {
    prices: Vec<u32>,
    schedules: schedule::Work,
    pairs: terms::Lists,
    cda: cda::Scratch,
    out: Outcome,
    bought: Vec<u32>,
    sold: Vec<u32>,
    refused_by_all: Vec<Option<(MemberId, Marked)>>,
    close: [Vec<(u32, u32)>; 2],
    /// Who came to market this turn, by member (`after_consumption`).
    came: Vec<bool>,
    ventures: ventures::Lists,
}

/// The `Exchange` institution for one good: build the schedules, set the terms prejudice
/// allows, run the double auction, move goods and scrip, and explain what went unmet.
pub fn exchange(ctx: &mut TurnCtx, good: GoodId, claims: &mut [Claim]) -> LayerDetail {
    let world = ctx.world;
    let p = ctx.state.params.market.clone();
    let shouts = p.depth.saturating_mul(ctx.state.policy.market_days);
    let mut rec = MarketRecord {
        shouts,
        ..MarketRecord::default()
    };
    if shouts == 0 {
        for c in claims.iter_mut().filter(|c| c.remaining > 0) {
            c.why.push(Reason::Market(MarketReason::Closed));
        }
        return LayerDetail::Market(Box::new(rec));
    }
    let terms_rng = ctx.rng("market-terms", good as u64);
    let mut rng = ctx.rng("market", good as u64);
    // The lists are borrowed in place, beside the state and the report.
    let Scratch {
        prices,
        schedules: work,
        pairs: pair_lists,
        cda: cda_scratch,
        out,
        bought,
        sold,
        refused_by_all,
        close: close_lists,
        ..
    } = &mut ctx.market;
    prices.clear();
    prices.extend((0..world.goods.len()).map(|g| {
        ctx.state.goods[g]
            .last_price
            .unwrap_or(world.goods[g].base_cost)
    }));
    schedule::build(&p, world, &ctx.state.members, prices, good, claims, work);
    let s = &work.schedules;
    let pairs = terms::Pairs::new(&p, &ctx.state.members, s, terms_rng, pair_lists);
    cda::run_with(
        &s.market,
        p.trader,
        shouts,
        &mut rng,
        cda_scratch,
        out,
        |b, si| pairs.terms(&ctx.state.members, b, si),
    );
    rec.shouts_used = out.shouts;
    rec.surplus = out.surplus(&s.market);
    rec.max_surplus = s.market.max_surplus_in(cda_scratch);
    let (nb, ns) = (s.buyers.len(), s.sellers.len());
    rec.buyers = (0..nb)
        .map(|b| (s.buyers[b], s.market.buyer_values(b).len() as u32))
        .collect();
    rec.sellers = (0..ns)
        .map(|i| (s.sellers[i], s.market.seller_costs(i).len() as u32))
        .collect();
    // Move goods and scrip; each trade is checked, so nothing is created or destroyed.
    rec.trades.reserve(out.trades.len());
    bought.clear();
    bought.resize(nb, 0);
    sold.clear();
    sold.resize(ns, 0);
    let mut price_sum = 0u64;
    for t in &out.trades {
        let (b, si) = (t.buyer as usize, t.seller as usize);
        let (bm, sm) = (s.buyers[b], s.sellers[si]);
        let price = t.price as u64;
        let members = &mut ctx.state.members;
        if members[sm].holdings[good] == 0 || members[bm].scrip < price {
            continue;
        }
        members[sm].holdings[good] -= 1;
        members[bm].holdings[good] = members[bm].holdings[good].saturating_add(1);
        members[bm].scrip -= price;
        members[sm].scrip = members[sm].scrip.saturating_add(price);
        bought[b] += 1;
        sold[si] += 1;
        price_sum += price;
        let claim = s.unit_claim[(s.market.buyer_offsets[b] + t.buyer_unit) as usize];
        if claim != EXTRA {
            claims[claim as usize].fill(Regime::Exchange, 1);
        }
        rec.trades.push(TradeRecord {
            buyer: bm,
            seller: sm,
            price: t.price,
            surcharge: t.surcharge,
            need: claim != EXTRA,
        });
    }
    for t in &rec.trades {
        bonds::touch(
            &mut ctx.report.bonds,
            t.buyer,
            t.seller,
            Contact::Trade,
            Tone::Warm,
        );
    }
    if !rec.trades.is_empty() {
        let n = rec.trades.len() as u64;
        ctx.state.goods[good].last_price = Some(((price_sum + n / 2) / n) as u32);
    }
    // Who refused whom, and whether every seller refused a buyer (shut out).
    let marked = |holder: MemberId, other: MemberId| {
        let (d, _) = terms::strongest(&ctx.state.members[holder], &ctx.state.members[other])
            .unwrap_or((0, 0.0));
        Marked {
            dimension: d,
            mark: ctx.state.members[other]
                .marks
                .get(d)
                .copied()
                .unwrap_or_default(),
        }
    };
    // Only sellers shut a buyer out; a buyer who refuses every seller goes without by choice.
    refused_by_all.clear();
    refused_by_all.extend((0..nb).map(|b| {
        let by = s.sellers.first().copied()?;
        pairs
            .shut_out(&ctx.state.members, b)
            .then(|| (by, marked(by, s.buyers[b])))
    }));
    let outcome = |b: usize| {
        if bought[b] > 0 {
            RefusalOutcome::TradedElsewhere
        } else if refused_by_all[b].is_some() {
            RefusalOutcome::ShutOut
        } else {
            RefusalOutcome::WentWithout
        }
    };
    let mut refusals: Vec<RefusalRecord> = Vec::new();
    // Where each (by, of) pair's record is in `refusals`.
    let mut pair_at: BTreeMap<(MemberId, MemberId), usize> = BTreeMap::new();
    // The record each (buyer, seller) refusal counts in, if any: a pair's terms, so its
    // record, are the same each time its shouts cross, and they often cross again.
    let mut counts_in: BTreeMap<(u32, u32), Option<usize>> = BTreeMap::new();
    // The last refusal's pair and record: a refused shout stands, so the same pair's
    // refusals often follow one another.
    let mut last: Option<((u32, u32), Option<usize>)> = None;
    for r in &out.refusals {
        let pair = (r.buyer, r.seller);
        let known = match last {
            Some((p, at)) if p == pair => Some(at),
            _ => counts_in.get(&pair).copied(),
        };
        if let Some(at) = known {
            if let Some(i) = at {
                refusals[i].times += 1;
            }
            last = Some((pair, at));
            continue;
        }
        let (b, si) = (r.buyer as usize, r.seller as usize);
        let mut found = None;
        pairs.decide(&ctx.state.members, b, si, |x| {
            if found.is_none() && (x.refused || r.by.is_none()) {
                found = Some(x);
            }
        });
        let Some(bias) = found else {
            counts_in.insert(pair, None);
            last = Some((pair, None));
            continue;
        };
        let (by, of) = match bias.holder {
            Role::Seller => (s.sellers[si], s.buyers[b]),
            Role::Buyer => (s.buyers[b], s.sellers[si]),
        };
        match pair_at.get(&(by, of)) {
            Some(&i) => {
                counts_in.insert(pair, Some(i));
                last = Some((pair, Some(i)));
                refusals[i].times += 1;
            }
            None => {
                counts_in.insert(pair, Some(refusals.len()));
                last = Some((pair, Some(refusals.len())));
                pair_at.insert((by, of), refusals.len());
                refusals.push(RefusalRecord {
                    by,
                    of,
                    role: bias.holder,
                    marked: marked(by, of),
                    premium: r.by.is_none(),
                    times: 1,
                    outcome: outcome(b),
                });
            }
        }
    }
    // A buyer every seller refused is shut out even if no shout of theirs ever crossed.
    let refused_buyers: BTreeSet<MemberId> = refusals.iter().map(|x| x.of).collect();
    for (b, shut) in refused_by_all.iter().enumerate() {
        if let Some((by, m)) = shut
            && bought[b] < s.market.buyer_values(b).len() as u32
        {
            let buyer = s.buyers[b];
            if !refused_buyers.contains(&buyer) {
                refusals.push(RefusalRecord {
                    by: *by,
                    of: buyer,
                    role: Role::Seller,
                    marked: *m,
                    premium: false,
                    times: 0,
                    outcome: RefusalOutcome::ShutOut,
                });
            }
            ctx.report
                .chronicle
                .push(Entry::Market(MarketEvent::ShutOut {
                    good,
                    buyer,
                    by: *by,
                    marked: *m,
                }));
        }
    }
    for r in refusals
        .iter()
        .filter(|r| r.outcome != RefusalOutcome::ShutOut)
    {
        ctx.report
            .chronicle
            .push(Entry::Market(MarketEvent::Refused {
                good,
                by: r.by,
                of: r.of,
                role: r.role,
                marked: r.marked,
                outcome: r.outcome,
            }));
    }
    // Why each buyer went without what they did not get.
    let going_price = if rec.trades.is_empty() {
        (0..ns)
            .filter_map(|si| s.market.seller_costs(si).get(sold[si] as usize).copied())
            .min()
    } else {
        let n = rec.trades.len() as u64;
        Some(((price_sum + n / 2) / n) as u32)
    };
    let cheapest_left = (0..ns)
        .filter_map(|si| s.market.seller_costs(si).get(sold[si] as usize).copied())
        .min();
    let offered: u32 = rec.sellers.iter().map(|x| x.1).sum();
    // Each buyer's first refusal by a seller.
    let mut refused_first: BTreeMap<MemberId, usize> = BTreeMap::new();
    for (i, x) in refusals.iter().enumerate() {
        if x.role == Role::Seller {
            refused_first.entry(x.of).or_insert(i);
        }
    }
    let why_of = |m: MemberId, b: Option<usize>, value: u32| -> MarketReason {
        let scrip = ctx.state.members[m].scrip;
        if ns == 0 {
            return MarketReason::NoSeller;
        }
        if let Some(Some((by, marked))) = b.map(|b| refused_by_all[b]) {
            return MarketReason::ShutOut { by, marked };
        }
        if let Some(price) = going_price
            && scrip < price as u64
        {
            return MarketReason::NoScrip { scrip, price };
        }
        if rec.trades.len() as u32 >= offered {
            return MarketReason::SoldOut { offered };
        }
        let value = value.min(scrip.min(u32::MAX as u64) as u32);
        if let Some(cost) = cheapest_left
            && value < cost
        {
            return MarketReason::PricedOut { value, cost };
        }
        if let Some(b) = b
            && let Some(x) = refused_first.get(&s.buyers[b]).map(|&i| &refusals[i])
        {
            return MarketReason::Refused {
                by: x.by,
                marked: x.marked,
            };
        }
        MarketReason::NoMatch {
            shouts: rec.shouts_used,
        }
    };
    let close = cause::Close::new(&s.market, sold, prices[good], close_lists);
    let no_terms = |_: usize| cda::Terms::default();
    // Members with open claims who could not bid at all (no scrip) are not buyers (the
    // schedules list buyers in member order).
    let mut idle: BTreeMap<MemberId, u32> = BTreeMap::new();
    for c in claims.iter().filter(|c| c.remaining > 0) {
        if s.buyers.binary_search(&c.member).is_err() {
            *idle.entry(c.member).or_insert(0) += c.remaining;
        }
    }
    // Sized at once: a buyer left short, or an idle member, is one entry.
    let short = (0..nb)
        .filter(|&b| (bought[b] as usize) < s.market.buyer_values(b).len())
        .count();
    let mut unfilled: Vec<Unfilled> = Vec::with_capacity(short + idle.len());
    for (b, &got) in bought.iter().enumerate() {
        let values = s.market.buyer_values(b);
        let got = got as usize;
        if got < values.len() {
            let start = s.market.buyer_offsets[b] as usize;
            let need_units = s.unit_claim[start + got..start + values.len()]
                .iter()
                .filter(|&&c| c != EXTRA)
                .count() as u32;
            let scrip = ctx.state.members[s.buyers[b]].scrip;
            unfilled.push(Unfilled {
                member: s.buyers[b],
                units: (values.len() - got) as u32,
                need_units,
                value: values[got],
                why: why_of(s.buyers[b], Some(b), values[got]),
                cause: close.verdict(
                    |si| pairs.terms(&ctx.state.members, b, si),
                    values[got],
                    scrip,
                ),
            });
        }
    }
    for (m, units) in idle {
        unfilled.push(Unfilled {
            member: m,
            units,
            need_units: units,
            value: 0,
            why: why_of(m, None, 0),
            // What the unit was worth to them is unknown: they could not bid.
            cause: close.verdict(no_terms, u32::MAX, ctx.state.members[m].scrip),
        });
    }
    unfilled.sort_by_key(|u| u.member);
    for c in claims.iter_mut().filter(|c| c.remaining > 0) {
        let at = unfilled.partition_point(|u| u.member < c.member);
        if let Some(u) = unfilled.get(at).filter(|u| u.member == c.member) {
            c.why.push(Reason::Market(u.why.clone()));
            c.why.push(Reason::Barred {
                regime: Regime::Exchange,
                verdict: u.cause.clone(),
            });
            u.cause.audit(&mut ctx.state.members[c.member].audit);
        }
    }
    rec.refusals = refusals;
    rec.unfilled = unfilled;
    LayerDetail::Market(Box::new(rec))
}

/// After consumption, before the social update applies the turn's contacts: market days
/// cost the traders labour, entrepreneurs move, venues open, struggle, rally or close, and
/// their patrons meet there.
pub fn after_consumption(ctx: &mut TurnCtx, claims: &[Vec<Claim>]) {
    let p = ctx.state.params.market.clone();
    let days = ctx.state.policy.market_days;
    // Labour: everyone who came to market (for goods or work), once a turn whatever they traded.
    let came = &mut ctx.market.came;
    came.clear();
    came.resize(ctx.state.members.len(), false);
    for rec in ctx.report.market_records() {
        for &(m, _) in rec.1.buyers.iter().chain(&rec.1.sellers) {
            came[m] = true;
        }
    }
    let work = &ctx.report.labour;
    for m in work.workers.iter().map(|x| x.member) {
        came[m] = true;
    }
    for m in work.employers.iter().map(|x| x.member) {
        came[m] = true;
    }
    let cost = p.day_cost_permille.saturating_mul(days);
    for (member, _) in ctx
        .state
        .members
        .iter_mut()
        .zip(came.iter())
        .filter(|x| *x.1)
    {
        let t = &mut member.time_spent_permille;
        *t = t.saturating_add(cost).min(1000);
    }
    ventures::note_refusals(ctx, claims);
    ventures::run(ctx);
    venues::run(ctx);
}
