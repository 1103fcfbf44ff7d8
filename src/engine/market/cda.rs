//! The continuous double auction of Gode & Sunder (1993), with zero-intelligence traders.
//!
//! One shout per step, from a trader drawn uniformly among those with units left, for that
//! trader's next unit (the i-th before the (i+1)-th). ZI-C buyers bid uniformly in
//! [floor, value] and ZI-C sellers ask uniformly in [cost, ceiling]; ZI-U traders shout
//! anywhere in [floor, ceiling]. A bid must beat the standing bid (an ask the standing ask)
//! to stand; a shout that crosses the standing order on the other side trades at the
//! standing order's price, and every trade clears the book.
//!
//! The game's markets and the models harness (`agora models`) run this same code. It is
//! tight by design: integer prices, no allocation per shout (buffers live in [`Scratch`]),
//! and a ZI-C market stops as soon as no bid can reach any ask, which changes no trade.
//!
//! Discrimination (Becker) enters through per-pair [`Terms`]: a pair may refuse to trade,
//! or the seller may charge a surcharge and the buyer may demand a discount (an aversion).
//! A crossing shout that does not meet the terms does not trade (it is recorded) but may
//! still stand for everyone else, so the book can be crossed between a pair that will not
//! deal while other traders can still hit either order.

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::engine::params::TraderKind;
use crate::engine::types::Role;

/// What a trade leaves in the book.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Book {
    /// Gode & Sunder's rule, the game's and the `GS1` row's: every trade clears the book.
    #[default]
    Clears,
    /// A variant for comparison (`agora models market --book keeps`): a trade takes only
    /// the order it crossed, and the standing order on the shout's own side stays.
    Keeps,
}

impl Book {
    pub fn name(self) -> &'static str {
        match self {
            Book::Clears => "clears",
            Book::Keeps => "keeps",
        }
    }
}

/// What one buyer and one seller will accept of each other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Terms {
    /// Who refuses to trade with the other, if anyone does.
    pub refused_by: Option<Role>,
    /// Added to the price the seller charges this buyer, per-mille.
    pub surcharge_permille: u32,
    /// The buyer only buys from this seller if the price leaves this margin, per-mille.
    pub aversion_permille: u32,
}

/// One market's schedules, flattened: trader `t`'s units are `units[offsets[t]..offsets[t + 1]]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Market {
    /// Buyers' unit values, in trading order.
    pub values: Vec<u32>,
    pub buyer_offsets: Vec<u32>,
    /// Sellers' unit costs, in trading order.
    pub costs: Vec<u32>,
    pub seller_offsets: Vec<u32>,
    /// Scrip each buyer can spend (`u64::MAX` for none).
    pub budgets: Vec<u64>,
    /// `(buyer, seller, terms)` of the pairs whose terms are not the default, sorted by
    /// pair: sparse, so a large market does not hold a buyers × sellers table.
    pub terms: Vec<(u32, u32, Terms)>,
    /// Lowest price anyone may shout.
    pub floor: u32,
    /// Highest price anyone may shout.
    pub ceiling: u32,
    /// What a trade leaves in the book.
    pub book: Book,
}

impl Market {
    /// An empty market on the price range `[floor, ceiling]`.
    pub fn new(floor: u32, ceiling: u32) -> Market {
        Market {
            buyer_offsets: vec![0],
            seller_offsets: vec![0],
            floor: floor.max(1),
            ceiling,
            ..Market::default()
        }
    }

    /// Add a buyer with these unit values and budget; returns its index.
    pub fn add_buyer(&mut self, values: impl IntoIterator<Item = u32>, budget: u64) -> usize {
        self.values.extend(values);
        self.buyer_offsets.push(self.values.len() as u32);
        self.budgets.push(budget);
        self.budgets.len() - 1
    }

    /// Add a seller with these unit costs; returns its index.
    pub fn add_seller(&mut self, costs: impl IntoIterator<Item = u32>) -> usize {
        self.costs.extend(costs);
        self.seller_offsets.push(self.costs.len() as u32);
        self.seller_offsets.len() - 2
    }

    pub fn buyers(&self) -> usize {
        self.buyer_offsets.len() - 1
    }

    pub fn sellers(&self) -> usize {
        self.seller_offsets.len() - 1
    }

    /// Buyer `b`'s unit values.
    pub fn buyer_values(&self, b: usize) -> &[u32] {
        &self.values[self.buyer_offsets[b] as usize..self.buyer_offsets[b + 1] as usize]
    }

    /// Seller `s`'s unit costs.
    pub fn seller_costs(&self, s: usize) -> &[u32] {
        &self.costs[self.seller_offsets[s] as usize..self.seller_offsets[s + 1] as usize]
    }

    /// The terms buyer `b` and seller `s` deal on, from [`Market::terms`]'s list.
    pub fn terms(&self, b: usize, s: usize) -> Terms {
        self.terms
            .binary_search_by_key(&(b as u32, s as u32), |&(b, s, _)| (b, s))
            .map_or(Terms::default(), |i| self.terms[i].2)
    }

    /// What buyer `b`'s unit `i` is worth within their budget: a value no scrip backs
    /// cannot be realised.
    pub fn backed_value(&self, b: usize, i: usize) -> u32 {
        let v = self.buyer_values(b)[i];
        v.min(self.budgets[b].min(u32::MAX as u64) as u32)
    }

    /// The largest total surplus any set of trades could realise: values (within budgets)
    /// from the highest and costs from the lowest, paired while a value exceeds its cost.
    pub fn max_surplus(&self) -> i64 {
        self.max_surplus_in(&mut Scratch::default())
    }

    /// `max_surplus`, working in lists of `sc` kept between markets (not allocated afresh).
    pub fn max_surplus_in(&self, sc: &mut Scratch) -> i64 {
        let (v, c) = (&mut sc.values, &mut sc.costs);
        // Every unit's `backed_value`, sized at once (a flattened collect grows step by step).
        v.clear();
        v.reserve(self.values.len());
        for b in 0..self.buyers() {
            let budget = self.budgets[b].min(u32::MAX as u64) as u32;
            v.extend(self.buyer_values(b).iter().map(|&x| x.min(budget)));
        }
        c.clear();
        c.extend_from_slice(&self.costs);
        // Only as many of the highest values as there are costs can pair: those are
        // selected, then sorted.
        if c.len() < v.len() {
            if c.is_empty() {
                return 0;
            }
            v.select_nth_unstable_by(c.len() - 1, |a, b| b.cmp(a));
            v.truncate(c.len());
        }
        v.sort_unstable_by(|a, b| b.cmp(a));
        c.sort_unstable();
        v.iter()
            .zip(c.iter())
            .take_while(|(v, c)| v > c)
            .map(|(v, c)| *v as i64 - *c as i64)
            .sum()
    }
}

/// A unit that changed hands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trade {
    pub buyer: u32,
    pub seller: u32,
    /// Which of the buyer's units (0 for the first).
    pub buyer_unit: u32,
    /// Which of the seller's units.
    pub seller_unit: u32,
    pub price: u32,
    /// Part of the price that is the seller's surcharge.
    pub surcharge: u32,
}

/// A crossing shout that did not trade because of the pair's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub buyer: u32,
    pub seller: u32,
    /// Who refused, or `None` when the surcharge or aversion priced the trade out.
    pub by: Option<Role>,
}

/// What a market run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub trades: Vec<Trade>,
    pub refusals: Vec<Refusal>,
    /// Shouts made before the market ran out of possible trades.
    pub shouts: u32,
}

impl Outcome {
    /// Realised surplus: value (within budget) less cost of every traded unit.
    pub fn surplus(&self, market: &Market) -> i64 {
        self.trades
            .iter()
            .map(|t| {
                let v = market.backed_value(t.buyer as usize, t.buyer_unit as usize);
                let c = market.seller_costs(t.seller as usize)[t.seller_unit as usize];
                v as i64 - c as i64
            })
            .sum()
    }
}

/// Reusable buffers, so a run allocates nothing per shout.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// Next unit of each trader (buyers first, then sellers).
    next: Vec<u32>,
    budget: Vec<u64>,
    /// Traders with units left, in a deterministic order, each with the price range of its
    /// next shout: a shout reads one entry.
    active: Vec<Shouter>,
    /// Each trader's index in `active`, or `NONE`.
    pos: Vec<u32>,
    /// `Market::max_surplus_in`'s lists of backed values and costs.
    values: Vec<u32>,
    costs: Vec<u32>,
}

/// A trader in the draw and the price range of its next shout.
#[derive(Debug, Clone, Copy)]
struct Shouter {
    t: u32,
    lo: u32,
    hi: u32,
}

const NONE: u32 = u32::MAX;

impl Scratch {
    /// Trader `t`'s price range for its next unit (`lo > hi` when it has no unit left).
    fn range(&self, market: &Market, kind: TraderKind, t: usize) -> (u32, u32) {
        let nb = market.buyers();
        let (floor, ceiling) = (market.floor, market.ceiling);
        let i = self.next[t] as usize;
        if t < nb {
            match market.buyer_values(t).get(i) {
                Some(&v) => {
                    let cap = match kind {
                        TraderKind::ZiC => v,
                        TraderKind::ZiU => ceiling,
                    };
                    let budget = self.budget[t].min(u32::MAX as u64) as u32;
                    (floor, cap.min(ceiling).min(budget))
                }
                None => (1, 0),
            }
        } else {
            match market.seller_costs(t - nb).get(i) {
                Some(&c) => match kind {
                    TraderKind::ZiC => (c.max(floor), ceiling),
                    TraderKind::ZiU => (floor, ceiling),
                },
                None => (1, 0),
            }
        }
    }

    /// Set active trader `t`'s range for its next unit, or take it out of the draw.
    fn update(&mut self, market: &Market, kind: TraderKind, t: usize) {
        let (lo, hi) = self.range(market, kind, t);
        let i = self.pos[t];
        if i == NONE {
            return;
        }
        if lo <= hi {
            let a = &mut self.active[i as usize];
            (a.lo, a.hi) = (lo, hi);
            return;
        }
        let last = self.active.last().map_or(t as u32, |a| a.t);
        self.active.swap_remove(i as usize);
        if last as usize != t {
            self.pos[last as usize] = i;
        }
        self.pos[t] = NONE;
    }

    /// Whether any trade is still possible: ZI-C stops once no active buyer's highest bid
    /// reaches any active seller's lowest ask (no later shout could trade).
    fn possible(&self, nb: usize, kind: TraderKind) -> bool {
        let (mut best_bid, mut best_ask) = (0u32, u32::MAX);
        let (mut buyers, mut sellers) = (false, false);
        for a in &self.active {
            if (a.t as usize) < nb {
                buyers = true;
                best_bid = best_bid.max(a.hi);
            } else {
                sellers = true;
                best_ask = best_ask.min(a.lo);
            }
        }
        buyers && sellers && (kind == TraderKind::ZiU || best_bid >= best_ask)
    }

    /// `possible` after buyer `b` and seller `s` (trader indices) traded: answered at once
    /// while that pair can still trade with each other (the best bid is at least the
    /// buyer's, the best ask at most the seller's), by a pass over the draw otherwise.
    fn still_possible(&self, nb: usize, kind: TraderKind, b: usize, s: usize) -> bool {
        let (pb, ps) = (self.pos[b], self.pos[s]);
        if pb != NONE
            && ps != NONE
            && (kind == TraderKind::ZiU
                || self.active[pb as usize].hi >= self.active[ps as usize].lo)
        {
            return true;
        }
        self.possible(nb, kind)
    }
}

/// A uniform draw from `0..n` (n ≥ 1) by Lemire's multiply-and-reject method: exact, usually
/// one 32-bit draw, and ours, so a dependency update cannot change the numbers.
pub fn below<R: Rng + ?Sized>(rng: &mut R, n: u32) -> u32 {
    debug_assert!(n > 0);
    let mut m = rng.next_u32() as u64 * n as u64;
    if (m as u32) < n {
        let t = n.wrapping_neg() % n;
        while (m as u32) < t {
            m = rng.next_u32() as u64 * n as u64;
        }
    }
    (m >> 32) as u32
}

/// Run `shouts` shouts of a market; trades and refusals go to `out` (cleared first).
pub fn run<R: Rng + ?Sized>(
    market: &Market,
    kind: TraderKind,
    shouts: u32,
    rng: &mut R,
    sc: &mut Scratch,
    out: &mut Outcome,
) {
    run_with(market, kind, shouts, rng, sc, out, |b, s| {
        market.terms(b, s)
    });
}

/// `run`, with each crossing pair's terms from `terms(buyer, seller)` instead of
/// `market.terms`: a market where nearly everyone is on both sides (the labour market)
/// decides them only for the pairs that meet, not for every pair.
pub fn run_with<R: Rng + ?Sized>(
    market: &Market,
    kind: TraderKind,
    shouts: u32,
    rng: &mut R,
    sc: &mut Scratch,
    out: &mut Outcome,
    mut terms_of: impl FnMut(usize, usize) -> Terms,
) {
    out.trades.clear();
    out.refusals.clear();
    out.shouts = 0;
    let nb = market.buyers();
    let n = nb + market.sellers();
    if market.ceiling < market.floor {
        return;
    }
    sc.next.clear();
    sc.next.resize(n, 0);
    sc.budget.clear();
    sc.budget.extend_from_slice(&market.budgets);
    sc.active.clear();
    sc.pos.clear();
    sc.pos.resize(n, NONE);
    for t in 0..n {
        let (lo, hi) = sc.range(market, kind, t);
        if lo <= hi {
            sc.pos[t] = sc.active.len() as u32;
            sc.active.push(Shouter {
                t: t as u32,
                lo,
                hi,
            });
        }
    }
    if !sc.possible(nb, kind) {
        return;
    }
    // The book: standing bid and ask (trader, price); price 0 / MAX when empty.
    let (mut bid_t, mut bid_p) = (0usize, 0u32);
    let (mut ask_t, mut ask_p) = (0usize, u32::MAX);
    // Counted here and stored once: `out` is behind a reference the loop also pushes to.
    let mut used = 0u32;
    while used < shouts {
        used += 1;
        let Shouter { t, lo, hi } = sc.active[below(rng, sc.active.len() as u32) as usize];
        let t = t as usize;
        let p = lo + below(rng, hi - lo + 1);
        // (buyer, seller, price, surcharge) of a trade this shout makes, if the terms hold.
        let mut deal = None;
        if t < nb {
            if ask_p != u32::MAX && p >= ask_p {
                let s = ask_t;
                let terms = terms_of(t, s);
                let surcharge = premium(ask_p, terms.surcharge_permille);
                let needed = ask_p.saturating_add(premium(
                    ask_p,
                    terms.surcharge_permille + terms.aversion_permille,
                ));
                if terms.refused_by.is_none() && p >= needed {
                    deal = Some((t, s, ask_p + surcharge, surcharge));
                } else {
                    out.refusals.push(Refusal {
                        buyer: t as u32,
                        seller: s as u32,
                        by: terms.refused_by,
                    });
                    // The refused bid still stands for other sellers, so a bigot's ask
                    // cannot block the book.
                    if p > bid_p {
                        (bid_t, bid_p) = (t, p);
                    }
                }
            } else if p > bid_p {
                (bid_t, bid_p) = (t, p);
            }
        } else {
            let s = t - nb;
            if bid_p != 0 && p <= bid_p {
                let terms = terms_of(bid_t, s);
                let needed = p.saturating_add(premium(
                    p,
                    terms.surcharge_permille + terms.aversion_permille,
                ));
                if terms.refused_by.is_none() && needed <= bid_p {
                    let surcharge = premium(p, terms.surcharge_permille).min(bid_p - p);
                    deal = Some((bid_t, s, bid_p, surcharge));
                } else {
                    out.refusals.push(Refusal {
                        buyer: bid_t as u32,
                        seller: s as u32,
                        by: terms.refused_by,
                    });
                    if p < ask_p {
                        (ask_t, ask_p) = (s, p);
                    }
                }
            } else if p < ask_p {
                (ask_t, ask_p) = (s, p);
            }
        }
        let Some((b, s, price, surcharge)) = deal else {
            continue;
        };
        out.trades.push(Trade {
            buyer: b as u32,
            seller: s as u32,
            buyer_unit: sc.next[b],
            seller_unit: sc.next[nb + s],
            price,
            surcharge,
        });
        sc.next[b] += 1;
        sc.next[nb + s] += 1;
        sc.budget[b] = sc.budget[b].saturating_sub(price as u64);
        match market.book {
            Book::Clears => (bid_p, ask_p) = (0, u32::MAX),
            // The crossed order is gone; the shouter's own standing order was for the unit
            // that just traded, so it goes too.
            Book::Keeps if t < nb => {
                ask_p = u32::MAX;
                if bid_t == b {
                    bid_p = 0;
                }
            }
            Book::Keeps => {
                bid_p = 0;
                if ask_t == s {
                    ask_p = u32::MAX;
                }
            }
        }
        sc.update(market, kind, b);
        sc.update(market, kind, nb + s);
        if !sc.still_possible(nb, kind, b, nb + s) {
            break;
        }
    }
    out.shouts = used;
}

/// `price × permille / 1000`, rounded up (0 when either is 0).
pub fn premium(price: u32, permille: u32) -> u32 {
    ((price as u64 * permille as u64).div_ceil(1000)).min(u32::MAX as u64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng;
    use proptest::prelude::*;

    fn market(buyers: &[Vec<u32>], sellers: &[Vec<u32>], budgets: &[u64]) -> Market {
        let mut m = Market::new(1, 200);
        for (b, v) in buyers.iter().enumerate() {
            m.add_buyer(v.iter().copied(), budgets[b % budgets.len()]);
        }
        for c in sellers {
            m.add_seller(c.iter().copied());
        }
        m
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// ZI-C never trades above a buyer's value or budget, nor below a seller's cost; units
        /// trade in order, each at most once — under either book rule.
        #[test]
        fn zic_trades_within_values_costs_and_budgets(
            buyers in proptest::collection::vec(proptest::collection::vec(1u32..150, 1..6), 1..6),
            sellers in proptest::collection::vec(proptest::collection::vec(1u32..150, 1..6), 1..6),
            budgets in proptest::collection::vec(0u64..300, 1..6),
            seed in any::<u64>(),
            shouts in 1u32..800,
            keeps in any::<bool>(),
        ) {
            let mut m = market(&buyers, &sellers, &budgets);
            m.book = if keeps { Book::Keeps } else { Book::Clears };
            let mut out = Outcome::default();
            run(&m, TraderKind::ZiC, shouts, &mut rng::stream(seed, "t", 1, 0), &mut Scratch::default(), &mut out);
            let mut spent = vec![0u64; m.buyers()];
            let mut next_b = vec![0u32; m.buyers()];
            let mut next_s = vec![0u32; m.sellers()];
            for t in &out.trades {
                let (b, s) = (t.buyer as usize, t.seller as usize);
                prop_assert_eq!(t.buyer_unit, next_b[b]);
                prop_assert_eq!(t.seller_unit, next_s[s]);
                next_b[b] += 1;
                next_s[s] += 1;
                prop_assert!(t.price <= m.buyer_values(b)[t.buyer_unit as usize]);
                prop_assert!(t.price >= m.seller_costs(s)[t.seller_unit as usize]);
                spent[b] += t.price as u64;
                prop_assert!(spent[b] <= m.budgets[b]);
            }
            prop_assert!(out.surplus(&m) <= m.max_surplus());
            prop_assert!(out.shouts <= shouts);
        }
    }

    #[test]
    fn same_seed_same_trades() {
        let m = market(
            &[vec![102, 97, 92], vec![90, 80]],
            &[vec![34, 46], vec![58, 70]],
            &[u64::MAX],
        );
        let go = |seed| {
            let mut out = Outcome::default();
            run(
                &m,
                TraderKind::ZiC,
                300,
                &mut rng::stream(seed, "t", 1, 0),
                &mut Scratch::default(),
                &mut out,
            );
            out
        };
        assert_eq!(go(1), go(1));
        assert_ne!(go(1).trades, go(2).trades);
    }

    #[test]
    fn refusals_and_premiums_follow_the_terms() {
        let mut m = market(&[vec![100]], &[vec![10]], &[u64::MAX]);
        m.terms = vec![(
            0,
            0,
            Terms {
                refused_by: Some(Role::Seller),
                ..Terms::default()
            },
        )];
        let mut out = Outcome::default();
        let mut r = rng::stream(1, "t", 1, 0);
        run(
            &m,
            TraderKind::ZiC,
            500,
            &mut r,
            &mut Scratch::default(),
            &mut out,
        );
        assert!(out.trades.is_empty() && !out.refusals.is_empty());
        m.terms[0].2 = Terms {
            surcharge_permille: 500,
            ..Terms::default()
        };
        run(
            &m,
            TraderKind::ZiC,
            500,
            &mut r,
            &mut Scratch::default(),
            &mut out,
        );
        assert_eq!(out.trades.len(), 1);
        let t = out.trades[0];
        assert!(t.surcharge > 0 && t.price <= 100 && t.price - t.surcharge >= 10);
    }

    #[test]
    fn below_is_uniform_enough_and_in_range() {
        let mut r = rng::stream(9, "t", 1, 0);
        let mut counts = [0u32; 6];
        for _ in 0..60_000 {
            counts[below(&mut r, 6) as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_000..11_000).contains(&c)),
            "{counts:?}"
        );
    }
}
