//! The final vote: conformity to the room in an open vote (Asch), blocks under consensus,
//! and the decision rule.

use rand::RngExt;

use crate::engine::meeting::room::Room;
use crate::engine::params::MeetingParams;
use crate::engine::policy::{DecisionRule, Facilitation};
use crate::engine::rng::Stream;

/// How one member voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ballot {
    Yes,
    No,
    /// Against, and holding the item up (consensus only).
    Block,
    /// Against, but letting it pass (consensus only).
    StandAside,
}

impl Ballot {
    pub fn is_yes(self) -> bool {
        self == Ballot::Yes
    }
}

/// The count of a vote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub yes: u32,
    /// Everyone not voting yes (including blocks and stand-asides).
    pub against: u32,
    pub blocks: u32,
    /// Members who voted with the room against their settled opinion.
    pub conformed: u32,
    /// The first blocker, by position in the room.
    pub first_block: Option<usize>,
}

impl Tally {
    /// Share of the room voting yes.
    pub fn support(&self) -> f64 {
        let n = self.yes + self.against;
        if n == 0 {
            0.0
        } else {
            self.yes as f64 / n as f64
        }
    }
}

/// Chance that attendee `i` votes with the room against their own opinion in an open vote:
/// Asch's third at the room's mean status, less for higher status.
pub fn conformity(params: &MeetingParams, room: &Room, i: usize) -> f64 {
    (params.conformity * (1.0 - params.conformity_status * (room.e[i] - room.mean_e)))
        .clamp(0.0, 1.0)
}

/// Chance that an opponent blocks rather than stands aside: higher for higher status in an
/// open meeting; the same for everyone behind a secret ballot.
pub fn block_chance(params: &MeetingParams, room: &Room, i: usize, secret: bool) -> f64 {
    if secret {
        return params.block.clamp(0.0, 1.0);
    }
    (params.block * (1.0 + params.block_status * (room.e[i] - room.mean_e))).clamp(0.0, 1.0)
}

/// A uniform in [0, 1) from the low 32 bits of `bits`.
fn unit32(bits: u64) -> f64 {
    (bits & 0xffff_ffff) as f64 / 4_294_967_296.0
}

/// Cast every ballot from the settled opinions `x`. Draws exactly one number per attendee
/// whatever happens, so one member's choice never shifts another's draws.
pub fn cast(
    params: &MeetingParams,
    rule: DecisionRule,
    facilitation: Facilitation,
    room: &Room,
    x: &[f64],
    rng: &mut Stream,
    ballots: &mut Vec<Ballot>,
) -> Tally {
    let mut draws = Vec::with_capacity(x.len());
    draw(x.len(), rng, &mut draws);
    cast_with(params, rule, facilitation, room, x, &draws, true, ballots)
}

/// One draw per attendee into `out`: what [`cast_with`] reads, so the same vote can be cast
/// again with a factor left out (`meeting::cause`).
pub fn draw(n: usize, rng: &mut Stream, out: &mut Vec<u64>) {
    out.clear();
    out.extend((0..n).map(|_| rng.random::<u64>()));
}

/// Cast every ballot from the settled opinions `x` and the attendees' `draws`; with
/// `blocks` false, an opponent who would block stands aside instead.
#[allow(clippy::too_many_arguments)]
pub fn cast_with(
    params: &MeetingParams,
    rule: DecisionRule,
    facilitation: Facilitation,
    room: &Room,
    x: &[f64],
    draws: &[u64],
    blocks: bool,
    ballots: &mut Vec<Ballot>,
) -> Tally {
    ballots.clear();
    ballots.resize(x.len().min(draws.len()), Ballot::No);
    let mut slots = ballots.iter_mut();
    let each = |b| {
        if let Some(slot) = slots.next() {
            *slot = b;
        }
    };
    count(params, rule, facilitation, room, x, draws, blocks, each)
}

/// [`cast_with`]'s count alone, for a vote held again whose ballots nobody reads.
#[allow(clippy::too_many_arguments)]
pub fn tally(
    params: &MeetingParams,
    rule: DecisionRule,
    facilitation: Facilitation,
    room: &Room,
    x: &[f64],
    draws: &[u64],
    blocks: bool,
) -> Tally {
    count(params, rule, facilitation, room, x, draws, blocks, |_| {})
}

/// The vote, handing each ballot in attendee order to `each`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn count(
    params: &MeetingParams,
    rule: DecisionRule,
    facilitation: Facilitation,
    room: &Room,
    x: &[f64],
    draws: &[u64],
    blocks: bool,
    mut each: impl FnMut(Ballot),
) -> Tally {
    let cut = params.support_cut;
    // Which way the room is going: its opinion as heard, weighted by floor time.
    let heard: f64 = room.share.iter().zip(x).map(|(s, x)| s * x).sum();
    let going = if heard > cut {
        Some(true)
    } else if heard < cut {
        Some(false)
    } else {
        None
    };
    let secret = facilitation.secret_ballot;
    // In an open vote going one way, those of the other view may go with the room.
    let swaying = if secret { None } else { going };
    let consensus = rule == DecisionRule::Consensus;
    let mut t = Tally::default();
    for (i, (&xi, &r)) in x.iter().zip(draws).enumerate() {
        // One draw split into two 32-bit uniforms: conformity (high) and blocking (low).
        let mut yes = xi > cut;
        if swaying.is_some_and(|g| g != yes) && unit32(r >> 32) < conformity(params, room, i) {
            yes = !yes;
            t.conformed += 1;
        }
        let ballot = if yes {
            t.yes += 1;
            Ballot::Yes
        } else {
            t.against += 1;
            if !consensus {
                Ballot::No
            } else if blocks && unit32(r) < block_chance(params, room, i, secret) {
                t.blocks += 1;
                t.first_block.get_or_insert(i);
                Ballot::Block
            } else {
                Ballot::StandAside
            }
        };
        each(ballot);
    }
    t
}

/// Whether the item passes under `rule`.
pub fn passes(params: &MeetingParams, rule: DecisionRule, t: &Tally) -> bool {
    match rule {
        DecisionRule::Majority => t.support() > params.threshold,
        DecisionRule::Consensus => t.blocks == 0 && t.yes > 0,
        DecisionRule::Unanimity => t.against == 0 && t.yes > 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::meeting::room::tests::{Guest, guests, room};
    use crate::engine::rng;
    use crate::engine::types::Mark;
    use proptest::prelude::*;

    fn five(low: usize) -> Vec<Guest> {
        (0..5)
            .map(|i| Guest {
                marks: vec![if i < low { Mark::Low } else { Mark::High }],
                charisma: 0.5,
                dominance: 0.5,
            })
            .collect()
    }

    #[test]
    fn conformity_is_asch_third_at_mean_status_and_falls_with_status() {
        let p = MeetingParams::default();
        let r = room(
            &p,
            DecisionRule::Majority,
            Facilitation::default(),
            &five(1),
        );
        let low = conformity(&p, &r, 0);
        let high = conformity(&p, &r, 4);
        assert!(low > 1.0 / 3.0 && high < 1.0 / 3.0);
        let even = room(
            &p,
            DecisionRule::Majority,
            Facilitation::default(),
            &five(0),
        );
        assert!((conformity(&p, &even, 2) - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn lower_status_members_stand_aside_more_unless_the_ballot_is_secret() {
        let p = MeetingParams::default();
        let r = room(
            &p,
            DecisionRule::Consensus,
            Facilitation::default(),
            &five(2),
        );
        assert!(block_chance(&p, &r, 0, false) < block_chance(&p, &r, 4, false));
        assert_eq!(block_chance(&p, &r, 0, true), block_chance(&p, &r, 4, true));
    }

    #[test]
    fn rules_decide_as_named() {
        let p = MeetingParams::default();
        let t = |yes, against, blocks| Tally {
            yes,
            against,
            blocks,
            ..Tally::default()
        };
        assert!(passes(&p, DecisionRule::Majority, &t(3, 2, 0)));
        assert!(!passes(&p, DecisionRule::Majority, &t(2, 2, 0)));
        assert!(passes(&p, DecisionRule::Consensus, &t(2, 3, 0)));
        assert!(!passes(&p, DecisionRule::Consensus, &t(4, 1, 1)));
        assert!(!passes(&p, DecisionRule::Unanimity, &t(4, 1, 0)));
        assert!(passes(&p, DecisionRule::Unanimity, &t(5, 0, 0)));
    }

    #[test]
    fn a_secret_ballot_is_the_settled_opinions() {
        let p = MeetingParams::default();
        let secret = Facilitation {
            secret_ballot: true,
            ..Facilitation::default()
        };
        let r = room(&p, DecisionRule::Majority, secret, &five(1));
        let x = [0.9, 0.4, 0.6, 0.2, 0.7];
        let mut b = Vec::new();
        let t = cast(
            &p,
            DecisionRule::Majority,
            secret,
            &r,
            &x,
            &mut rng::stream(1, "t", 0, 0),
            &mut b,
        );
        assert_eq!(t.yes, 3);
        assert_eq!(t.conformed, 0);
        assert_eq!(b[1], Ballot::No);
    }

    #[test]
    fn secret_ballot_can_change_what_an_open_vote_decides() {
        // A narrow majority against, a floor leaning for: in an open vote some opponents go
        // with the room; behind a secret ballot none does.
        let p = MeetingParams::default();
        let open = Facilitation::default();
        let secret = Facilitation {
            secret_ballot: true,
            ..open
        };
        let g = five(3);
        let x = [0.45, 0.45, 0.45, 0.95, 0.95];
        let mut b = Vec::new();
        let mut changed = 0;
        for seed in 0..50 {
            let mut decide = |f: Facilitation| {
                let r = room(&p, DecisionRule::Majority, f, &g);
                let t = cast(
                    &p,
                    DecisionRule::Majority,
                    f,
                    &r,
                    &x,
                    &mut rng::stream(seed, "t", 0, 0),
                    &mut b,
                );
                passes(&p, DecisionRule::Majority, &t)
            };
            let (o, s) = (decide(open), decide(secret));
            assert!(!s, "the secret ballot follows the settled opinions");
            changed += usize::from(o != s);
        }
        assert!(changed > 0 && changed < 50, "{changed}");
    }

    proptest! {
        #[test]
        fn without_status_effects_relabelling_members_changes_nothing(
            (people, shuffled) in guests()
                .prop_flat_map(|g| {
                    let n = g.len();
                    proptest::collection::vec(0.0f64..1.0, n).prop_map(move |x| {
                        g.iter().cloned().zip(x).collect::<Vec<_>>()
                    })
                })
                .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        ) {
            let p = MeetingParams {
                beta: 0.0,
                gamma: 0.0,
                kappa: 0.0,
                lambda_slope: 0.0,
                ..MeetingParams::default()
            };
            let secret = Facilitation { secret_ballot: true, ..Facilitation::default() };
            let outcome = |v: &[(Guest, f64)], rule| {
                let g: Vec<Guest> = v.iter().map(|(g, _)| g.clone()).collect();
                let x0: Vec<f64> = v.iter().map(|(_, x)| *x).collect();
                let r = room(&p, rule, secret, &g);
                let mut x = vec![0.0; x0.len()];
                r.solver.settle(&x0, &mut x);
                let mut b = Vec::new();
                let t = cast(&p, rule, secret, &r, &x, &mut rng::stream(9, "t", 0, 0), &mut b);
                let mut settled: Vec<u64> = x.iter().map(|v| (v * 1e9).round() as u64).collect();
                settled.sort_unstable();
                (t.yes, passes(&p, rule, &t), settled)
            };
            for rule in [DecisionRule::Majority, DecisionRule::Unanimity] {
                prop_assert_eq!(outcome(&people, rule), outcome(&shuffled, rule));
            }
        }
    }
}
