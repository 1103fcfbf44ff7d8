//! A room: the people at one meeting and everything about them that does not depend on the
//! item — expectations, floor shares, susceptibilities and the solved influence process.
//! Built once per circle per turn and applied to every item on every agenda.

use crate::engine::meeting::expectations::{self, Expectations};
use crate::engine::meeting::floor;
use crate::engine::meeting::influence::{self, Solver};
use crate::engine::params::MeetingParams;
use crate::engine::policy::{DecisionRule, Facilitation};
use crate::engine::types::Mark;

/// What the meeting needs to know about one attendee.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    /// By dimension.
    pub marks: &'a [Mark],
    pub charisma: f64,
    pub dominance: f64,
    pub standing: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Room {
    /// Expectation of each attendee (Wilson's e_i).
    pub e: Vec<f64>,
    /// Mean expectation of the room.
    pub mean_e: f64,
    /// High-state marks of each attendee on the differentiating dimensions.
    pub high: Vec<u32>,
    /// How many dimensions differentiate the room.
    pub salient: u32,
    /// Floor shares s_i (sum to 1).
    pub share: Vec<f64>,
    /// Susceptibilities λ_i.
    pub lambda: Vec<f64>,
    /// β and κ after the decision-rule cells and facilitation.
    pub beta: f64,
    pub kappa: f64,
    pub solver: Solver,
    /// The top speaker ([`Room::top_speaker`]), found once: every item asks for it.
    top: Option<usize>,
}

impl Room {
    /// The room of `n` people under the community's rule and facilitation.
    pub fn new<'a>(
        params: &MeetingParams,
        rule: DecisionRule,
        facilitation: Facilitation,
        n: usize,
        person: impl Fn(usize) -> Person<'a>,
    ) -> Room {
        Room::new_in(Room::default(), params, rule, facilitation, n, person)
    }

    /// [`Room::new`] in the lists of `old`: a circle's room is rebuilt every turn (standing
    /// moves), and keeps its allocations.
    pub fn new_in<'a>(
        old: Room,
        params: &MeetingParams,
        rule: DecisionRule,
        facilitation: Facilitation,
        n: usize,
        person: impl Fn(usize) -> Person<'a>,
    ) -> Room {
        let dims = if n == 0 { 0 } else { person(0).marks.len() };
        let (mut low, mut salient) = (Vec::with_capacity(dims), Vec::with_capacity(dims));
        expectations::lows(dims, (0..n).map(|i| person(i).marks), &mut low);
        expectations::differentiating(n, &low, &mut salient);
        let mut low_shares = Vec::with_capacity(dims);
        for (&l, _) in low.iter().zip(&salient).filter(|(_, s)| **s) {
            low_shares.push(l as f64 / n as f64);
        }
        let ex = Expectations::default();
        let w = params.standing_weight;
        let (mut e, mut high) = (emptied(old.e), emptied(old.high));
        let mut dominance = Vec::with_capacity(n);
        for i in 0..n {
            let p = person(i);
            let (h, l) = expectations::counts(p.marks, &salient);
            let c = (1.0 - w) * p.charisma + w * p.standing;
            e.push(ex.of(h, l, c));
            high.push(h);
            dominance.push(p.dominance);
        }
        let mean_e = if n == 0 {
            0.0
        } else {
            e.iter().sum::<f64>() / n as f64
        };
        let (beta, kappa, flatten) = levers(params, rule, facilitation, &low_shares);
        let mut share = old.share;
        floor::shares(beta, params.gamma, &e, &dominance, &mut share);
        if facilitation.timed_rounds && n > 0 {
            floor::cap_shares(&mut share, params.facilitation.round_cap / n as f64);
        }
        let mut lambda = emptied(old.lambda);
        lambda.extend(e.iter().map(|&ei| {
            let status = mean_e + flatten * (ei - mean_e);
            influence::susceptibility(params.lambda0, params.lambda_slope, status)
        }));
        let solver = Solver::new_in(old.solver, &share, &e, kappa, &lambda);
        Room {
            top: argmax(&share),
            e,
            mean_e,
            high,
            salient: low_shares.len() as u32,
            share,
            lambda,
            beta,
            kappa,
            solver,
        }
    }

    /// [`Room::new`] for `n` people all like `p` (a room of equals), bit for bit, with one
    /// exponential where that takes one per person: no mark differentiates people of one
    /// kind (`p`'s marks are moot), so all have the same expectation, floor share and
    /// susceptibility. Built in the lists of `old`.
    pub fn uniform_in(
        old: Room,
        params: &MeetingParams,
        rule: DecisionRule,
        facilitation: Facilitation,
        n: usize,
        p: Person,
    ) -> Room {
        let w = params.standing_weight;
        let c = (1.0 - w) * p.charisma + w * p.standing;
        let e1 = Expectations::default().of(0, 0, c);
        let mut e = emptied(old.e);
        e.resize(n, e1);
        let mean_e = if n == 0 {
            0.0
        } else {
            e.iter().sum::<f64>() / n as f64
        };
        let (beta, kappa, flatten) = levers(params, rule, facilitation, &[]);
        let mut share = old.share;
        floor::shares_uniform(beta, params.gamma, e1, p.dominance, n, &mut share);
        if facilitation.timed_rounds && n > 0 {
            // Equal shares stay equal under the cap.
            floor::cap_shares(&mut share, params.facilitation.round_cap / n as f64);
        }
        let status = mean_e + flatten * (e1 - mean_e);
        let lambda1 = influence::susceptibility(params.lambda0, params.lambda_slope, status);
        let s1 = share.first().copied().unwrap_or(0.0);
        let solver = Solver::uniform_in(old.solver, n, s1, e1, kappa, lambda1);
        let (mut high, mut lambda) = (emptied(old.high), emptied(old.lambda));
        high.resize(n, 0);
        lambda.resize(n, lambda1);
        Room {
            top: argmax(&share),
            e,
            mean_e,
            high,
            salient: 0,
            share,
            lambda,
            beta,
            kappa,
            solver,
        }
    }

    /// The attendee with the largest floor share (the first of equals).
    pub fn top_speaker(&self) -> Option<usize> {
        self.top
    }

    /// Social power π of each attendee.
    pub fn power(&self) -> &[f64] {
        self.solver.power()
    }
}

/// β, κ and the flattening of susceptibilities after the decision-rule cells (from the low
/// shares of the differentiating dimensions) and the progressive stack.
fn levers(
    params: &MeetingParams,
    rule: DecisionRule,
    facilitation: Facilitation,
    low_shares: &[f64],
) -> (f64, f64, f64) {
    let fp = &params.facilitation;
    let mut beta = floor::effective_beta(params, rule, low_shares);
    let mut kappa = params.kappa;
    let mut flatten = 1.0;
    if facilitation.progressive_stack {
        beta *= fp.stack_beta;
        kappa *= fp.stack_kappa;
        flatten = fp.stack_lambda;
    }
    (beta, kappa, flatten)
}

/// `v` emptied, its allocation kept.
fn emptied<T>(mut v: Vec<T>) -> Vec<T> {
    v.clear();
    v
}

/// Index of the largest value (the first of equals).
pub fn argmax(xs: &[f64]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, &x) in xs.iter().enumerate() {
        if best.is_none_or(|b| x > xs[b]) {
            best = Some(i);
        }
    }
    best
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A test attendee: marks, charisma, dominance (standing equals charisma).
    #[derive(Debug, Clone)]
    pub struct Guest {
        pub marks: Vec<Mark>,
        pub charisma: f64,
        pub dominance: f64,
    }

    pub fn room(p: &MeetingParams, rule: DecisionRule, f: Facilitation, g: &[Guest]) -> Room {
        Room::new(p, rule, f, g.len(), |i| Person {
            marks: &g[i].marks,
            charisma: g[i].charisma,
            dominance: g[i].dominance,
            standing: g[i].charisma,
        })
    }

    pub fn guests() -> impl Strategy<Value = Vec<Guest>> {
        proptest::collection::vec((any::<[bool; 2]>(), 0.0f64..1.0, 0.0f64..1.0), 2..20).prop_map(
            |v| {
                v.into_iter()
                    .map(|(m, c, d)| Guest {
                        marks: m
                            .iter()
                            .map(|&low| if low { Mark::Low } else { Mark::High })
                            .collect(),
                        charisma: c,
                        dominance: d,
                    })
                    .collect()
            },
        )
    }

    fn facilitation() -> impl Strategy<Value = Facilitation> {
        any::<[bool; 3]>().prop_map(|[a, b, c]| Facilitation {
            progressive_stack: a,
            timed_rounds: b,
            secret_ballot: c,
        })
    }

    fn rule() -> impl Strategy<Value = DecisionRule> {
        proptest::sample::select(DecisionRule::ALL.to_vec())
    }

    #[test]
    fn a_room_counts_only_differentiating_marks() {
        let p = MeetingParams::default();
        let g = [
            Guest {
                marks: vec![Mark::High, Mark::Low],
                charisma: 0.5,
                dominance: 0.5,
            },
            Guest {
                marks: vec![Mark::Low, Mark::Low],
                charisma: 0.5,
                dominance: 0.5,
            },
        ];
        let r = room(&p, DecisionRule::Majority, Facilitation::default(), &g);
        assert_eq!(r.salient, 1);
        assert_eq!(r.high, vec![1, 0]);
        assert!(r.e[0] > r.e[1]);
        assert_eq!(r.top_speaker(), Some(0));
    }

    proptest! {
        #[test]
        fn more_charisma_never_means_less_floor(
            mut g in guests(), who in any::<prop::sample::Index>(), up in 0.0f64..1.0,
            rule in rule(), f in facilitation(),
        ) {
            let p = MeetingParams::default();
            let i = who.index(g.len());
            let before = room(&p, rule, f, &g).share[i];
            g[i].charisma = (g[i].charisma + up).min(1.0);
            let after = room(&p, rule, f, &g).share[i];
            prop_assert!(after >= before - 1e-12, "{before} → {after}");
        }

        #[test]
        fn a_room_of_one_kind_is_the_general_room_to_the_bit(
            g in guests(), n in 1usize..45, standing in 0.0f64..1.0, rule in rule(),
            f in facilitation(),
        ) {
            let p = MeetingParams::default();
            let one = Person {
                marks: &g[0].marks,
                charisma: g[0].charisma,
                dominance: g[0].dominance,
                standing,
            };
            let general = Room::new(&p, rule, f, n, |_| one);
            let uniform = Room::uniform_in(Room::default(), &p, rule, f, n, one);
            prop_assert_eq!(format!("{general:?}"), format!("{uniform:?}"));
        }

        #[test]
        fn progressive_stack_raises_the_lower_status_floor_share(
            g in guests(), rule in rule(),
        ) {
            let p = MeetingParams::default();
            let open = room(&p, rule, Facilitation::default(), &g);
            let stack = Facilitation { progressive_stack: true, ..Facilitation::default() };
            let stacked = room(&p, rule, stack, &g);
            // The lowest-expectation member gains, and the floor leans less to status.
            let low = (0..g.len()).min_by(|&a, &b| open.e[a].total_cmp(&open.e[b])).unwrap();
            prop_assert!(stacked.share[low] >= open.share[low] - 1e-12);
            let lean = |r: &Room| r.share.iter().zip(&r.e).map(|(s, e)| s * e).sum::<f64>();
            prop_assert!(lean(&stacked) <= lean(&open) + 1e-12);
        }
    }
}
