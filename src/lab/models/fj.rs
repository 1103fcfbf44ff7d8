//! `FJ`: the meeting's calibration against jury data. Twelve people, two binary status
//! dimensions drawn 50/50 (counted only where they differentiate the group), charisma
//! ~ U(0, 1) entering floor time with β = 1, κ = 2, λ_i = λ0·(1 − (e_i + 1)/4) with
//! λ0 = 0.9, x(0) ~ U(0, 1). Sandys & Dillehay (1995): the first-ballot majority prevails
//! in about 89% of juries.

use rand::RngExt;

use crate::engine::meeting::room::{Person, Room};
use crate::engine::meeting::vote;
use crate::engine::params::{BetaCells, MeetingParams};
use crate::engine::policy::{DecisionRule, Facilitation};
use crate::engine::rng;
use crate::engine::types::Mark;
use crate::lab::models::{Judge, Row};

/// Jurors per group.
const N: usize = 12;
/// Contested items simulated (each with its own group).
const ITEMS: u64 = 4000;
const SEED: u64 = 1995;

/// The FJ setup as meeting parameters: β = 1 whatever the rule, no dominance, no standing.
pub fn params() -> MeetingParams {
    MeetingParams {
        beta: 1.0,
        gamma: 0.0,
        kappa: 2.0,
        lambda0: 0.9,
        lambda_slope: 1.0,
        standing_weight: 0.0,
        cells: BetaCells {
            majority: [1.0, 1.0],
            consensus: [1.0, 1.0],
            unanimity: [1.0, 1.0],
        },
        ..MeetingParams::default()
    }
}

/// Share of untied items whose initial majority wins the vote on settled opinions.
pub fn majority_prevails(params: &MeetingParams, items: u64) -> f64 {
    let secret = Facilitation {
        secret_ballot: true,
        ..Facilitation::default()
    };
    let (mut counted, mut held) = (0u32, 0u32);
    let mut marks = [[Mark::High; 2]; N];
    let mut charisma = [0.0; N];
    let mut x0 = [0.0; N];
    let mut x = [0.0; N];
    let mut ballots = Vec::with_capacity(N);
    for item in 0..items {
        let mut r = rng::stream(SEED, "models-fj", 0, item);
        for i in 0..N {
            for m in marks[i].iter_mut() {
                *m = if r.random::<bool>() {
                    Mark::Low
                } else {
                    Mark::High
                };
            }
            charisma[i] = r.random();
            x0[i] = r.random();
        }
        let cut = params.support_cut;
        let initial = x0.iter().filter(|&&v| v > cut).count();
        if 2 * initial == N {
            continue;
        }
        let room = Room::new(params, DecisionRule::Majority, secret, N, |i| Person {
            marks: &marks[i],
            charisma: charisma[i],
            dominance: 0.0,
            standing: 0.0,
        });
        room.solver.settle(&x0, &mut x);
        let t = vote::cast(
            params,
            DecisionRule::Majority,
            secret,
            &room,
            &x,
            &mut r,
            &mut ballots,
        );
        let passed = vote::passes(params, DecisionRule::Majority, &t);
        counted += 1;
        held += u32::from(passed == (2 * initial > N));
    }
    if counted == 0 {
        0.0
    } else {
        held as f64 / counted as f64
    }
}

pub fn rows() -> Vec<Row> {
    vec![Row::new(
        "FJ",
        "initial majority prevails, N=12, κ=2, λ0=0.9 (%)",
        89.0,
        100.0 * majority_prevails(&params(), ITEMS),
        3.0,
        Judge::Within,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lambda_rule_matters() {
        // With equal susceptibility the initial majority prevails less often.
        let flat = MeetingParams {
            lambda_slope: 0.0,
            ..params()
        };
        let a = majority_prevails(&params(), 600);
        let b = majority_prevails(&flat, 600);
        assert!(b < a - 0.02, "{a} with the status rule, {b} with equal λ");
    }
}
