//! The community store (a player institution), after the food-bank share system Prendergast
//! (2017) describes: each turn every member receives shares in proportion to their need (units
//! short, weighted by priority), and spends them on the store's stock good by good, most
//! urgent good first, so shares go to what a member needs most. Where a good is scarce its
//! price in shares rises until demand fits the shelf — the price tells what is scarce. What
//! members hold above their need line after gifts is partly left at the store for next turn.
//! The store's shelf is the good's pool.

use super::claims::{ClaimIndex, credit};
use crate::engine::ctx::{Claim, TurnCtx};
use crate::engine::report::aid::{StoreRecord, StoreShare};
use crate::engine::state::MemberState;
use crate::engine::state::aid::StoreState;
use crate::engine::types::{GoodId, MemberId};

/// A member's need-based shares: units short of each need after holdings, weighted by
/// priority (`params.aid.store_shares`).
fn shares_of(m: &MemberState, weights: &[u32; 4]) -> u32 {
    let mut held = m.holdings.clone();
    let mut order: Vec<usize> = (0..m.needs.len()).collect();
    order.sort_by_key(|&i| m.needs[i].priority);
    let mut shares = 0u32;
    for i in order {
        let n = &m.needs[i];
        let covered = held[n.good].min(n.amount);
        held[n.good] -= covered;
        let short = n.amount - covered;
        shares = shares.saturating_add(short.saturating_mul(weights[n.priority.index()]));
    }
    shares
}

/// Hand out the store's stock of `good` to members with claims, for their shares.
pub(super) fn hand_out(
    ctx: &mut TurnCtx,
    good: GoodId,
    claims: &mut [Claim],
    ix: &ClaimIndex,
) -> StoreRecord {
    let state = &mut *ctx.state;
    if state.aid.store.turn != ctx.turn || state.aid.store.shares.len() != state.members.len() {
        let w = state.params.aid.store_shares;
        state.aid.store = StoreState {
            turn: ctx.turn,
            shares: state
                .members
                .iter()
                .map(|m| if m.present { shares_of(m, &w) } else { 0 })
                .collect(),
        };
    }
    let stock = state.goods[good].pool;
    let mut rec = StoreRecord {
        stock,
        price: 0.0,
        handed: Vec::new(),
        donated: Vec::new(),
    };
    // Bidders: (member, units still needed, shares).
    let mut bidders: Vec<(MemberId, u32, u32)> = Vec::new();
    for c in claims.iter().filter(|c| c.remaining > 0) {
        bidders.push((c.member, c.remaining, 0));
    }
    bidders.sort_unstable_by_key(|b| b.0);
    let mut merged: Vec<(MemberId, u32, u32)> = Vec::with_capacity(bidders.len());
    for b in bidders {
        match merged.last_mut() {
            Some(m) if m.0 == b.0 => m.1 = m.1.saturating_add(b.1),
            _ => merged.push((b.0, b.1, state.aid.store.shares[b.0])),
        }
    }
    let bidders = merged;
    if stock == 0 || bidders.is_empty() {
        return rec;
    }
    let (units, price) = clear(stock, &bidders);
    rec.price = price;
    let mut given = 0u32;
    for (&(m, _, budget), &u) in bidders.iter().zip(&units) {
        if u == 0 {
            continue;
        }
        let spent = if price > 0.0 {
            let cost = libm::ceil(u as f64 * price);
            if cost >= budget as f64 {
                budget
            } else {
                cost as u32
            }
        } else {
            0
        };
        state.aid.store.shares[m] -= spent;
        let h = &mut state.members[m].holdings[good];
        *h = h.saturating_add(u);
        given += u;
        credit(claims, ix, m, u);
        rec.handed.push(StoreShare {
            member: m,
            units: u,
            shares: spent,
        });
    }
    state.goods[good].pool -= given;
    rec
}

/// Clear the shelf: at price p (shares a unit) a bidder takes `min(need, shares / p)`; p is
/// the lowest price at which demand fits `stock` (0 when everyone's need fits). Units lost to
/// rounding down go one each to the bidders with the largest fractions left, then the lower
/// member index. Returns units by bidder and the price. Never hands out more than `stock`.
fn clear(stock: u32, bidders: &[(MemberId, u32, u32)]) -> (Vec<u32>, f64) {
    let n = bidders.len();
    let total: u64 = bidders.iter().map(|b| b.1 as u64).sum();
    if total <= stock as u64 {
        return (bidders.iter().map(|b| b.1).collect(), 0.0);
    }
    // The price at which each bidder's need becomes binding: shares per unit needed.
    let cap = |i: usize| bidders[i].2 as f64 / bidders[i].1 as f64;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cap(a).total_cmp(&cap(b)).then(a.cmp(&b)));
    // With the k lowest-capped bidders spending all their shares and the rest taking their
    // full need: stock = capped_units + spent / p.
    let s = stock as f64;
    let (mut capped_units, mut spent) = (total as f64, 0.0f64);
    let mut price = 0.0;
    let mut k_found = n;
    for k in 0..=n {
        if s > capped_units {
            let p = spent / (s - capped_units);
            let lo = if k == 0 { 0.0 } else { cap(order[k - 1]) };
            let hi = if k == n { f64::INFINITY } else { cap(order[k]) };
            if p >= lo && p <= hi {
                price = p;
                k_found = k;
                break;
            }
        }
        if k < n {
            capped_units -= bidders[order[k]].1 as f64;
            spent += bidders[order[k]].2 as f64;
        }
    }
    let mut units = vec![0u32; n];
    let mut frac: Vec<(f64, usize)> = Vec::new();
    let mut left = stock;
    for (pos, &i) in order.iter().enumerate() {
        let want = if pos >= k_found {
            bidders[i].1 as f64
        } else if price > 0.0 {
            bidders[i].2 as f64 / price
        } else {
            0.0
        };
        let whole = libm::floor(want).min(bidders[i].1 as f64);
        let u = (whole as u32).min(left);
        units[i] = u;
        left -= u;
        if u < bidders[i].1 && want > 0.0 {
            frac.push((want - whole, i));
        }
    }
    frac.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in frac {
        if left == 0 {
            break;
        }
        units[i] += 1;
        left -= 1;
    }
    (units, price)
}

/// Members leave `params.aid.store_donation_pct` of what they hold above their need line.
pub(super) fn collect(ctx: &mut TurnCtx, good: GoodId, need_line: &[u32], rec: &mut StoreRecord) {
    let state = &mut *ctx.state;
    let pct = state.params.aid.store_donation_pct.min(100) as u64;
    let mut pool = state.goods[good].pool;
    for (m, member) in state.members.iter_mut().enumerate() {
        if !member.present {
            continue;
        }
        let spare = member.holdings[good].saturating_sub(need_line[m]) as u64;
        let units = (spare * pct / 100).min((u32::MAX - pool) as u64) as u32;
        if units > 0 {
            member.holdings[good] -= units;
            pool += units;
            rec.donated.push((m, units));
        }
    }
    state.goods[good].pool = pool;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clearing_fits_the_shelf_and_follows_shares() {
        // Enough for everyone: free.
        let (u, p) = clear(10, &[(0, 3, 5), (1, 4, 0)]);
        assert_eq!((u, p), (vec![3, 4], 0.0));
        // Scarce: 6 units, needs 10 and 10, shares 30 and 10 → price 40/6; shares buy 4.5
        // and 1.5 units, and the odd unit goes to the lower index on equal fractions.
        let (u, p) = clear(6, &[(0, 10, 30), (1, 10, 10)]);
        assert_eq!(u, vec![5, 1]);
        assert!((p - 40.0 / 6.0).abs() < 1e-12);
        // Needs 4 and 4: the first's need binds at price 5, the second spends 10 on 2.
        let (u, p) = clear(6, &[(0, 4, 30), (1, 4, 10)]);
        assert_eq!((u, p), (vec![4, 2], 5.0));
        // One bidder's need binds: they take it all, the other spends on the rest.
        let (u, _) = clear(5, &[(0, 1, 100), (1, 10, 10)]);
        assert_eq!(u, vec![1, 4]);
        // No shares: nothing is bought.
        let (u, _) = clear(5, &[(0, 6, 0), (1, 6, 0)]);
        assert_eq!(u, vec![0, 0]);
    }
}
