//! `KM`: Karpowitz, Mendelberg & Shaker (2012). Five members of equal charisma and
//! dominance, one of them lower-status on one dimension: under majority rule the
//! lower-status member speaks under 75% as much as a higher-status one; under unanimity the
//! gap disappears.

use crate::engine::meeting::room::{Person, Room};
use crate::engine::params::MeetingParams;
use crate::engine::policy::{DecisionRule, Facilitation};
use crate::engine::types::Mark;
use crate::lab::models::{Judge, Row};

/// The lower-status member's floor share over a higher-status member's under `rule`.
pub fn talk_ratio(params: &MeetingParams, rule: DecisionRule) -> f64 {
    let marks = [
        [Mark::Low],
        [Mark::High],
        [Mark::High],
        [Mark::High],
        [Mark::High],
    ];
    let room = Room::new(params, rule, Facilitation::default(), 5, |i| Person {
        marks: &marks[i],
        charisma: 0.5,
        dominance: 0.5,
        standing: 0.5,
    });
    room.share[0] / room.share[1]
}

pub fn rows() -> Vec<Row> {
    let p = MeetingParams::default();
    vec![
        Row::new(
            "KM",
            "low/high talk ratio, 1 of 5 low-status, majority",
            0.75,
            talk_ratio(&p, DecisionRule::Majority),
            0.0,
            Judge::Below,
        ),
        Row::new(
            "KM",
            "low/high talk ratio, 1 of 5 low-status, unanimity",
            1.0,
            talk_ratio(&p, DecisionRule::Unanimity),
            0.05,
            Judge::Within,
        ),
    ]
}
