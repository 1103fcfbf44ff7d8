//! `BAL`: Bales' top speaker. In task groups the most talkative member makes 40–50% of the
//! contributions (Bales, Strodtbeck, Mills & Roseborough 1951), and DESIGN §4.2 tunes the
//! dominance weight γ to it on a group of five: one member at dominance 1 among four at 0.2,
//! of equal status, charisma and standing. The row holds that group's meeting through the
//! game's own meeting code ([`Community::floor`]) and reads the top share from its record.

use crate::engine::params::MeetingParams;
use crate::engine::policy::DecisionRule;
use crate::engine::types::Mark;
use crate::lab::models::meet::{Attendee, Community};
use crate::lab::models::{Judge, Print, Row, Sample};

/// The calibration group: member 0 dominates.
pub fn group() -> [Attendee; 5] {
    std::array::from_fn(|i| Attendee {
        marks: [Mark::High; 2],
        charisma: 0.5,
        dominance: if i == 0 { 1.0 } else { 0.2 },
        standing: 0.5,
    })
}

/// The top speaker's floor share in the calibration group's meeting, and its sample.
pub fn top_share(params: &MeetingParams) -> (f64, Sample) {
    let share = Community::new(5, params).floor(&group(), DecisionRule::Majority, 1);
    let mut print = Print::default();
    share.iter().for_each(|&s| print.f64(s));
    let top = share.iter().copied().fold(0.0, f64::max);
    (top, Sample { seeds: 1, print })
}

/// The rows for the game's meeting parameters.
pub fn rows() -> Vec<Row> {
    rows_for(&MeetingParams::default())
}

/// The top-speaker row judging `params`: the share within [0.40, 0.50].
pub fn rows_for(params: &MeetingParams) -> Vec<Row> {
    let (top, sample) = top_share(params);
    vec![
        Row::new(
            "BAL",
            "top speaker's floor share, 5 members, one dominant",
            0.45,
            top,
            0.05,
            Judge::Within,
        )
        .over(&sample),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_holds_the_shipped_gamma_and_catches_one_too_weak_or_strong() {
        let at = |gamma| {
            rows_for(&MeetingParams {
                gamma,
                ..MeetingParams::default()
            })[0]
                .clone()
        };
        assert!(rows()[0].pass, "{:?}", rows()[0]);
        let (weak, strong) = (at(1.0), at(2.0));
        assert!(!weak.pass && weak.measured < 0.4, "{weak:?}");
        assert!(!strong.pass && strong.measured > 0.5, "{strong:?}");
    }
}
