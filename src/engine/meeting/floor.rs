//! Floor time: `s_i = exp(β·e_i + γ·d_i) / Σ_j exp(β·e_j + γ·d_j)`.
//!
//! β is scaled by the Karpowitz–Mendelberg–Shaker (2012) cells: the status gap in talk
//! disappears under unanimity when the lower-status group is a small minority and under
//! majority rule when it is large. Timed rounds cap every share.

use crate::engine::params::{BetaCells, MeetingParams};
use crate::engine::policy::DecisionRule;

/// β's multiplier under `rule` when the lower-status group holds `share` of the room:
/// the rule's small-minority cell up to `small`, its large-group cell from `large`, linear
/// in between.
pub fn cell_factor(
    cells: &BetaCells,
    rule: DecisionRule,
    share: f64,
    small: f64,
    large: f64,
) -> f64 {
    let [few, many] = match rule {
        DecisionRule::Majority => cells.majority,
        DecisionRule::Consensus => cells.consensus,
        DecisionRule::Unanimity => cells.unanimity,
    };
    let t = if large > small {
        ((share - small) / (large - small)).clamp(0.0, 1.0)
    } else if share >= large {
        1.0
    } else {
        0.0
    };
    few + (many - few) * t
}

/// The β a meeting uses: `params.beta` times the mean cell factor over the dimensions that
/// differentiate the room (`low_shares`: the share holding the low mark on each); with none,
/// β is unscaled.
pub fn effective_beta(params: &MeetingParams, rule: DecisionRule, low_shares: &[f64]) -> f64 {
    if low_shares.is_empty() {
        return params.beta;
    }
    let sum: f64 = low_shares
        .iter()
        .map(|&q| {
            cell_factor(
                &params.cells,
                rule,
                q,
                params.minority_small,
                params.minority_large,
            )
        })
        .sum();
    params.beta * sum / low_shares.len() as f64
}

/// Softmax of `β·e_i + γ·d_i` into `out` (shifted by the maximum, so it never overflows).
pub fn shares(beta: f64, gamma: f64, e: &[f64], d: &[f64], out: &mut Vec<f64>) {
    out.clear();
    let top = e
        .iter()
        .zip(d)
        .map(|(&e, &d)| beta * e + gamma * d)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut total = 0.0;
    for (&e, &d) in e.iter().zip(d) {
        let w = libm::exp(beta * e + gamma * d - top);
        total += w;
        out.push(w);
    }
    for s in out.iter_mut() {
        *s /= total;
    }
}

/// [`shares`] of `n` members with the same `e` and `d`, bit for bit: one exponential, and
/// the total summed over the members in the same order.
pub fn shares_uniform(beta: f64, gamma: f64, e: f64, d: f64, n: usize, out: &mut Vec<f64>) {
    let v = beta * e + gamma * d;
    let top = (0..n).map(|_| v).fold(f64::NEG_INFINITY, f64::max);
    let w = libm::exp(v - top);
    let total = (0..n).fold(0.0, |t, _| t + w);
    out.clear();
    out.resize(n, w / total);
}

/// Cap every share at `cap` and hand the excess to the others in proportion to their
/// shares, until none exceeds it (timed rounds). A cap below an equal share gives equal shares.
pub fn cap_shares(s: &mut [f64], cap: f64) {
    let n = s.len();
    if n == 0 {
        return;
    }
    let cap = cap.max(1.0 / n as f64);
    for _ in 0..n {
        let (mut excess, mut free) = (0.0, 0.0);
        for x in s.iter_mut() {
            if *x > cap {
                excess += *x - cap;
                *x = cap;
            } else if *x < cap {
                free += *x;
            }
        }
        if excess <= 0.0 || free <= 0.0 {
            break;
        }
        let scale = (free + excess) / free;
        for x in s.iter_mut() {
            if *x < cap {
                *x *= scale;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_low_status_member_in_five_talks_0_69_as_much_under_majority() {
        let e = [0.1826, 0.1826, 0.1826, 0.1826, -0.1826];
        let d = [0.5; 5];
        let p = MeetingParams::default();
        let beta = effective_beta(&p, DecisionRule::Majority, &[0.2]);
        assert_eq!(beta, 1.0);
        let mut s = Vec::new();
        shares(beta, p.gamma, &e, &d, &mut s);
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let ratio = s[4] / s[0];
        assert!((ratio - libm::exp(-0.3652)).abs() < 1e-3, "{ratio}");
        assert!(ratio < 0.75);
    }

    #[test]
    fn the_gap_closes_in_the_two_kms_cells() {
        let p = MeetingParams::default();
        assert_eq!(effective_beta(&p, DecisionRule::Unanimity, &[0.2]), 0.0);
        assert_eq!(effective_beta(&p, DecisionRule::Majority, &[0.8]), 0.0);
        assert_eq!(effective_beta(&p, DecisionRule::Unanimity, &[0.8]), 1.0);
        assert!((effective_beta(&p, DecisionRule::Majority, &[0.5]) - 0.5).abs() < 1e-12);
        // Averaged over the differentiating dimensions.
        assert!((effective_beta(&p, DecisionRule::Majority, &[0.2, 0.8]) - 0.5).abs() < 1e-12);
        assert_eq!(effective_beta(&p, DecisionRule::Consensus, &[]), 1.0);
    }

    #[test]
    fn dominance_gives_the_top_speaker_of_five_a_bales_share() {
        // Bales: the top speaker in a five-person group takes 40–50% of the floor.
        let p = MeetingParams::default();
        let mut s = Vec::new();
        shares(0.0, p.gamma, &[0.0; 5], &[1.0, 0.2, 0.2, 0.2, 0.2], &mut s);
        assert!(s[0] > 0.4 && s[0] < 0.5, "{}", s[0]);
    }

    #[test]
    fn timed_rounds_cap_every_share_and_keep_the_total() {
        let mut s = vec![0.6, 0.2, 0.1, 0.05, 0.05];
        cap_shares(&mut s, 2.0 / 5.0);
        assert!(s.iter().all(|&x| x <= 0.4 + 1e-12));
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((s[0] - 0.4).abs() < 1e-12);
        assert!(
            (s[1] / s[2] - 2.0).abs() < 1e-9,
            "proportions kept below the cap"
        );
        let mut eq = vec![0.7, 0.3];
        cap_shares(&mut eq, 0.1);
        assert!(eq.iter().all(|&x| (x - 0.5).abs() < 1e-12), "{eq:?}");
    }
}
