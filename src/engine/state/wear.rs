//! Spoilage and wear: the share of a stock lost each turn, counted in thousandths of a unit
//! and carried, so a stock too small to lose a whole unit in one turn (one set of tools at
//! 10%) still wears out, about once in ten turns.

use crate::engine::types::GoodKind;
use crate::engine::world::GoodDef;

/// The per cent of a good's stock lost each turn: its spoilage, or all of a service.
pub fn pct(good: &GoodDef) -> u32 {
    if good.kind == GoodKind::Service {
        100
    } else {
        good.spoilage.min(100)
    }
}

/// The units of a stock of `n` that this turn's loss of `pct` per cent takes, given the
/// thousandths carried in `carry`, and the thousandths carried on after it.
pub fn loss(n: u32, carry: u32, pct: u32) -> (u32, u32) {
    if n == 0 {
        return (0, 0);
    }
    let milli = n as u64 * pct as u64 * 10 + carry as u64;
    let lost = (milli / 1000).min(n as u64) as u32;
    let carry = if lost == n { 0 } else { (milli % 1000) as u32 };
    (lost, carry)
}

/// `n` units after this turn's loss, updating `carry`.
pub fn wear_down(n: u32, carry: &mut u32, pct: u32) -> u32 {
    let (lost, rest) = loss(n, *carry, pct);
    *carry = rest;
    n - lost
}

#[cfg(test)]
mod tests {
    use super::wear_down;

    #[test]
    fn one_set_of_tools_wears_out_in_ten_turns_at_ten_per_cent() {
        let (mut n, mut carry) = (1, 0);
        let mut turns = 0;
        while n > 0 {
            n = wear_down(n, &mut carry, 10);
            turns += 1;
        }
        assert_eq!(turns, 10);
        assert_eq!(carry, 0);
    }

    #[test]
    fn large_stocks_lose_their_share_and_services_everything() {
        let mut carry = 0;
        assert_eq!(wear_down(50, &mut carry, 10), 45);
        assert_eq!(carry, 0);
        assert_eq!(wear_down(7, &mut carry, 10), 7);
        assert_eq!(carry, 700);
        assert_eq!(wear_down(7, &mut carry, 10), 6);
        assert_eq!(carry, 400);
        let mut c = 0;
        assert_eq!(wear_down(12, &mut c, 100), 0);
        assert_eq!(wear_down(0, &mut carry, 10), 0);
        assert_eq!(carry, 0);
    }
}
