//! Paid work: a labour market held before production, cleared by the same double auction
//! as goods, so a member with skills but nothing to sell can sell days of their working time
//! to a producer with more means than hands.
//!
//! - Workers: every present member with a skill offers `labour.days` days (fewer when last
//!   turn's meetings and markets took their time). A day's ask is what it would make on their
//!   own lines at the reference prices — a good of theirs they already hold unsold counts only
//!   at its salvage value — and never less than 1. Each day sold is that share of their own
//!   output lost this turn. A member with no skill cannot work, and earns nothing here.
//! - Employers: every present member working a traded line (its output is theirs and sold at
//!   market). Their means (skill, tools) are fixed within the turn, so a line's output is
//!   Cobb–Douglas in the labour on it: each hired day adds less than the one before. A day is
//!   valued at what it adds, priced like the worker's; they spend at most the scrip left after
//!   what their unmet needs would cost.
//! - Wages pass from employer to worker at the trade price (scrip is conserved); what the days
//!   made goes to the employer's output (`production::run`), scaled by the worker's hunger.
//!   Prejudice bends who hires whom as at any market (`market::terms`, Becker); trading
//!   partners' bonds grow.

use crate::engine::bonds::{Contact, Tone};
use crate::engine::ctx::TurnCtx;
use crate::engine::events;
use crate::engine::market::cda::{self, Outcome, Scratch, Terms};
use crate::engine::market::schedule::Schedules;
use crate::engine::market::terms;
use crate::engine::params::MarketParams;
use crate::engine::production::{self, MILLI};
use crate::engine::report::Entry;
use crate::engine::report::labour::{Hire, LabourRecord, NotHired, Offered, Sought};
use crate::engine::report::market::{Marked, MarketEvent};
use crate::engine::state::{MemberState, State};
use crate::engine::types::{GoodId, MemberId, Regime, Role};
use crate::engine::world::World;

/// The most days one employer seeks in a turn.
const MAX_DAYS: u32 = 64;

/// Whether good `g` is a traded line: its output stays with its maker (it is not held in
/// common) and is sold at market (its regime or fallback is `Exchange`).
fn traded(state: &State, g: GoodId) -> bool {
    let gs = &state.goods[g];
    gs.regime != Regime::Commons
        && (gs.regime == Regime::Exchange || gs.fallback == Some(Regime::Exchange))
}

/// Units of `good` a member holds beyond their needs, wants and interests: stock carried
/// into the turn that did not sell.
fn unsold(member: &MemberState, good: GoodId) -> u32 {
    let wants = member.wants.iter().filter(|w| w.0 == good).map(|w| w.1);
    let interests = member
        .interests
        .iter()
        .filter(|i| i.good == good)
        .map(|i| i.amount);
    let kept = wants
        .chain(interests)
        .fold(member.need_of(good), u32::saturating_add);
    member.holdings[good].saturating_sub(kept)
}

/// What one more unit of `good` is worth to a member: its reference price, or its salvage
/// value (`salvage_pct` of it) when it would be theirs to sell and they already hold some
/// unsold. Output of a `Commons` good goes to the pool, so their own stock does not cheapen it.
fn worth(p: &MarketParams, state: &State, m: MemberId, good: GoodId, price: u32) -> f64 {
    let own = state.goods[good].regime != Regime::Commons;
    if own && unsold(&state.members[m], good) > 0 {
        price as f64 * p.salvage_pct as f64 / 100.0
    } else {
        price as f64
    }
}

/// What a day of member `m`'s own work would fetch: what it makes on each of their lines
/// (at their hunger, tools and any shock), at `worth`.
fn own_day(world: &World, state: &State, m: MemberId, prices: &[u32]) -> f64 {
    let member = &state.members[m];
    let days = state.params.labour.days.max(1) as u64;
    let hunger = production::hunger_pct(&state.params.deprivation, member.hunger);
    let mut value = 0.0;
    for (g, def) in world.goods.iter().enumerate() {
        let (skill, share) = (member.skills[g] as u64, member.work[g].min(100) as u64);
        if skill == 0 || share == 0 {
            continue;
        }
        let milli = skill * MILLI * share / 100 * hunger / 100 * production::tool_pct(def, member)
            / 100
            * events::output_pct(state, m, g)
            / 100;
        let units = milli as f64 / (MILLI * days) as f64;
        value += units * worth(&state.params.market, state, m, g, prices[g]);
    }
    value
}

/// One of an employer's lines: the good, the owner's share of time on it (in percent, the
/// key of its `Factors` row), the days hired on it so far, what a unit is worth to them, its
/// output at full time (thousandths of a unit, with their tools and any shock) times the share,
/// what its next hired day makes, and that times its worth.
#[derive(Debug, Clone)]
struct Line {
    good: GoodId,
    pct: u32,
    hired: u32,
    worth: f64,
    scale: f64,
    next: f64,
    value: f64,
}

impl Line {
    /// What hired day `hired` makes, in thousandths of a unit: the rise in the line's
    /// Cobb–Douglas output `full·s·((s + h)/s)^α` as hired time h grows by one day (`row`:
    /// the line's factors, `Factors::rows`).
    fn day(&self, row: &[[f64; 2]]) -> f64 {
        let [lower, upper] = row[self.hired as usize];
        self.scale * upper - self.scale * lower
    }

    /// Take the next hired day's output and its worth.
    fn set_next(&mut self, row: &[[f64; 2]]) {
        self.next = self.day(row);
        self.value = self.next * self.worth;
    }
}

/// What the labour market carries from turn to turn (`turn::Carry`): the Cobb–Douglas
/// factors (values of a pure function), and its lists, kept at their size so that a turn
/// does not grow them afresh (each is cleared before a turn uses it), so nothing here
/// changes an outcome.
#[derive(Debug, Clone, Default)]
pub struct Curve {
    factors: Factors,
    /// The market (who is who, each day's value and cost).
    s: Schedules,
    /// Each bought day's line and output, parallel to the buyers' values.
    put_to: Vec<(GoodId, f64)>,
    /// One employer's days (`hands`): their values, and their lines and outputs.
    days: Vec<u32>,
    days_put: Vec<(GoodId, f64)>,
    lines: Vec<Line>,
    met: Met,
    scratch: Scratch,
    out: Outcome,
    /// Days each seller sold.
    sold: Vec<u32>,
    prices: Vec<u32>,
}

/// The Cobb–Douglas factors `((s + h)/s)^α` of a line at both ends of each hired day,
/// remembered from turn to turn by share in percent and hired day while the days a hand
/// offers and α stay the same: `libm::pow` was a tenth of a Riverside turn, and employers
/// ask for the same few values every turn. The key and the days and α fix the arguments,
/// so the bits are those `pow` gives.
#[derive(Debug, Clone, Default)]
struct Factors {
    /// The days and α (its bits) the factors were computed for.
    of: (u32, u64),
    /// By share in percent: the factors at the start and the end of each hired day, from the
    /// first (a line hires its days in order, so the days asked for are always a prefix).
    rows: Vec<Vec<[f64; 2]>>,
}

impl Factors {
    /// Forget the factors unless they were computed for these days and α.
    fn keep_for(&mut self, days: u32, alpha: f64) {
        if self.of != (days, alpha.to_bits()) {
            self.of = (days, alpha.to_bits());
            self.rows.clear();
        }
    }

    /// Have the factors of the first `len` hired days of a line at `pct` per cent.
    fn extend(&mut self, pct: u32, len: u32) {
        let (pct, len) = (pct as usize, len as usize);
        if self.rows.len() <= pct {
            self.rows.resize_with(pct + 1, Vec::new);
        }
        let row = &mut self.rows[pct];
        if row.len() >= len {
            return;
        }
        let (days, alpha) = (self.of.0 as f64, f64::from_bits(self.of.1));
        let s = pct as f64 / 100.0;
        let at = |h: f64| libm::pow((s + h) / s, alpha);
        while row.len() < len {
            let k = row.len();
            let h = k as f64 / days;
            // A day's start is the last day's end when their h have the same bits (`pow` of
            // the same argument): half the calls.
            let lower = match row.last() {
                Some(&[_, end])
                    if ((k - 1) as f64 / days + 1.0 / days).to_bits() == h.to_bits() =>
                {
                    end
                }
                _ => at(h),
            };
            row.push([lower, at(h + 1.0 / days)]);
        }
    }
}

/// Employer `m`'s hired days, in the order they would be put to work (each to the line where
/// it is worth most), at most `cap` (≤ `MAX_DAYS`, the length of `values` and `put_to`): each
/// day's value is written to `values` and its (good, thousandths of a unit) to `put_to`, from
/// the first. Returns how many.
#[allow(clippy::too_many_arguments)]
fn hands(
    world: &World,
    state: &State,
    m: MemberId,
    prices: &[u32],
    cap: u32,
    factors: &mut Factors,
    lines: &mut Vec<Line>,
    values: &mut [u32],
    put_to: &mut [(GoodId, f64)],
) -> u32 {
    let member = &state.members[m];
    lines.clear();
    for (g, def) in world.goods.iter().enumerate() {
        if !(traded(state, g) && member.skills[g] > 0 && member.work[g] > 0) {
            continue;
        }
        let full = member.skills[g] as u64 * MILLI * production::tool_pct(def, member) / 100
            * events::output_pct(state, m, g)
            / 100;
        let pct = member.work[g].min(100);
        // A line takes at most `cap` days, so its first `cap` days' factors are all it reads.
        factors.extend(pct, cap);
        lines.push(Line {
            good: g,
            pct,
            hired: 0,
            worth: worth(&state.params.market, state, m, g, prices[g]),
            scale: full as f64 * (pct as f64 / 100.0),
            next: 0.0,
            value: 0.0,
        });
    }
    if lines.is_empty() || cap == 0 {
        return 0;
    }
    let rows = &factors.rows;
    for line in lines.iter_mut() {
        line.set_next(&rows[line.pct as usize]);
    }
    let mut n = 0usize;
    let cap = cap as usize;
    let (values, put_to) = (&mut values[..cap], &mut put_to[..cap]);
    while n < cap {
        // The line where the next day is worth most (the first of equals).
        let mut best = 0;
        for i in 1..lines.len() {
            if lines[i].value > lines[best].value {
                best = i;
            }
        }
        // It stays so while its next day is worth more than any line's before it and at
        // least any line's after it: its days are taken in one run.
        let most = |of: &[Line]| of.iter().map(|l| l.value).fold(f64::NEG_INFINITY, f64::max);
        let (before, after) = (most(&lines[..best]), most(&lines[best + 1..]));
        let line = &mut lines[best];
        let row = &rows[line.pct as usize][..cap];
        // The run in locals, and into slices (a day is some 30 instructions, not 65 with
        // the line and two vectors' lengths in memory); `set_next`'s arithmetic.
        let (good, scale, worth) = (line.good, line.scale, line.worth);
        let (mut hired, mut next, mut value) = (line.hired as usize, line.next, line.value);
        loop {
            let v = round(value / MILLI as f64);
            if v < 1 {
                return n as u32;
            }
            values[n] = v;
            put_to[n] = (good, next);
            n += 1;
            hired += 1;
            // A day past the last one taken is never read.
            if n == cap {
                return n as u32;
            }
            let [lower, upper] = row[hired];
            next = scale * upper - scale * lower;
            value = next * worth;
            if !(value > before && value >= after) {
                break;
            }
        }
        (line.hired, line.next, line.value) = (hired as u32, next, value);
    }
    n as u32
}

/// Round half up; values are small, so the cast cannot overflow.
fn round(v: f64) -> u32 {
    (v + 0.5).min(u32::MAX as f64) as u32
}

/// Every worker's offer, added to the market as a seller of days at their ask.
fn offer(world: &World, state: &State, prices: &[u32], s: &mut Schedules) -> Vec<Offered> {
    let days = state.params.labour.days.max(1);
    let ceiling = state.params.market.price_ceiling;
    let mut workers = Vec::with_capacity(state.members.len());
    for (m, member) in state.members.iter().enumerate() {
        if !member.present || member.skills.iter().all(|&k| k == 0) {
            continue;
        }
        // Days left after last turn's meetings and markets, to the nearest day.
        let free = 1000 - member.time_spent_permille.min(1000);
        let offered = (days * free + 500) / 1000;
        let ask = round(own_day(world, state, m, prices)).max(1);
        if offered == 0 || ask > ceiling {
            continue;
        }
        s.market
            .add_seller(std::iter::repeat_n(ask, offered as usize));
        s.sellers.push(m);
        workers.push(Offered {
            member: m,
            days: offered,
            ask,
        });
    }
    workers
}

/// Every employer's demand, added to the market as a buyer of days at what each adds; with
/// each day's line and output in `put_to`, parallel to the buyers' values.
#[allow(clippy::too_many_arguments)]
fn seek(
    world: &World,
    state: &State,
    prices: &[u32],
    supply: u32,
    s: &mut Schedules,
    factors: &mut Factors,
    lines: &mut Vec<Line>,
    (values, put): (&mut [u32], &mut [(GoodId, f64)]),
    put_to: &mut Vec<(GoodId, f64)>,
) -> Vec<Sought> {
    // At most one a member, as `offer`'s workers.
    let mut employers = Vec::with_capacity(state.members.len());
    for (m, member) in state.members.iter().enumerate() {
        if !member.present {
            continue;
        }
        // The scrip their unmet needs would cost this turn is not spent on hands.
        let keep: u64 = (0..world.goods.len())
            .map(|g| member.need_of(g).saturating_sub(member.holdings[g]) as u64 * prices[g] as u64)
            .sum();
        let budget = member.scrip.saturating_sub(keep);
        if budget == 0 {
            continue;
        }
        let days = hands(world, state, m, prices, supply, factors, lines, values, put);
        if days == 0 {
            continue;
        }
        let (values, put) = (&values[..days as usize], &put[..days as usize]);
        s.market.add_buyer(values.iter().copied(), budget);
        put_to.extend_from_slice(put);
        s.buyers.push(m);
        employers.push(Sought {
            member: m,
            days,
            value: values[0],
            budget,
        });
    }
    employers
}

/// Hold the turn's labour market and record it in `ctx.report.labour`; `curve` is what the
/// game carries for it (`turn::Carry`).
pub fn run(ctx: &mut TurnCtx, curve: &mut Curve) {
    let world = ctx.world;
    let state = &*ctx.state;
    let p = state.params.market.clone();
    let shouts = p.depth.saturating_mul(state.policy.market_days);
    if !state.policy.hiring || shouts == 0 {
        return;
    }
    // Without a traded line nobody hires, and the market would close before its first shout.
    if !(0..world.goods.len()).any(|g| traded(state, g)) {
        return;
    }
    let Curve {
        factors,
        s,
        put_to,
        days: day_values,
        days_put,
        lines,
        met,
        scratch,
        out,
        sold,
        prices,
    } = curve;
    let days = state.params.labour.days.max(1);
    prices.clear();
    prices.extend((0..world.goods.len()).map(|g| {
        state.goods[g]
            .last_price
            .unwrap_or(world.goods[g].base_cost)
    }));
    // The empty market of `Market::new(1, ceiling)`, in last turn's lists.
    let market = &mut s.market;
    for list in [&mut market.buyer_offsets, &mut market.seller_offsets] {
        list.clear();
        list.push(0);
    }
    market.values.clear();
    market.costs.clear();
    market.budgets.clear();
    (market.floor, market.ceiling) = (1, p.price_ceiling);
    s.buyers.clear();
    s.sellers.clear();
    let workers = offer(world, state, prices, s);
    if workers.is_empty() {
        return;
    }
    let supply = workers.iter().map(|w| w.days).sum::<u32>().min(MAX_DAYS);
    put_to.clear();
    day_values.resize(MAX_DAYS as usize, 0);
    days_put.resize(MAX_DAYS as usize, (0, 0.0));
    factors.keep_for(days, state.params.labour.labour_share);
    let employers = seek(
        world,
        state,
        prices,
        supply,
        s,
        factors,
        lines,
        (day_values, days_put),
        put_to,
    );
    // Prices run up to twice the highest first day's value, as the goods markets' ceiling is
    // twice the highest first unit's (Gode & Sunder's range): a day is worth a few scrip, and
    // asks spread up to the goods' ceiling would seldom meet a bid.
    let Some(top) = employers.iter().map(|e| e.value).max() else {
        return;
    };
    s.market.ceiling = top.saturating_mul(2).min(p.price_ceiling);
    // Each pair's terms, decided when they first meet (`Met`).
    met.pairs.clear();
    met.biases.clear();
    let s = &*s;
    cda::run_with(
        &s.market,
        p.trader,
        shouts,
        &mut ctx.rng("labour", 0),
        scratch,
        out,
        |b, si| met.terms(ctx, &p, s, (b, si)),
    );
    // Pay the wages and note what each day made, by (employer, worker, good).
    let dep = ctx.state.params.deprivation.clone();
    // One hire a day, gathered by (employer, worker, good) below.
    let mut hires: Vec<Hire> = Vec::with_capacity(out.trades.len());
    sold.clear();
    sold.resize(s.sellers.len(), 0);
    for t in &out.trades {
        let (b, si) = (t.buyer as usize, t.seller as usize);
        let (e, w) = (s.buyers[b], s.sellers[si]);
        let price = t.price as u64;
        let members = &mut ctx.state.members;
        if members[e].scrip < price {
            continue;
        }
        members[e].scrip -= price;
        members[w].scrip = members[w].scrip.saturating_add(price);
        sold[si] += 1;
        let (good, milli) = put_to[(s.market.buyer_offsets[b] + t.buyer_unit) as usize];
        // A hungry hand makes less, as they would at their own work.
        let hunger = production::hunger_pct(&dep, members[w].hunger);
        let made = (milli * hunger as f64 / 100.0 + 0.5) as u64;
        hires.push(Hire {
            employer: e,
            worker: w,
            good,
            days: 1,
            wages: price,
            milli: made,
        });
    }
    hires.sort_unstable_by_key(|h| (h.employer, h.worker, h.good));
    hires.dedup_by(|h, into| {
        let same = (h.employer, h.worker, h.good) == (into.employer, into.worker, into.good);
        if same {
            into.days += h.days;
            into.wages += h.wages;
            into.milli += h.milli;
        }
        same
    });
    // Each day sold is that share of the worker's own time this turn.
    for (si, &n) in sold.iter().enumerate() {
        let t = &mut ctx.state.members[s.sellers[si]].time_spent_permille;
        *t = t.saturating_add(n * 1000 / days).min(1000);
    }
    let mut rec = LabourRecord {
        shouts,
        shouts_used: out.shouts,
        workers,
        employers,
        hires,
        refusals: Vec::new(),
    };
    for h in &rec.hires {
        ctx.touch(h.employer, h.worker, Contact::Trade, Tone::Warm);
    }
    // Who would not deal with whom, once per pair (a member never hires themself).
    for r in &out.refusals {
        let (b, si) = (r.buyer as usize, r.seller as usize);
        let pair = (s.buyers[b], s.sellers[si]);
        let found = met.biases(b, si).iter().find(|x| x.2 || r.by.is_none());
        let Some(&(holder, dimension, _)) = found else {
            continue;
        };
        let (by, of) = match holder {
            Role::Buyer => pair,
            Role::Seller => (pair.1, pair.0),
        };
        if by == of || rec.refusals.iter().any(|x| x.by == by && x.of == of) {
            continue;
        }
        let marked = Marked {
            dimension,
            mark: ctx.state.members[of]
                .marks
                .get(dimension)
                .copied()
                .unwrap_or_default(),
        };
        rec.refusals.push(NotHired {
            by,
            of,
            role: holder,
            marked,
        });
    }
    for w in rec.worked() {
        ctx.report
            .chronicle
            .push(Entry::Market(MarketEvent::Worked(w)));
    }
    for &r in &rec.refusals {
        ctx.report
            .chronicle
            .push(Entry::Market(MarketEvent::NotHired(r)));
    }
    ctx.report.labour = rec;
}

/// The terms of each (employer, worker) pair that met in the market, decided the first time
/// they do, each pair from its own stream (so the order they meet in does not matter): a
/// member never hires themself; otherwise prejudice works as at any market
/// (`terms::decide`, Becker). Deciding only for pairs that meet keeps a market where nearly
/// everyone is on both sides linear in its members.
#[derive(Debug, Clone, Default)]
struct Met {
    /// (buyer, seller) of each pair met, sorted, with its terms and the range of its
    /// prejudices in `biases`.
    pairs: Vec<(u32, u32, Terms, u32, u32)>,
    biases: Vec<Prejudice>,
}

/// A prejudice at work in a pair: whose (holder), against which dimension, and whether it
/// refused.
type Prejudice = (Role, usize, bool);

impl Met {
    fn terms(
        &mut self,
        ctx: &TurnCtx,
        p: &MarketParams,
        s: &Schedules,
        (b, si): (usize, usize),
    ) -> Terms {
        let key = (b as u32, si as u32);
        let at = match self.pairs.binary_search_by_key(&key, |x| (x.0, x.1)) {
            Ok(i) => return self.pairs[i].2,
            Err(i) => i,
        };
        let (e, w) = (s.buyers[b], s.sellers[si]);
        let members = &ctx.state.members;
        let from = self.biases.len() as u32;
        let t = if e == w {
            Terms {
                refused_by: Some(Role::Buyer),
                ..Terms::default()
            }
        } else if terms::strongest(&members[w], &members[e]).is_none()
            && terms::strongest(&members[e], &members[w]).is_none()
        {
            // No prejudice of either meets the other's marks: nothing to decide or draw.
            Terms::default()
        } else {
            let mut rng = ctx.rng("labour-terms", ((e as u64) << 32) | w as u64);
            let biases = &mut self.biases;
            terms::decide(p, &members[e], &members[w], &mut rng, |h, d, r| {
                biases.push((h, d, r))
            })
        };
        let to = self.biases.len() as u32;
        self.pairs.insert(at, (key.0, key.1, t, from, to));
        t
    }

    /// The prejudices at work between buyer `b` and seller `si` (none if they never met).
    fn biases(&self, b: usize, si: usize) -> &[Prejudice] {
        let key = (b as u32, si as u32);
        match self.pairs.binary_search_by_key(&key, |x| (x.0, x.1)) {
            Ok(i) => &self.biases[self.pairs[i].3 as usize..self.pairs[i].4 as usize],
            Err(_) => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Factors, Line};

    /// The factors of a line's first `len` hired days at `pct` per cent, for `days` and α.
    fn factors(days: u32, alpha: f64, pct: u32, len: u32) -> Factors {
        let mut factors = Factors::default();
        factors.keep_for(days, alpha);
        factors.extend(pct, len);
        factors
    }

    /// A line its owner works full time: a whole hired hand (five days) adds 2^⅔ − 1 of the
    /// owner's output, each day less than the one before.
    #[test]
    fn hired_days_add_cobb_douglas_output_each_less_than_the_last() {
        let alpha = 2.0 / 3.0;
        let five = factors(5, alpha, 100, 10);
        let mut line = Line {
            good: 0,
            pct: 100,
            hired: 0,
            worth: 1.0,
            scale: 9000.0,
            next: 0.0,
            value: 0.0,
        };
        let mut days = Vec::new();
        for _ in 0..10 {
            days.push(line.day(&five.rows[100]));
            line.hired += 1;
        }
        // Remembered factors give the bits `pow` gives, as computing them afresh does.
        line.hired = 3;
        let (s, h) = (1.0, 3.0 / 5.0);
        let direct = 9000.0 * s * libm::pow((s + (h + 1.0 / 5.0)) / s, alpha)
            - 9000.0 * s * libm::pow((s + h) / s, alpha);
        assert_eq!(line.day(&five.rows[100]).to_bits(), direct.to_bits());
        let four = factors(5, alpha, 100, 4);
        assert_eq!(line.day(&four.rows[100]).to_bits(), direct.to_bits());
        assert!(days.windows(2).all(|d| d[1] < d[0]));
        let hand: f64 = days[..5].iter().sum();
        assert!((hand - 9000.0 * (libm::pow(2.0, alpha) - 1.0)).abs() < 1e-9);
        // The owner at half time: half a hand doubles the labour on the line.
        (line.pct, line.scale) = (50, 9000.0 * 0.5);
        line.hired = 0;
        let ten = factors(10, alpha, 50, 5);
        let half: f64 = (0..5)
            .map(|_| {
                let d = line.day(&ten.rows[50]);
                line.hired += 1;
                d
            })
            .sum();
        assert!((half - 4500.0 * (libm::pow(2.0, alpha) - 1.0)).abs() < 1e-9);
    }
}
