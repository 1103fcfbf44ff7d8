//! Becker's taste for discrimination in the market: who will trade with whom, and on what
//! terms. Each turn, for each good, every prejudiced trader decides once about each
//! counterpart bearing a mark they are biased against: refuse (with a chance rising with
//! the prejudice) or, where the scenario says so, charge a premium (a seller) or demand a
//! discount (a buyer) in proportion to it.

use rand::RngExt;

use crate::engine::market::cda::Terms;
use crate::engine::market::schedule::Schedules;
use crate::engine::params::{Discrimination, MarketParams};
use crate::engine::rng::Stream;
use crate::engine::state::MemberState;
use crate::engine::types::Role;

/// A prejudice at work between a buyer and a seller (indices into the schedules).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bias {
    pub buyer: usize,
    pub seller: usize,
    /// Whose prejudice it is.
    pub holder: Role,
    /// The status dimension whose mark they are biased against.
    pub dimension: usize,
    pub refused: bool,
}

/// The strongest prejudice `a` holds against `b`'s marks: (dimension, strength).
pub fn strongest(a: &MemberState, b: &MemberState) -> Option<(usize, f64)> {
    a.prejudices
        .iter()
        .filter(|p| p.strength > 0.0 && b.marks.get(p.dimension) == Some(&p.against))
        .fold(None, |best: Option<(usize, f64)>, p| match best {
            Some((_, s)) if s >= p.strength => best,
            _ => Some((p.dimension, p.strength)),
        })
}

/// The terms one buyer and one seller deal on: each side's strongest prejudice against the
/// other's marks (the seller's first) refuses, with a chance rising with it, or charges a
/// premium. `bias(holder, dimension, refused)` hears of each prejudice at work.
pub fn decide(
    p: &MarketParams,
    buyer: &MemberState,
    seller: &MemberState,
    rng: &mut Stream,
    mut bias: impl FnMut(Role, usize, bool),
) -> Terms {
    let mut t = Terms::default();
    for (holder, from, to) in [(Role::Seller, seller, buyer), (Role::Buyer, buyer, seller)] {
        let Some((dimension, strength)) = strongest(from, to) else {
            continue;
        };
        let refused = match p.discrimination {
            Discrimination::Refuse => {
                let chance = (strength * p.refusal_per_prejudice).clamp(0.0, 1.0);
                let refused = rng.random::<f64>() < chance;
                if refused && t.refused_by.is_none() {
                    t.refused_by = Some(holder);
                }
                refused
            }
            Discrimination::Premium => {
                let permille = (strength * p.premium_pct as f64 * 10.0 + 0.5) as u32;
                match holder {
                    Role::Seller => t.surcharge_permille = permille,
                    Role::Buyer => t.aversion_permille = permille,
                }
                false
            }
        };
        bias(holder, dimension, refused);
    }
    t
}

/// Fill `s.market.terms` (the pairs with other than default terms) and return the biases at work.
pub fn set(
    p: &MarketParams,
    members: &[MemberState],
    s: &mut Schedules,
    rng: &mut Stream,
) -> Vec<Bias> {
    let ns = s.sellers.len();
    let mut biases = Vec::new();
    let prejudiced = |ms: &[usize]| ms.iter().any(|&m| !members[m].prejudices.is_empty());
    if !prejudiced(&s.buyers) && !prejudiced(&s.sellers) {
        return biases;
    }
    // A pair where neither side holds a prejudice has default terms and draws nothing, so
    // an unprejudiced buyer only meets the prejudiced sellers (in the same order).
    let every: Vec<usize> = (0..ns).collect();
    let prejudiced_sellers: Vec<usize> = every
        .iter()
        .copied()
        .filter(|&si| !members[s.sellers[si]].prejudices.is_empty())
        .collect();
    let mut terms = Vec::new();
    for (b, &bm) in s.buyers.iter().enumerate() {
        let sellers = if members[bm].prejudices.is_empty() {
            &prejudiced_sellers
        } else {
            &every
        };
        for &si in sellers {
            let t = decide(
                p,
                &members[bm],
                &members[s.sellers[si]],
                rng,
                |holder, d, refused| {
                    biases.push(Bias {
                        buyer: b,
                        seller: si,
                        holder,
                        dimension: d,
                        refused,
                    })
                },
            );
            if t != Terms::default() {
                terms.push((b as u32, si as u32, t));
            }
        }
    }
    if !biases.is_empty() {
        s.market.terms = terms;
    }
    biases
}
