//! Simulated meetings for the floor-time rows (`KM`, `BAL`): a community whose members each
//! need a unit of one pooled good, so every one of them files a request, run through the
//! game's own meeting ([`meeting::run`]: seating, the room's expectations and floor time,
//! deliberation and the vote). The floor shares are read from the meeting's record, as the
//! Meeting screen reads them.

use crate::engine::allocate;
use crate::engine::ctx::TurnCtx;
use crate::engine::meeting::{self, Session};
use crate::engine::params::MeetingParams;
use crate::engine::policy::DecisionRule;
use crate::engine::report::LayerDetail;
use crate::engine::state::State;
use crate::engine::types::Mark;
use crate::engine::world::World;
use crate::engine::world::scenario::{Good, Member, Scenario, ScenarioMeta};

/// One attendee as the meeting sees them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attendee {
    /// On the community's two status dimensions.
    pub marks: [Mark; 2],
    pub charisma: f64,
    pub dominance: f64,
    pub standing: f64,
}

/// A community of a fixed size, ready to meet.
#[derive(Debug, Clone)]
pub struct Community {
    world: World,
    start: State,
}

impl Community {
    /// `n` members, two status dimensions and a pool of grain each of them needs a unit of;
    /// the meeting runs on `params`.
    pub fn new(n: usize, params: &MeetingParams) -> Community {
        let meta: ScenarioMeta = ron::from_str(
            "(id: \"room\", name: \"Room\", description: \"A meeting\", turns: 1,
              dimensions: [(id: \"one\", high: \"high\", low: \"low\"),
                           (id: \"two\", high: \"high\", low: \"low\")])",
        )
        .expect("meeting scenario meta parses");
        let goods: Vec<Good> = ron::from_str(&format!(
            "[(id: \"grain\", name: \"grain\", unit: \"sack\", kind: Consumable,
               regime: Commons, pool: {n})]"
        ))
        .expect("meeting goods parse");
        let members: Vec<Member> = (0..n)
            .map(|i| {
                ron::from_str(&format!(
                    "(id: \"m{i}\", name: \"Member {i}\",
                      needs: [(good: \"grain\", amount: 1, priority: Survival)])"
                ))
                .expect("member parses")
            })
            .collect();
        let world = World::new(Scenario {
            meta,
            goods,
            members,
            storylets: Vec::new(),
        })
        .expect("meeting world resolves");
        let mut start = State::new(&world, 0);
        start.params.meeting = params.clone();
        Community { world, start }
    }

    /// The floor shares (by member) of a meeting of `people` under `rule`; `seed` drives the
    /// meeting's own draws (the noise on initial support, conformity).
    pub fn floor(&self, people: &[Attendee], rule: DecisionRule, seed: u64) -> Vec<f64> {
        let mut state = self.start.clone();
        state.seed = seed;
        state.policy.decision_rule = rule;
        for (m, a) in state.members.iter_mut().zip(people) {
            m.marks = a.marks.to_vec();
            m.charisma = a.charisma;
            m.dominance = a.dominance;
            m.standing = a.standing;
        }
        let mut ctx = TurnCtx::new(&self.world, &mut state, 1);
        let mut claims = allocate::claims(&ctx, 0);
        let mut session = Session::default();
        match meeting::run(&mut ctx, &mut session, 0, &mut claims) {
            LayerDetail::Meeting(record) => record.floor.iter().map(|&(_, s)| s).collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meeting_seats_everyone_and_shares_the_floor() {
        let even = Attendee {
            marks: [Mark::High; 2],
            charisma: 0.5,
            dominance: 0.5,
            standing: 0.5,
        };
        let c = Community::new(5, &MeetingParams::default());
        let s = c.floor(&[even; 5], DecisionRule::Majority, 1);
        assert_eq!(s.len(), 5);
        assert!(s.iter().all(|&x| (x - 0.2).abs() < 1e-12), "{s:?}");
        // The one who dominates takes more of the floor.
        let mut people = [even; 5];
        people[2].dominance = 1.0;
        let s = c.floor(&people, DecisionRule::Majority, 1);
        assert!(s[2] > 0.3 && (s.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
