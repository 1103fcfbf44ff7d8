//! What decided that a member went without at market or along bonds, found by taking each
//! barrier away in turn (`market::cause`, `aid::cause`).

use serde::{Deserialize, Serialize};

use crate::engine::state::Audit;
use crate::engine::types::{Barrier, Regime};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Taking away any one of these alone would have got them a unit (usually one).
    Decisive(Vec<Barrier>),
    /// No single barrier's removal would; removing these together would (the smallest such
    /// set, first in `Barrier` order).
    Jointly(Vec<Barrier>),
    /// Nothing stood in the way but the draws: a seller would have sold to them when the
    /// market closed, or partners who could give drew against their own readiness.
    Chance,
    /// Taking every barrier away would not have served them: they would buy from nobody who
    /// had it, or had nobody at all to ask.
    Unmoved,
}

impl Verdict {
    /// Count a shortfall with this verdict in its member's bias audit.
    pub fn audit(&self, a: &mut Audit) {
        a.short += 1;
        match self {
            Verdict::Decisive(bs) => bs.iter().for_each(|b| a.barred[b.index()] += 1),
            Verdict::Jointly(_) => a.barred_jointly += 1,
            Verdict::Chance | Verdict::Unmoved => a.unbarred += 1,
        }
    }

    /// "decided by too little scrip (without it they would have bought)".
    pub fn describe(&self, regime: Regime) -> String {
        let got = match regime {
            Regime::Aid => "been given some",
            _ => "bought some",
        };
        let names = |bs: &[Barrier]| bs.iter().map(|b| b.name()).collect::<Vec<_>>();
        match self {
            Verdict::Decisive(bs) if bs.len() == 1 => {
                format!(
                    "decided by {}: without it they would have {got}",
                    bs[0].name()
                )
            }
            Verdict::Decisive(bs) => format!(
                "decided by any of {}: without either alone they would have {got}",
                names(bs).join(", or ")
            ),
            Verdict::Jointly(bs) => format!(
                "no single cause: {} together kept it from them",
                names(bs).join(" and ")
            ),
            Verdict::Chance => match regime {
                Regime::Aid => "no barrier decided it: partners who could give drew against \
                                their readiness"
                    .to_string(),
                _ => "nothing stood in the way: a seller would have sold to them, but the \
                      market closed before they met"
                    .to_string(),
            },
            Verdict::Unmoved => match regime {
                Regime::Aid => "nobody at all to ask: no bond, however weak".to_string(),
                _ => "they would buy from none of those who had it".to_string(),
            },
        }
    }
}

/// The smallest set of barriers whose removal `serves` the member: each single barrier
/// first (all that serve alone are decisive), then pairs and larger sets in `Barrier` order.
/// `serves(&[])` true means nothing but chance stood in the way.
pub fn judge(barriers: &[Barrier], mut serves: impl FnMut(&[Barrier]) -> bool) -> Verdict {
    if serves(&[]) {
        return Verdict::Chance;
    }
    let single: Vec<Barrier> = barriers.iter().copied().filter(|&b| serves(&[b])).collect();
    if !single.is_empty() {
        return Verdict::Decisive(single);
    }
    let n = barriers.len();
    // Subsets by size, then in order of their bit pattern (first barriers first), each
    // written into one list.
    let mut set = Vec::with_capacity(n);
    for size in 2..=n {
        for bits in 0u32..(1 << n) {
            if bits.count_ones() as usize != size {
                continue;
            }
            set.clear();
            set.extend((0..n).filter(|i| bits & (1 << i) != 0).map(|i| barriers[i]));
            if serves(&set) {
                return Verdict::Jointly(set);
            }
        }
    }
    Verdict::Unmoved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_set_that_serves_is_named() {
        let m = Barrier::MARKET;
        // Served only when scrip and value both go.
        let both = |s: &[Barrier]| s.contains(&Barrier::NoScrip) && s.contains(&Barrier::Value);
        assert_eq!(
            judge(&m, both),
            Verdict::Jointly(vec![Barrier::NoScrip, Barrier::Value])
        );
        // Either alone serves: both are decisive.
        let either =
            |s: &[Barrier]| s.contains(&Barrier::NoSeller) || s.contains(&Barrier::SellerPrejudice);
        assert_eq!(
            judge(&m, either),
            Verdict::Decisive(vec![Barrier::NoSeller, Barrier::SellerPrejudice])
        );
        assert_eq!(judge(&m, |_| true), Verdict::Chance);
        assert_eq!(judge(&m, |_| false), Verdict::Unmoved);
    }
}
