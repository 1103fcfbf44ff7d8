//! Why a buyer went without, decided by counterfactual (DESIGN §5; `docs/MODELS.md`,
//! "The decisive cause"). At the market's close, could they have bought one more unit with
//! one barrier taken away — every seller's last unit back on offer (no seller), a budget no
//! scrip bounds (no scrip), a unit worth any price to them (value), sellers without their
//! prejudice (no refusal, no surcharge)? The barriers whose removal alone serves them are
//! decisive; else the smallest set that does together; a buyer a seller would have served
//! as things stood went without by the draws of the auction.
//!
//! The buyer's own aversion stays: a member who will not buy from those who have it goes
//! without by their own choice. Sellers are kept sorted by price, and only the pairs with
//! terms are looked at one by one, so a verdict costs the buyer's terms, not every seller.

use crate::engine::market::cda::{Market, Terms, premium};
use crate::engine::report::verdict::{self, Verdict};
use crate::engine::types::{Barrier, Role};

/// The market as it closed.
pub struct Close<'a> {
    market: &'a Market,
    /// Units each seller sold.
    sold: &'a [u32],
    /// Sellers with a unit left, by the cost of their next unit.
    left: Vec<(u32, u32)>,
    /// Every seller, by the cost of their next unit or, sold out, their last one.
    every: Vec<(u32, u32)>,
    /// What a newcomer would ask where nobody sells: the good's last price or base cost.
    reference: u32,
}

impl<'a> Close<'a> {
    pub fn new(market: &'a Market, sold: &'a [u32], reference: u32) -> Close<'a> {
        let mut left = Vec::new();
        let mut every = Vec::new();
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
            sold,
            left,
            every,
            reference,
        }
    }

    /// What decided that buyer `b` (None: a member who could not bid) went without a unit
    /// worth `value` to them, holding `scrip`.
    pub fn verdict(&self, b: Option<usize>, value: u32, scrip: u64) -> Verdict {
        let terms: &[(u32, u32, Terms)] = match b {
            Some(b) => {
                let t = &self.market.terms;
                let lo = t.partition_point(|x| (x.0 as usize) < b);
                let hi = t.partition_point(|x| x.0 as usize <= b);
                &t[lo..hi]
            }
            None => &[],
        };
        verdict::judge(&Barrier::MARKET, |without: &[Barrier]| {
            let gone = |x| without.contains(&x);
            let limit = match (gone(Barrier::Value), gone(Barrier::NoScrip)) {
                (true, true) => u64::MAX,
                (true, false) => scrip,
                (false, true) => value as u64,
                (false, false) => scrip.min(value as u64),
            };
            self.cheapest(
                terms,
                gone(Barrier::NoSeller),
                gone(Barrier::SellerPrejudice),
            )
            .is_some_and(|p| p <= limit)
        })
    }

    /// The cheapest price a seller would take from this buyer: from the sellers with no
    /// terms with them, the first in price order; from those with terms, each in turn.
    fn cheapest(&self, terms: &[(u32, u32, Terms)], restock: bool, fair: bool) -> Option<u64> {
        let list = if restock { &self.every } else { &self.left };
        if list.is_empty() {
            return (restock && self.market.sellers() == 0).then_some(self.reference as u64);
        }
        let has_terms = |s: u32| terms.binary_search_by_key(&s, |x| x.1).is_ok();
        let plain = list
            .iter()
            .find(|&&(_, s)| !has_terms(s))
            .map(|&(c, _)| c as u64);
        let with_terms = terms.iter().filter_map(|&(_, s, t)| {
            let costs = self.market.seller_costs(s as usize);
            let cost = match costs.get(self.sold[s as usize] as usize) {
                Some(&c) => c,
                None if restock => *costs.last()?,
                None => return None,
            };
            match t.refused_by {
                Some(Role::Buyer) => return None,
                Some(Role::Seller) if !fair => return None,
                _ => {}
            }
            let surcharge = if fair { 0 } else { t.surcharge_permille };
            Some(cost as u64 + premium(cost, surcharge + t.aversion_permille) as u64)
        });
        plain.into_iter().chain(with_terms).min()
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
        let close = Close::new(&m, &sold, 5);
        // Worth 5, scrip 10: the price above value decides (6 > 5); restocking the
        // cheaper seller (4) also serves.
        assert_eq!(
            close.verdict(Some(0), 5, 10),
            Verdict::Decisive(vec![Barrier::NoSeller, Barrier::Value])
        );
        // Worth 9, scrip 3: only scrip bars a sale at 6, and restocking 4 does not help.
        assert_eq!(close.verdict(Some(0), 9, 3), one(Barrier::NoScrip));
        // Worth 9, scrip 10: a seller would have sold; the draws decided.
        assert_eq!(close.verdict(Some(0), 9, 10), Verdict::Chance);
        // Everything sold and nothing else stands in the way: no seller.
        let all_sold = [1, 1];
        let close = Close::new(&m, &all_sold, 5);
        assert_eq!(close.verdict(Some(0), 9, 10), one(Barrier::NoSeller));
        // Scrip and value both below every price: only together.
        assert_eq!(
            close.verdict(Some(0), 3, 3),
            Verdict::Jointly(vec![Barrier::NoSeller, Barrier::NoScrip, Barrier::Value])
        );
    }

    #[test]
    fn value_alone_and_prejudice_alone() {
        // One seller at 6 with a unit left: worth 5 decides, whatever the scrip.
        let mut m = Market::new(1, 20);
        m.add_buyer([5], 10);
        m.add_seller([6]);
        let close = Close::new(&m, &[0], 5);
        assert_eq!(close.verdict(Some(0), 5, 10), one(Barrier::Value));
        // The same seller refuses the buyer: restocking them changes nothing.
        m.terms = vec![(
            0,
            0,
            Terms {
                refused_by: Some(Role::Seller),
                ..Terms::default()
            },
        )];
        let close = Close::new(&m, &[0], 5);
        assert_eq!(close.verdict(Some(0), 9, 10), one(Barrier::SellerPrejudice));
    }

    #[test]
    fn a_refusing_seller_is_decisive_and_the_buyers_own_refusal_is_not() {
        let refused = Terms {
            refused_by: Some(Role::Seller),
            ..Terms::default()
        };
        let m = market(Some(refused));
        let sold = [1, 0];
        let close = Close::new(&m, &sold, 5);
        assert_eq!(
            close.verdict(Some(0), 9, 10),
            Verdict::Decisive(vec![Barrier::NoSeller, Barrier::SellerPrejudice])
        );
        // A surcharge of 50% puts 6 at 9: prejudice decides against a worth and scrip of 8.
        let surcharged = Terms {
            surcharge_permille: 500,
            ..Terms::default()
        };
        let m = market(Some(surcharged));
        let close = Close::new(&m, &sold, 5);
        assert_eq!(
            close.verdict(Some(0), 8, 8),
            Verdict::Decisive(vec![Barrier::NoSeller, Barrier::SellerPrejudice])
        );
        // The buyer refuses the only seller left: nothing outside them decides.
        let own = Terms {
            refused_by: Some(Role::Buyer),
            ..Terms::default()
        };
        let m = market(Some(own));
        let all_sold_but_one = [1, 0];
        let close = Close::new(&m, &all_sold_but_one, 5);
        assert_eq!(close.verdict(Some(0), 9, 10), one(Barrier::NoSeller));
        let m = {
            let mut m = Market::new(1, 20);
            m.add_buyer([5], 10);
            m.add_seller([6]);
            m.terms = vec![(0, 0, own)];
            m
        };
        let close = Close::new(&m, &[0], 5);
        assert_eq!(close.verdict(Some(0), 9, 10), Verdict::Unmoved);
    }

    #[test]
    fn where_nobody_sells_a_newcomer_at_the_reference_price_is_imagined() {
        let mut m = Market::new(1, 20);
        m.add_buyer([5], 10);
        let close = Close::new(&m, &[], 7);
        // Worth 5 against a reference price of 7: no seller and value together.
        assert_eq!(
            close.verdict(Some(0), 5, 10),
            Verdict::Jointly(vec![Barrier::NoSeller, Barrier::Value])
        );
        assert_eq!(close.verdict(Some(0), 9, 10), one(Barrier::NoSeller));
    }
}
