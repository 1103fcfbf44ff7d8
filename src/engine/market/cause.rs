//! Why a buyer went without, decided by counterfactual (DESIGN §5; `docs/MODELS.md`,
//! "The decisive cause"). At the market's close, could they have bought one more unit with
//! one barrier taken away — every seller's last unit back on offer (no seller), a budget no
//! scrip bounds (no scrip), a unit worth any price to them (value), sellers without their
//! prejudice (no refusal, no surcharge)? The barriers whose removal alone serves them are
//! decisive; else the smallest set that does together; a buyer a seller would have served
//! as things stood went without by the draws of the auction.
//!
//! The buyer's own aversion stays: a member who will not buy from those who have it goes
//! without by their own choice. Sellers are kept sorted by price and looked at in that order
//! only until no later one can be cheaper, so a verdict costs a few sellers' terms, not every
//! seller's.

use crate::engine::market::cda::{Market, Terms, premium};
use crate::engine::report::verdict::{self, Verdict};
use crate::engine::types::{Barrier, Role};

/// Sellers' terms a verdict remembers.
const SEEN: usize = 8;

/// The market as it closed.
pub struct Close<'a> {
    market: &'a Market,
    /// Sellers with a unit left, by the cost of their next unit.
    left: &'a [(u32, u32)],
    /// Every seller, by the cost of their next unit or, sold out, their last one.
    every: &'a [(u32, u32)],
    /// What a newcomer would ask where nobody sells: the good's last price or base cost.
    reference: u32,
}

impl<'a> Close<'a> {
    /// The market as it closed, `sold` units by each seller; `lists` (cleared first) hold
    /// its sellers, kept between markets so they are not allocated afresh.
    pub fn new(
        market: &'a Market,
        sold: &[u32],
        reference: u32,
        lists: &'a mut [Vec<(u32, u32)>; 2],
    ) -> Close<'a> {
        let [left, every] = lists;
        left.clear();
        every.clear();
        for (s, &n) in sold.iter().enumerate().take(market.sellers()) {
            let costs = market.seller_costs(s);
            let Some(&last) = costs.last() else { continue };
            match costs.get(n as usize) {
                Some(&c) => {
                    left.push((c, s as u32));
                    every.push((c, s as u32));
                }
                None => every.push((last, s as u32)),
            }
        }
        left.sort_unstable();
        every.sort_unstable();
        Close {
            market,
            left,
            every,
            reference,
        }
    }

    /// What decided that a buyer went without a unit worth `value` to them, holding
    /// `scrip`; `terms(seller)` are the buyer's terms with each seller (the default for a
    /// member who could not bid).
    pub fn verdict(
        &self,
        mut terms: impl FnMut(usize) -> Terms,
        value: u32,
        scrip: u64,
    ) -> Verdict {
        // Each seller's terms are asked for once, however many barriers are taken away (a
        // verdict looks at a few sellers; past `SEEN` they are asked again, to the same answer).
        let mut seen = [(0u32, Terms::default()); SEEN];
        let mut n = 0;
        let mut terms_of = |s: u32| {
            if let Some(x) = seen[..n].iter().find(|x| x.0 == s) {
                return x.1;
            }
            let t = terms(s as usize);
            if n < SEEN {
                seen[n] = (s, t);
                n += 1;
            }
            t
        };
        // [as things stood, without sellers' prejudice], for the sellers left and restocked.
        let cheapest = [
            self.cheapest(&mut terms_of, false),
            self.cheapest(&mut terms_of, true),
        ];
        verdict::judge(&Barrier::MARKET, |without: &[Barrier]| {
            let gone = |x| without.contains(&x);
            let limit = match (gone(Barrier::Value), gone(Barrier::NoScrip)) {
                (true, true) => u64::MAX,
                (true, false) => scrip,
                (false, true) => value as u64,
                (false, false) => scrip.min(value as u64),
            };
            cheapest[gone(Barrier::NoSeller) as usize][gone(Barrier::SellerPrejudice) as usize]
                .is_some_and(|p| p <= limit)
        })
    }

    /// The cheapest price a seller would take from this buyer, as things stood and without
    /// the sellers' prejudice: sellers in price order, each with its terms, until the next
    /// one's cost is no cheaper than both (terms only ever add to a cost).
    fn cheapest(&self, terms: &mut impl FnMut(u32) -> Terms, restock: bool) -> [Option<u64>; 2] {
        let list = if restock { self.every } else { self.left };
        if list.is_empty() {
            let newcomer = (restock && self.market.sellers() == 0).then_some(self.reference as u64);
            return [newcomer; 2];
        }
        let mut best: [Option<u64>; 2] = [None; 2];
        for &(cost, s) in list {
            if best.iter().all(|b| b.is_some_and(|b| b <= cost as u64)) {
                break;
            }
            let t = terms(s);
            for (fair, best) in best.iter_mut().enumerate() {
                let fair = fair == 1;
                let price = match t.refused_by {
                    Some(Role::Buyer) => continue,
                    Some(Role::Seller) if !fair => continue,
                    _ => {
                        let surcharge = if fair { 0 } else { t.surcharge_permille };
                        cost as u64 + premium(cost, surcharge + t.aversion_permille) as u64
                    }
                };
                *best = Some(best.map_or(price, |b| b.min(price)));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One buyer, two sellers at costs 4 and 6 (one unit each), the first sold out.
    fn market(terms: Option<Terms>) -> Market {
        let mut m = Market::new(1, 20);
        m.add_buyer([5], 10);
        m.add_seller([4]);
        m.add_seller([6]);
        if let Some(t) = terms {
            m.terms = vec![(0, 1, t)];
        }
        m
    }

    fn one(b: Barrier) -> Verdict {
        Verdict::Decisive(vec![b])
    }

    #[test]
    fn each_market_barrier_alone_flips_a_case() {
        let m = market(None);
        // Seller 0 sold out; seller 1 asks 6.
        let sold = [1, 0];
        let mut l = Default::default();
        let close = Close::new(&m, &sold, 5, &mut l);
        // Worth 5, scrip 10: the price above value decides (6 > 5); restocking the
        // cheaper seller (4) also serves.
        assert_eq!(
            close.verdict(|s| m.terms(0, s), 5, 10),
            Verdict::Decisive(vec![Barrier::NoSeller, Barrier::Value])
        );
        // Worth 9, scrip 3: only scrip bars a sale at 6, and restocking 4 does not help.
        assert_eq!(
            close.verdict(|s| m.terms(0, s), 9, 3),
            one(Barrier::NoScrip)
        );
        // Worth 9, scrip 10: a seller would have sold; the draws decided.
        assert_eq!(close.verdict(|s| m.terms(0, s), 9, 10), Verdict::Chance);
        // Everything sold and nothing else stands in the way: no seller.
        let all_sold = [1, 1];
        let mut l = Default::default();
        let close = Close::new(&m, &all_sold, 5, &mut l);
        assert_eq!(
            close.verdict(|s| m.terms(0, s), 9, 10),
            one(Barrier::NoSeller)
        );
        // Scrip and value both below every price: only together.
        assert_eq!(
            close.verdict(|s| m.terms(0, s), 3, 3),
            Verdict::Jointly(vec![Barrier::NoSeller, Barrier::NoScrip, Barrier::Value])
        );
    }

    #[test]
    fn value_alone_and_prejudice_alone() {
        // One seller at 6 with a unit left: worth 5 decides, whatever the scrip.
        let mut m = Market::new(1, 20);
        m.add_buyer([5], 10);
        m.add_seller([6]);
        let mut l = Default::default();
        let close = Close::new(&m, &[0], 5, &mut l);
        assert_eq!(close.verdict(|s| m.terms(0, s), 5, 10), one(Barrier::Value));
        // The same seller refuses the buyer: restocking them changes nothing.
        m.terms = vec![(
            0,
            0,
            Terms {
                refused_by: Some(Role::Seller),
                ..Terms::default()
            },
        )];
        let mut l = Default::default();
        let close = Close::new(&m, &[0], 5, &mut l);
        assert_eq!(
            close.verdict(|s| m.terms(0, s), 9, 10),
            one(Barrier::SellerPrejudice)
        );
    }

    #[test]
    fn a_refusing_seller_is_decisive_and_the_buyers_own_refusal_is_not() {
        let refused = Terms {
            refused_by: Some(Role::Seller),
            ..Terms::default()
        };
        let m = market(Some(refused));
        let sold = [1, 0];
        let mut l = Default::default();
        let close = Close::new(&m, &sold, 5, &mut l);
        assert_eq!(
            close.verdict(|s| m.terms(0, s), 9, 10),
            Verdict::Decisive(vec![Barrier::NoSeller, Barrier::SellerPrejudice])
        );
        // A surcharge of 50% puts 6 at 9: prejudice decides against a worth and scrip of 8.
        let surcharged = Terms {
            surcharge_permille: 500,
            ..Terms::default()
        };
        let m = market(Some(surcharged));
        let mut l = Default::default();
        let close = Close::new(&m, &sold, 5, &mut l);
        assert_eq!(
            close.verdict(|s| m.terms(0, s), 8, 8),
            Verdict::Decisive(vec![Barrier::NoSeller, Barrier::SellerPrejudice])
        );
        // The buyer refuses the only seller left: nothing outside them decides.
        let own = Terms {
            refused_by: Some(Role::Buyer),
            ..Terms::default()
        };
        let m = market(Some(own));
        let all_sold_but_one = [1, 0];
        let mut l = Default::default();
        let close = Close::new(&m, &all_sold_but_one, 5, &mut l);
        assert_eq!(
            close.verdict(|s| m.terms(0, s), 9, 10),
            one(Barrier::NoSeller)
        );
        let m = {
            let mut m = Market::new(1, 20);
            m.add_buyer([5], 10);
            m.add_seller([6]);
            m.terms = vec![(0, 0, own)];
            m
        };
        let mut l = Default::default();
        let close = Close::new(&m, &[0], 5, &mut l);
        assert_eq!(close.verdict(|s| m.terms(0, s), 9, 10), Verdict::Unmoved);
    }

    #[test]
    fn where_nobody_sells_a_newcomer_at_the_reference_price_is_imagined() {
        let mut m = Market::new(1, 20);
        m.add_buyer([5], 10);
        let mut l = Default::default();
        let close = Close::new(&m, &[], 7, &mut l);
        // Worth 5 against a reference price of 7: no seller and value together.
        assert_eq!(
            close.verdict(|s| m.terms(0, s), 5, 10),
            Verdict::Jointly(vec![Barrier::NoSeller, Barrier::Value])
        );
        assert_eq!(
            close.verdict(|s| m.terms(0, s), 9, 10),
            one(Barrier::NoSeller)
        );
    }
}
