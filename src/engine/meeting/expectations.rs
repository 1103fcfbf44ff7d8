//! Expectation states (Berger, Cohen & Zelditch), in the numeric form Wilson (2007, JASSS
//! 10(4)4) restates: a path of length n from a member to the task outcome has strength
//! f(n) = 1 − exp(−2.618^(2−n)); paths of one sign combine as 1 − Π(1 − f).
//!
//! A diffuse status characteristic reaches the outcome by paths of length 4 and 5, so one
//! salient characteristic is worth 1 − (1 − f(4))(1 − f(5)) = 0.1826 and k consistent ones
//! 1 − 0.8174^k. Charisma is a specific characteristic, one path of length 3: f(3) = 0.317.

use crate::engine::types::Mark;

/// The base of Wilson's path-strength function (the square of the golden ratio, rounded).
const PATH_BASE: f64 = 2.618;

/// Strength of a path of length `n` (f(2) = .632, f(3) = .317, f(4) = .136, f(5) = .054).
pub fn path_strength(n: u32) -> f64 {
    1.0 - libm::exp(-libm::pow(PATH_BASE, 2.0 - n as f64))
}

/// What one diffuse characteristic leaves of the other side: (1 − f(4))·(1 − f(5)) ≈ 0.8174.
pub fn diffuse_remainder() -> f64 {
    (1.0 - path_strength(4)) * (1.0 - path_strength(5))
}

/// Precomputed constants of the expectation formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expectations {
    remainder: f64,
    specific: f64,
}

impl Default for Expectations {
    /// [`diffuse_remainder`] and f(3) written out to the bit (a test holds them to the
    /// formula): every room is built with them, and three powers and three exponentials
    /// cost a small room about a tenth of its building.
    fn default() -> Self {
        Expectations {
            remainder: 0.817_395_606_680_338_7,
            specific: 0.317_485_133_816_407_86,
        }
    }
}

impl Expectations {
    /// `e = (1 − r^h) − (1 − r^l) + f(3)·c` for `h` high and `l` low states on the
    /// differentiating dimensions and specific characteristic `c` (0–1).
    pub fn of(&self, high: u32, low: u32, c: f64) -> f64 {
        let pos = 1.0 - power(self.remainder, high);
        let neg = 1.0 - power(self.remainder, low);
        pos - neg + self.specific * c
    }
}

/// `x^k` by repeated multiplication (k is a count of status marks, so small).
fn power(x: f64, k: u32) -> f64 {
    let mut out = 1.0;
    for _ in 0..k {
        out *= x;
    }
    out
}

/// How many of a group hold the low state on each of `dims` dimensions, into `out`, in one
/// pass over the members' `marks` (a missing mark counts as high).
pub fn lows<'a>(dims: usize, marks: impl Iterator<Item = &'a [Mark]>, out: &mut Vec<u32>) {
    out.clear();
    out.resize(dims, 0);
    for m in marks {
        for (count, mark) in out.iter_mut().zip(m) {
            *count += u32::from(*mark == Mark::Low);
        }
    }
}

/// Which dimensions differentiate a group of `n`: those on which someone holds each state,
/// from the `low` counts ([`lows`]); one flag per dimension.
pub fn differentiating(n: usize, low: &[u32], out: &mut Vec<bool>) {
    out.clear();
    out.extend(low.iter().map(|&l| l > 0 && (l as usize) < n));
}

/// Member's (high, low) counts over the differentiating dimensions.
pub fn counts(marks: &[Mark], salient: &[bool]) -> (u32, u32) {
    let (mut h, mut l) = (0, 0);
    for (d, &s) in salient.iter().enumerate() {
        if s {
            match marks.get(d) {
                Some(Mark::Low) => l += 1,
                _ => h += 1,
            }
        }
    }
    (h, l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_strengths_match_wilson() {
        let published = [0.632, 0.317, 0.136, 0.054];
        for (k, p) in published.iter().enumerate() {
            let f = path_strength(k as u32 + 2);
            assert!((f - p).abs() < 6e-4, "f({}) = {f}", k + 2);
        }
        assert!((diffuse_remainder() - 0.8174).abs() < 1e-4);
    }

    #[test]
    fn the_constants_written_out_are_the_formula_to_the_bit() {
        let e = Expectations::default();
        assert_eq!(e.remainder.to_bits(), diffuse_remainder().to_bits());
        assert_eq!(e.specific.to_bits(), path_strength(3).to_bits());
    }

    #[test]
    fn one_characteristic_is_worth_0_1826_either_way() {
        let e = Expectations::default();
        assert!((e.of(1, 0, 0.0) - 0.1826).abs() < 1e-4);
        assert!((e.of(0, 1, 0.0) + 0.1826).abs() < 1e-4);
        assert_eq!(e.of(2, 2, 0.0), 0.0);
    }

    #[test]
    fn consistent_characteristics_combine_as_one_minus_power() {
        let e = Expectations::default();
        for k in 1..=4 {
            let want = 1.0 - libm::pow(0.8174, k as f64);
            assert!((e.of(k, 0, 0.0) - want).abs() < 1e-4, "k = {k}");
        }
    }

    #[test]
    fn charisma_enters_as_a_path_of_length_three() {
        let e = Expectations::default();
        assert!((e.of(0, 0, 1.0) - path_strength(3)).abs() < 1e-15);
        assert!(e.of(1, 0, 0.5) > e.of(1, 0, 0.4));
    }

    #[test]
    fn only_dimensions_held_both_ways_differentiate() {
        let marks = [
            vec![Mark::High, Mark::Low, Mark::High],
            vec![Mark::High, Mark::High, Mark::High],
        ];
        let (mut low, mut salient) = (Vec::new(), Vec::new());
        lows(3, marks.iter().map(|m| &m[..]), &mut low);
        assert_eq!(low, vec![0, 1, 0]);
        differentiating(2, &low, &mut salient);
        assert_eq!(salient, vec![false, true, false]);
        assert_eq!(counts(&marks[0], &salient), (0, 1));
        assert_eq!(counts(&marks[1], &salient), (1, 0));
    }
}
