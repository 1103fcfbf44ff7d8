//! Buyers' values and sellers' costs for one good, from the members' needs, wants and holdings.
//!
//! A buyer's units come in priority order — the unmet needs (the claims), then wants and
//! interests, then, for a member holding scrip above a prudent reserve, more of what they
//! want — and unit j of priority p is worth `first_unit_value[p] × value_decay^j`. The
//! buyer's scrip bounds their bids (the auction's budget), not the values themselves, so a
//! need nobody can pay for still shows as unfilled demand. A seller offers what they hold beyond their own needs (and
//! beyond the wants those units would otherwise meet); a unit's cost is what producing it
//! costs them, `base_cost × cost_factor ÷ skill` rising `cost_step_pct` per further unit, or,
//! for a unit they would otherwise enjoy, what keeping it is worth to them if that is more.
//! Units of a stock that will spoil or wear away before the next market are marked down to
//! a salvage value (`salvage_pct` of the cost rule) and offered first: kept, they are lost.

use crate::engine::ctx::Claim;
use crate::engine::market::cda::Market;
use crate::engine::params::MarketParams;
use crate::engine::state::{MemberState, wear};
use crate::engine::types::{GoodId, GoodKind, MemberId, Priority};
use crate::engine::world::World;

/// Marks a buyer's unit that is a want or an interest, not a claim.
pub const EXTRA: u32 = u32::MAX;

/// A good's market, with who is who.
#[derive(Debug, Clone, Default)]
pub struct Schedules {
    pub market: Market,
    /// Member behind each buyer index.
    pub buyers: Vec<MemberId>,
    /// Member behind each seller index.
    pub sellers: Vec<MemberId>,
    /// For each buyer unit (parallel to `market.values`): the claim it would fill, or `EXTRA`.
    pub unit_claim: Vec<u32>,
}

/// What one unit of `good` costs `member` to produce: base cost × factor ÷ skill (a member
/// without the skill pays as if their skill were 1), rising `cost_step_pct` per further unit.
pub fn unit_cost(
    p: &MarketParams,
    world: &World,
    member: &MemberState,
    good: GoodId,
    k: u32,
) -> u32 {
    CostRule::new(p, world, member, good).at(k)
}

/// `unit_cost` of one member and good, with what does not change from unit to unit worked
/// out once.
struct CostRule {
    /// `base_cost × cost_factor`.
    base: u64,
    step: u64,
    /// `100 × skill`.
    per: u64,
}

impl CostRule {
    fn new(p: &MarketParams, world: &World, member: &MemberState, good: GoodId) -> CostRule {
        let skill = member.skills[good].max(1) as u64;
        CostRule {
            base: world.goods[good].base_cost as u64 * p.cost_factor as u64,
            step: p.cost_step_pct as u64,
            per: 100 * skill,
        }
    }

    /// The cost of unit `k` (0 for the first).
    fn at(&self, k: u32) -> u32 {
        let num = self.base * (100 + self.step * k as u64);
        num.div_ceil(self.per).clamp(1, u32::MAX as u64) as u32
    }

    /// Whether the costs of units `0..n` never fall: no product overflows.
    fn rises_to(&self, n: usize) -> bool {
        self.step
            .checked_mul(n as u64)
            .and_then(|x| x.checked_add(100))
            .and_then(|x| self.base.checked_mul(x))
            .is_some()
    }
}

/// The units of a member's stock of `good` that spoilage or wear will take at the end of
/// this turn (none of a service, which is made to be used at once).
fn doomed(world: &World, member: &MemberState, good: GoodId) -> u32 {
    let def = &world.goods[good];
    if def.kind == GoodKind::Service {
        return 0;
    }
    let carry = member.wear.get(good).copied().unwrap_or(0);
    wear::loss(member.holdings[good], carry, wear::pct(def)).0
}

/// What a seller asks at least for a unit about to spoil: `salvage_pct` of its cost, at
/// least 1.
pub fn salvage(p: &MarketParams, cost: u32) -> u32 {
    ((cost as u64 * p.salvage_pct as u64) / 100).max(1) as u32
}

/// The value of the `j`-th unit (0 for the first) wanted at `priority`.
pub fn unit_value(p: &MarketParams, priority: Priority, j: u32) -> u32 {
    let mut v = p.first_unit_value[priority.index()] as f64;
    for _ in 0..j {
        v *= p.value_decay;
    }
    round(v)
}

/// Round half up; values are small, so the cast cannot overflow.
fn round(v: f64) -> u32 {
    (v + 0.5).min(u32::MAX as f64) as u32
}

/// One buyer's unit values in order: unit `j` at any priority is worth what `unit_value`
/// says, but each priority's value is carried forward from its last unit instead of being
/// multiplied up from the first — the same products in the same order (the same bits) in
/// linear time, where a need of 100,000 units would cost billions of multiplications.
struct Ladder<'a> {
    p: &'a MarketParams,
    /// The number of the buyer's next unit.
    next: u32,
    /// Per priority: the unit number its value was last carried to, and that value.
    at: [(u32, f64); 4],
}

impl<'a> Ladder<'a> {
    fn new(p: &'a MarketParams) -> Self {
        Ladder {
            p,
            next: 0,
            at: std::array::from_fn(|i| (0, p.first_unit_value[i] as f64)),
        }
    }

    /// The value of the buyer's next unit, wanted at `priority`.
    fn next(&mut self, priority: Priority) -> u32 {
        round(self.next_exact(priority))
    }

    /// The same value before rounding.
    fn next_exact(&mut self, priority: Priority) -> f64 {
        let (k, v) = &mut self.at[priority.index()];
        while *k < self.next {
            *v *= self.p.value_decay;
            *k += 1;
        }
        self.next += 1;
        *v
    }
}

/// The most units a member's spare scrip adds to one want in one market.
const MAX_MORE: u32 = 64;

/// The scrip a member keeps back before spending on wants beyond those listed: what
/// `reserve_turns` turns of their needs would cost at the reference prices.
pub fn reserve(p: &MarketParams, member: &MemberState, prices: &[u32]) -> u64 {
    let turn: u64 = member
        .needs
        .iter()
        .map(|n| n.amount as u64 * prices[n.good] as u64)
        .sum();
    turn.saturating_mul(p.reserve_turns as u64)
}

/// A market's schedules and the lists `build` works in, kept between markets so they are
/// not allocated afresh.
#[derive(Debug, Default)]
pub struct Work {
    pub schedules: Schedules,
    lists: Lists,
}

#[derive(Debug, Default)]
struct Lists {
    /// (seller, pure surplus, their kept units' values: a range of `kept`)
    offers: Vec<(MemberId, u32, std::ops::Range<usize>)>,
    kept: Vec<u32>,
    /// (member, claim) of every claim, by member.
    by_member: Vec<(MemberId, u32)>,
}

/// Build the schedules of `good` into `work.schedules` (its lists cleared first) from the
/// state and its open claims; `prices` are each good's reference price (the last market
/// price, else the base cost).
pub fn build(
    p: &MarketParams,
    world: &World,
    members: &[MemberState],
    prices: &[u32],
    good: GoodId,
    claims: &[Claim],
    work: &mut Work,
) {
    let Work {
        schedules: s,
        lists,
    } = work;
    // As `Market::new(1, p.price_ceiling)`, keeping the lists' room.
    let m = &mut s.market;
    for l in [
        &mut m.values,
        &mut m.buyer_offsets,
        &mut m.costs,
        &mut m.seller_offsets,
    ] {
        l.clear();
    }
    m.buyer_offsets.push(0);
    m.seller_offsets.push(0);
    m.budgets.clear();
    m.terms.clear();
    (m.floor, m.ceiling, m.book) = (1, p.price_ceiling, Default::default());
    s.buyers.clear();
    s.sellers.clear();
    s.unit_claim.clear();
    let n = members.len();
    s.market.values.reserve(4 * n);
    s.unit_claim.reserve(4 * n);
    s.market.buyer_offsets.reserve(n);
    s.market.budgets.reserve(n);
    s.buyers.reserve(n);
    // Seller offers are built after buyers, capped at the units anyone could buy.
    let Lists {
        offers,
        kept,
        by_member,
    } = lists;
    offers.clear();
    kept.clear();
    // Each buyer's units go straight into the market's lists, from `first` on.
    let (values, unit_claim) = (&mut s.market.values, &mut s.unit_claim);
    // Claims by member, each member's in priority order (claims come sorted by priority):
    // (member, claim), so the walk below reads one list.
    by_member.clear();
    by_member.extend(claims.iter().enumerate().map(|(i, c)| (c.member, i as u32)));
    by_member.sort_unstable();
    let mut next_claim = 0usize;
    for (m, member) in members.iter().enumerate() {
        if !member.present {
            continue;
        }
        while next_claim < by_member.len() && by_member[next_claim].0 < m {
            next_claim += 1;
        }
        let held = member.holdings[good];
        let has_claims = next_claim < by_member.len() && by_member[next_claim].0 == m;
        let wants = member.wants.iter().any(|&(g, _)| g == good);
        // Without a want or an interest in the good there is no unit beyond need.
        let interested = wants || member.interests.iter().any(|i| i.good == good);
        if !has_claims && !interested {
            // No unit to buy: a seller of what they hold beyond their needs, if any.
            let spare = if held == 0 {
                0
            } else {
                held.saturating_sub(member.need_of(good))
            };
            if spare > 0 {
                offers.push((m, spare, kept.len()..kept.len()));
            }
            continue;
        }
        let first = values.len();
        let budget = member.scrip;
        let mut ladder = Ladder::new(p);
        let mut unmet = 0u32;
        while next_claim < by_member.len() && by_member[next_claim].0 == m {
            let ci = by_member[next_claim].1;
            let c = &claims[ci as usize];
            next_claim += 1;
            unmet = unmet.saturating_add(c.remaining);
            for _ in 0..c.remaining {
                let v = ladder.next(c.priority);
                if v >= 1 {
                    values.push(v);
                    unit_claim.push(ci);
                }
            }
        }
        // Units held beyond needs meet wants and interests first; the rest is surplus.
        let mut spare = if unmet > 0 || held == 0 {
            0
        } else {
            held.saturating_sub(member.need_of(good))
        };
        let kept_from = kept.len();
        if interested {
            // Scrip above a prudent reserve is spent on what one wants: each unit beyond need
            // is worth more scrip to a member holding more than the reserve (scrip is worth
            // less to them, `wealth` = scrip ÷ reserve), and they want more units than those
            // listed, at values falling on down the same ladder, as far as the spare scrip
            // would pay.
            let reserve = reserve(p, member, prices).max(1);
            let wealth = (budget as f64 / reserve as f64).max(1.0);
            let spare_scrip = budget.saturating_sub(reserve);
            let more = (spare_scrip / prices[good].max(1) as u64).min(MAX_MORE as u64) as u32;
            let mut units = |prio: Priority, n: u32| {
                for _ in 0..n {
                    let v = round(ladder.next_exact(prio) * wealth);
                    if spare > 0 {
                        spare -= 1;
                        kept.push(v);
                    } else if v >= 1 {
                        values.push(v);
                        unit_claim.push(EXTRA);
                    }
                }
            };
            // Wants and interests, most urgent first (wants are flourishing), then more of
            // what is wanted.
            for prio in Priority::ALL {
                if prio == Priority::Flourishing {
                    for &(g, n) in &member.wants {
                        if g == good {
                            units(prio, n);
                        }
                    }
                }
                for i in &member.interests {
                    if i.good == good && i.priority == prio {
                        units(prio, i.amount);
                    }
                }
            }
            if wants {
                units(Priority::Flourishing, more);
            }
        }
        if values.len() > first {
            s.market.buyer_offsets.push(values.len() as u32);
            s.market.budgets.push(budget);
            s.buyers.push(m);
        } else if spare > 0 {
            offers.push((m, spare, kept_from..kept.len()));
            continue;
        }
        // Not a seller: the units they keep are not for sale.
        kept.truncate(kept_from);
    }
    // No seller can sell more units than all buyers together want.
    let wanted = s.market.values.len();
    s.sellers.reserve(offers.len());
    s.market.seller_offsets.reserve(offers.len());
    // Each seller's costs go straight into the market's list, from `first` on.
    let costs = &mut s.market.costs;
    for (m, spare, range) in offers.drain(..) {
        let keep_values = &kept[range];
        let member = &members[m];
        // The units spoilage will take before the next market are offered first, down to
        // their salvage value; then the rest of the surplus at its cost rule; then the units
        // kept for wants, least valued first.
        let doomed = doomed(world, member, good).min(spare) as usize;
        let rule = CostRule::new(p, world, member, good);
        let salvage = salvage(p, rule.at(0));
        let total = (spare as usize + keep_values.len()).min(wanted);
        let first = costs.len();
        // Once the cost rule passes the ceiling, every later unit costs more still.
        let rises = rule.rises_to(total);
        for k in 0..total {
            let c = if k < doomed {
                salvage
            } else {
                let make = rule.at((k - doomed) as u32);
                if rises && make > p.price_ceiling {
                    break;
                }
                let keep = if k < spare as usize {
                    0
                } else {
                    keep_values[keep_values.len() - 1 - (k - spare as usize)]
                };
                make.max(keep)
            };
            // A unit is offered only if it could be sold in range.
            if c <= p.price_ceiling {
                costs.push(c);
            }
        }
        if costs.len() > first {
            s.market.seller_offsets.push(costs.len() as u32);
            s.sellers.push(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fall_unit_by_unit() {
        let p = MarketParams::default();
        assert_eq!(unit_value(&p, Priority::Survival, 0), 20);
        assert_eq!(unit_value(&p, Priority::Survival, 1), 17);
        assert_eq!(unit_value(&p, Priority::Health, 0), 14);
        assert_eq!(unit_value(&p, Priority::Flourishing, 2), 4);
    }

    /// The ladder carries values forward; it must give `unit_value`'s bits whatever the
    /// order of priorities.
    #[test]
    fn the_ladder_agrees_with_unit_value() {
        let p = MarketParams {
            value_decay: 0.97,
            ..MarketParams::default()
        };
        let mut ladder = Ladder::new(&p);
        for j in 0..3000u32 {
            let prio = Priority::ALL[(j as usize * 7 / 5 + j as usize / 13) % 4];
            assert_eq!(ladder.next(prio), unit_value(&p, prio, j), "unit {j}");
        }
    }
}
