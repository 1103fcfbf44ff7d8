//! `KM`: Karpowitz, Mendelberg & Shaker (2012), from simulated meetings. Five members, one of
//! them lower-status on one dimension, everyone's charisma, dominance and standing drawn
//! U(0, 1) independently of status; each group meets once under majority rule and once under
//! unanimity (the same draws), through the game's own meeting ([`Community::floor`]). Under
//! majority rule the lower-status member speaks under 75% as much as a higher-status one;
//! under unanimity, with the lower-status group a small minority, the gap disappears. The
//! ratio is of mean floor shares over the groups.

use rand::RngExt;

use crate::engine::params::MeetingParams;
use crate::engine::policy::DecisionRule;
use crate::engine::rng;
use crate::engine::types::Mark;
use crate::lab::models::meet::{Attendee, Community};
use crate::lab::models::{Judge, Row, Sample};

/// Groups simulated per row: the ratio's standard error is about 0.003.
pub const GROUPS: u64 = 4000;
const SEED: u64 = 2012;

/// Member 0 low on the first dimension, the others high; charisma, dominance and standing
/// ~ U(0, 1).
fn group(g: u64) -> [Attendee; 5] {
    let mut r = rng::stream(SEED, "models-km", 0, g);
    std::array::from_fn(|i| Attendee {
        marks: [if i == 0 { Mark::Low } else { Mark::High }, Mark::High],
        charisma: r.random(),
        dominance: r.random(),
        standing: r.random(),
    })
}

/// The lower-status member's mean floor share over the higher-status members' mean share,
/// over `groups` meetings under `rule`, and the meetings' sample.
pub fn talk_ratio(params: &MeetingParams, rule: DecisionRule, groups: u64) -> (f64, Sample) {
    let c = Community::new(5, params);
    let mut sample = Sample {
        seeds: groups,
        ..Sample::default()
    };
    let (mut low, mut high) = (0.0, 0.0);
    for g in 0..groups {
        let share = c.floor(&group(g), rule, g);
        share.iter().for_each(|&s| sample.print.f64(s));
        low += share[0];
        high += share[1..].iter().sum::<f64>() / 4.0;
    }
    let ratio = if high > 0.0 { low / high } else { 0.0 };
    (ratio, sample)
}

/// The rows for the game's meeting parameters.
pub fn rows() -> Vec<Row> {
    rows_for(&MeetingParams::default())
}

/// The KM rows judging `params`.
pub fn rows_for(params: &MeetingParams) -> Vec<Row> {
    let (majority, m) = talk_ratio(params, DecisionRule::Majority, GROUPS);
    let (unanimity, u) = talk_ratio(params, DecisionRule::Unanimity, GROUPS);
    vec![
        Row::new(
            "KM",
            "low/high talk ratio, 1 of 5 low-status, majority",
            0.75,
            majority,
            0.0,
            Judge::Below,
        )
        .over(&m),
        Row::new(
            "KM",
            "low/high talk ratio, 1 of 5 low-status, unanimity",
            1.0,
            unanimity,
            0.05,
            Judge::Within,
        )
        .over(&u),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_fail_when_status_takes_the_floor_under_unanimity_or_never() {
        let rows = rows_for(&MeetingParams::default());
        assert!(rows.iter().all(|r| r.pass), "{rows:?}");
        // Status still takes the floor under unanimity: the unanimity row fails.
        let mut p = MeetingParams::default();
        p.cells.unanimity = [1.0, 1.0];
        assert!(!rows_for(&p)[1].pass);
        // Status never enters floor time: the majority row fails.
        let mut flat = MeetingParams::default();
        flat.cells.majority = [0.0, 0.0];
        assert!(!rows_for(&flat)[0].pass);
    }
}
