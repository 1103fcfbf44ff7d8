//! The decisive cause of a refusal. The item's vote is held again — the same noise on every
//! opinion, the same draws behind every ballot — with one factor left out at a time: the
//! scarcity term, prejudice against the asker's marks, status and charisma (a room of
//! equals), a block. The factor whose removal alone passes the item decided it; if none
//! does, the two whose removal raises its support most are named together; if none raises
//! it, the room refused it on its merits. The same room of equals tells which approved
//! items status carried.

use crate::engine::meeting::agenda::{self, Context};
use crate::engine::meeting::room::{Person, Room};
use crate::engine::meeting::vote;
use crate::engine::params::{MeetingParams, SupportParams};
use crate::engine::policy::{DecisionRule, Facilitation};
use crate::engine::report::meeting::{Cause, Factor};
use crate::engine::state::State;
use crate::engine::types::MemberId;

/// A room like the circle's but where status and charisma make no difference: everyone has
/// the same marks and the circle's mean charisma, dominance and standing, so floor time and
/// influence are equal. Built in the lists of `old`.
pub fn room_of_equals(
    old: Room,
    params: &MeetingParams,
    rule: DecisionRule,
    facilitation: Facilitation,
    state: &State,
    members: &[MemberId],
) -> Room {
    let n = members.len().max(1) as f64;
    let mean = |f: fn(&crate::engine::state::MemberState) -> f64| {
        members.iter().map(|&m| f(&state.members[m])).sum::<f64>() / n
    };
    let (charisma, dominance, standing) = (
        mean(|m| m.charisma),
        mean(|m| m.dominance),
        mean(|m| m.standing),
    );
    let person = Person {
        marks: &[],
        charisma,
        dominance,
        standing,
    };
    Room::uniform_in(old, params, rule, facilitation, members.len(), person)
}

/// Everything one item's vote was held with.
pub struct Held<'a> {
    pub params: &'a MeetingParams,
    pub rule: DecisionRule,
    pub facilitation: Facilitation,
    pub view: Context<'a>,
    pub members: &'a [MemberId],
    pub asker: MemberId,
    /// By position: bond with the asker, own need unmet, the noise word drawn.
    pub bond: &'a [f64],
    pub unmet: &'a [bool],
    pub noise: &'a [u64],
    /// The attendees' prejudice and attitude ([`opinions`]).
    pub terms: &'a Terms,
    /// The ballots' draws.
    pub draws: &'a [u64],
    /// The vote's initial opinions (`opinions`) and where the room settled them: a retrial
    /// that leaves the view as it was (status, a block) starts from them.
    pub x0: &'a [f64],
    pub x: &'a [f64],
    pub room: &'a Room,
    pub equals: &'a Room,
}

/// Buffers a retrial reuses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Buffers {
    x0: Vec<f64>,
    x: Vec<f64>,
}

/// By position, what an attendee brings to an item besides its view (`agenda::weigh`): their
/// prejudice against the asker and attitude to its tags (0 for the asker, whose opinion is
/// 1). Found once per item; the retrials reweigh them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Terms {
    prejudice: Vec<f64>,
    attitude: Vec<f64>,
}

/// Each attendee's initial opinion of the item, into `out`: their support plus the noise of
/// their word drawn, and the asker's own 1. Their `terms` are kept for [`reweigh`].
#[allow(clippy::too_many_arguments)]
pub fn opinions(
    view: &Context,
    state: &State,
    members: &[MemberId],
    asker: MemberId,
    bond: &[f64],
    unmet: &[bool],
    noise: &[u64],
    terms: &mut Terms,
    out: &mut Vec<f64>,
) {
    // Every element is written below.
    let n = members.len();
    for v in [&mut terms.prejudice, &mut terms.attitude, &mut *out] {
        v.resize(n, 0.0);
    }
    let (valued, lead) = (!view.tags.is_empty(), agenda::lead(view));
    let each = members.iter().zip(bond).zip(noise);
    let slots = terms.prejudice.iter_mut().zip(&mut terms.attitude).zip(out);
    for (((&m, &bond), &w), ((prejudice, attitude), x)) in each.zip(slots) {
        if m == asker {
            (*prejudice, *attitude, *x) = (0.0, 0.0, 1.0);
            continue;
        }
        let member = &state.members[m];
        *prejudice = member.prejudice_against(view.requester);
        *attitude = if valued {
            member.attitude(view.tags)
        } else {
            0.0
        };
        *x = opinion(view, lead, *prejudice, *attitude, bond, unmet[m], w);
    }
}

/// [`opinions`] from the attendees' `terms`: the same support, bit for bit, under `view`.
#[allow(clippy::too_many_arguments)]
pub fn reweigh(
    view: &Context,
    members: &[MemberId],
    asker: MemberId,
    bond: &[f64],
    unmet: &[bool],
    noise: &[u64],
    terms: &Terms,
    out: &mut Vec<f64>,
) {
    out.clear();
    out.resize(members.len(), 1.0);
    let lead = agenda::lead(view);
    let each = members.iter().zip(bond).zip(noise);
    let slots = terms.prejudice.iter().zip(&terms.attitude).zip(out);
    for (((&m, &bond), &w), ((&prejudice, &attitude), x)) in each.zip(slots) {
        if m != asker {
            *x = opinion(view, lead, prejudice, attitude, bond, unmet[m], w);
        }
    }
}

/// One attendee's opinion: their support under `view` (whose [`agenda::lead`] is `lead`),
/// with the noise of word `w`.
fn opinion(
    view: &Context,
    lead: f64,
    prejudice: f64,
    attitude: f64,
    bond: f64,
    unmet: bool,
    w: u64,
) -> f64 {
    let x = agenda::weigh_from(view, lead, prejudice, attitude, bond, unmet);
    agenda::noisy(x, view.params.noise, agenda::unit(w))
}

impl Held<'_> {
    /// The vote held again without `factor`: (passes, support).
    pub fn without(&self, factor: Factor, b: &mut Buffers) -> (bool, f64) {
        // Opinions are recomputed only when the view changed; the same view gives the same
        // opinions, and the same room settles them the same way.
        let x0 = match factor {
            Factor::Scarcity | Factor::Prejudice => {
                let mut view = self.view;
                let fair;
                if factor == Factor::Scarcity {
                    view.scarcity = 0.0;
                } else {
                    fair = SupportParams {
                        prejudice: 0.0,
                        ..view.params.clone()
                    };
                    view.params = &fair;
                }
                let (m, a, t) = (self.members, self.asker, self.terms);
                reweigh(&view, m, a, self.bond, self.unmet, self.noise, t, &mut b.x0);
                &b.x0
            }
            Factor::Status | Factor::Block => self.x0,
        };
        let (room, x) = match factor {
            Factor::Block => (self.room, self.x),
            _ => {
                let room = if factor == Factor::Status {
                    self.equals
                } else {
                    self.room
                };
                // Every element is written.
                b.x.resize(x0.len(), 0.0);
                room.solver.settle(x0, &mut b.x);
                (room, b.x.as_slice())
            }
        };
        let blocks = factor != Factor::Block;
        let (p, rule, f) = (self.params, self.rule, self.facilitation);
        let t = vote::tally(p, rule, f, room, x, self.draws, blocks);
        (vote::passes(p, rule, &t), t.support())
    }

    /// The factors that acted on this item: scarcity when its term is positive, prejudice when
    /// an attendee holds some against the asker, status always, a block when one was cast.
    pub fn factors(&self, blocks: u32) -> impl Iterator<Item = Factor> + '_ {
        // The asker's own term is 0.
        let prejudiced =
            self.view.params.prejudice > 0.0 && self.terms.prejudice.iter().any(|&p| p > 0.0);
        Factor::ALL.into_iter().filter(move |f| match f {
            Factor::Scarcity => self.view.scarcity > 0.0,
            Factor::Prejudice => prejudiced,
            Factor::Status => true,
            Factor::Block => blocks > 0 && self.rule == DecisionRule::Consensus,
        })
    }

    /// Which factor decided the refusal, from the support it had.
    pub fn cause(&self, support: f64, blocks: u32, b: &mut Buffers) -> Cause {
        let trials: Vec<(Factor, bool, f64)> = self
            .factors(blocks)
            .map(|f| {
                let (passes, s) = self.without(f, b);
                (f, passes, s)
            })
            .collect();
        judge(support, &trials)
    }
}

/// The cause from each trial (factor, passes without it, support without it): the factor
/// that passes it with the most support; else the two that raise support most; else its
/// merits. Ties go to the first in `Factor` order.
pub fn judge(support: f64, trials: &[(Factor, bool, f64)]) -> Cause {
    let mut best: Option<(Factor, f64)> = None;
    for &(f, passes, s) in trials {
        if passes && best.is_none_or(|(_, b)| s > b) {
            best = Some((f, s));
        }
    }
    if let Some((factor, support)) = best {
        return Cause::Decisive { factor, support };
    }
    let mut raised: Vec<(Factor, f64)> = trials
        .iter()
        .map(|&(f, _, s)| (f, s - support))
        .filter(|&(_, d)| d > 0.0)
        .collect();
    raised.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    raised.truncate(2);
    if raised.is_empty() {
        Cause::Merits
    } else {
        Cause::Jointly(raised)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::types::Priority;
    use crate::engine::world::World;
    use crate::engine::world::scenario::{Good, Member, Scenario, ScenarioMeta};

    fn ron<T: serde::de::DeserializeOwned>(text: &str) -> T {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .expect("test RON parses")
    }

    /// Five members: the asker (low on one dimension) and four others; the first two of them
    /// high-status and charismatic, the rest low-status like the asker.
    fn world(prejudiced: bool) -> World {
        let meta: ScenarioMeta = ron(r#"(id: "t", name: "T", description: "", turns: 10,
            dimensions: [(id: "d", high: "in", low: "out")])"#);
        let goods: Vec<Good> = ron(r#"[(id: "grain", name: "grain", kind: Consumable,
            base_cost: 1, regime: Commons)]"#);
        let prej = if prejudiced {
            r#"prejudices: [(dimension: "d", strength: 0.5)],"#
        } else {
            ""
        };
        let one = |id: &str, mark: &str, charisma: f64, dominance: f64, p: &str| {
            format!(
                r#"(id: "{id}", name: "{id}", marks: {{ "d": {mark} }}, charisma: {charisma},
                    dominance: {dominance}, {p})"#
            )
        };
        let members: Vec<Member> = ron(&format!(
            "[{}, {}, {}, {}, {}]",
            one("a", "Low", 0.1, 0.1, ""),
            one("b", "High", 1.0, 1.0, prej),
            one("c", "High", 1.0, 1.0, prej),
            one("d", "Low", 0.1, 0.1, prej),
            one("e", "Low", 0.1, 0.1, prej),
        ));
        World::new(Scenario {
            meta,
            goods,
            members,
            storylets: Vec::new(),
        })
        .expect("test world resolves")
    }

    /// Support without noise: 0.3 for a survival item, plus half the bond with the asker.
    fn support() -> SupportParams {
        SupportParams {
            base: 0.2,
            by_priority: [0.1, 0.1, 0.1, 0.1],
            scarcity: 1.0,
            bond: 0.5,
            prejudice: 0.4,
            values: 0.0,
            own_need: 0.0,
            noise: 0.0,
        }
    }

    struct Case {
        world: World,
        params: MeetingParams,
        rule: DecisionRule,
        scarcity: f64,
        bond: [f64; 5],
    }

    impl Case {
        fn new(prejudiced: bool) -> Case {
            Case {
                world: world(prejudiced),
                params: MeetingParams {
                    support: support(),
                    conformity: 0.0,
                    ..MeetingParams::default()
                },
                rule: DecisionRule::Majority,
                scarcity: 0.0,
                bond: [0.0; 5],
            }
        }

        /// Hold the vote: (passes, support, the cause had it been refused).
        fn hold(&self) -> (bool, f64, Cause) {
            let state = State::new(&self.world, 1);
            let fac = Facilitation::default();
            let members: Vec<MemberId> = (0..5).collect();
            let p = &self.params;
            let room = Room::new(p, self.rule, fac, 5, |i| {
                let m = &state.members[i];
                Person {
                    marks: &m.marks,
                    charisma: m.charisma,
                    dominance: m.dominance,
                    standing: m.standing,
                }
            });
            let equals = room_of_equals(Room::default(), p, self.rule, fac, &state, &members);
            let view = Context {
                params: &p.support,
                scarcity: self.scarcity,
                priority: Priority::Survival,
                requester: &state.members[0],
                tags: &[],
            };
            // Noise words of 0.5 (no noise); draws that make every opponent block under
            // consensus.
            let (noise, draws) = ([1u64 << 63; 5], [0u64; 5]);
            let unmet = [false; 5];
            let mut b = Buffers::default();
            let (mut x0, mut terms) = (Vec::new(), Terms::default());
            opinions(
                &view, &state, &members, 0, &self.bond, &unmet, &noise, &mut terms, &mut x0,
            );
            let mut x = vec![0.0; 5];
            room.solver.settle(&x0, &mut x);
            let held = Held {
                params: p,
                rule: self.rule,
                facilitation: fac,
                view,
                members: &members,
                asker: 0,
                bond: &self.bond,
                unmet: &unmet,
                noise: &noise,
                terms: &terms,
                draws: &draws,
                x0: &x0,
                x: &x,
                room: &room,
                equals: &equals,
            };
            let t = vote::tally(p, self.rule, fac, &room, &x, &draws, true);
            let passes = vote::passes(p, self.rule, &t);
            (
                passes,
                t.support(),
                held.cause(t.support(), t.blocks, &mut b),
            )
        }
    }

    fn decisive(c: &Cause) -> Option<Factor> {
        c.decisive()
    }

    #[test]
    fn scarcity_decides_when_only_the_pool_stands_in_the_way() {
        // Bonded supporters at 0.8 − 0.4: below the cut with scarcity, above without it.
        let mut case = Case::new(false);
        case.bond = [0.0, 1.0, 1.0, 1.0, 1.0];
        case.scarcity = 0.4;
        let (passes, _, cause) = case.hold();
        assert!(!passes);
        assert_eq!(decisive(&cause), Some(Factor::Scarcity), "{cause:?}");
        case.scarcity = 0.0;
        assert!(case.hold().0, "without the scarcity term it passes");
    }

    #[test]
    fn prejudice_decides_when_the_room_would_otherwise_agree() {
        let mut case = Case::new(true);
        case.bond = [0.0, 0.6, 0.6, 0.6, 0.6];
        let (passes, _, cause) = case.hold();
        assert!(!passes);
        assert_eq!(decisive(&cause), Some(Factor::Prejudice), "{cause:?}");
        let mut fair = Case::new(false);
        fair.bond = case.bond;
        assert!(fair.hold().0, "without prejudice it passes");
    }

    #[test]
    fn status_decides_when_the_high_status_few_carry_the_room() {
        // The two high-status members oppose (0.3), the low-status two support (0.8): in a
        // room of equals the supporters and the asker carry it; here the floor is theirs.
        let mut case = Case::new(false);
        case.bond = [0.0, 0.0, 0.0, 1.0, 1.0];
        let (passes, support, cause) = case.hold();
        assert!(!passes, "support {support}");
        assert_eq!(decisive(&cause), Some(Factor::Status), "{cause:?}");
    }

    #[test]
    fn a_block_decides_under_consensus_when_everyone_else_agrees() {
        // Stubborn attendees (λ0 small) so the room's opinions barely move; one opponent.
        let mut case = Case::new(false);
        case.rule = DecisionRule::Consensus;
        case.params.lambda0 = 0.05;
        case.params.block = 1.0;
        case.bond = [0.0, 1.0, 1.0, 1.0, 0.0];
        let (passes, _, cause) = case.hold();
        assert!(!passes);
        assert_eq!(decisive(&cause), Some(Factor::Block), "{cause:?}");
        case.params.block = 0.0;
        assert!(case.hold().0, "had they stood aside it passes");
    }

    #[test]
    fn the_factor_that_passes_it_decides() {
        let c = judge(
            0.3,
            &[
                (Factor::Scarcity, false, 0.45),
                (Factor::Prejudice, true, 0.55),
                (Factor::Status, false, 0.3),
            ],
        );
        assert_eq!(
            c,
            Cause::Decisive {
                factor: Factor::Prejudice,
                support: 0.55
            }
        );
    }

    #[test]
    fn without_a_decisive_factor_the_two_largest_are_named_or_the_merits() {
        let c = judge(
            0.2,
            &[
                (Factor::Scarcity, false, 0.35),
                (Factor::Prejudice, false, 0.25),
                (Factor::Status, false, 0.4),
            ],
        );
        let Cause::Jointly(fs) = c else {
            panic!("expected a joint cause")
        };
        assert_eq!(fs.len(), 2);
        assert_eq!(fs[0].0, Factor::Status);
        assert_eq!(fs[1].0, Factor::Scarcity);
        assert!((fs[0].1 - 0.2).abs() < 1e-12);
        assert_eq!(judge(0.2, &[(Factor::Status, false, 0.1)]), Cause::Merits);
    }
}
