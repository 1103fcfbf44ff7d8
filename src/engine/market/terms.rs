//! Becker's taste for discrimination in the market: who will trade with whom, and on what
//! terms. Each turn, for each good, every prejudiced trader decides once about each
//! counterpart bearing a mark they are biased against: refuse (with a chance rising with
//! the prejudice) or, where the scenario says so, charge a premium (a seller) or demand a
//! discount (a buyer) in proportion to it. [`Pairs`] decides a pair only when it is asked
//! for, as if every pair had been decided in turn.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::ops::Range;

use rand::RngExt;

use crate::engine::market::cda::Terms;
use crate::engine::market::schedule::Schedules;
use crate::engine::params::{Discrimination, MarketParams};
use crate::engine::rng::Stream;
use crate::engine::state::MemberState;
use crate::engine::types::{Mark, MemberId, Role};

/// A prejudice at work between a buyer and a seller (indices into the schedules).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bias {
    pub buyer: usize,
    pub seller: usize,
    /// Whose prejudice it is.
    pub holder: Role,
    /// The status dimension whose mark they are biased against.
    pub dimension: usize,
    pub refused: bool,
}

/// The strongest prejudice `a` holds against `b`'s marks: (dimension, strength).
pub fn strongest(a: &MemberState, b: &MemberState) -> Option<(usize, f64)> {
    a.prejudices
        .iter()
        .filter(|p| p.strength > 0.0 && b.marks.get(p.dimension) == Some(&p.against))
        .fold(None, |best: Option<(usize, f64)>, p| match best {
            Some((_, s)) if s >= p.strength => best,
            _ => Some((p.dimension, p.strength)),
        })
}

/// The terms one buyer and one seller deal on: each side's strongest prejudice against the
/// other's marks (the seller's first) refuses, with a chance rising with it, or charges a
/// premium. `bias(holder, dimension, refused)` hears of each prejudice at work.
pub fn decide(
    p: &MarketParams,
    buyer: &MemberState,
    seller: &MemberState,
    rng: &mut Stream,
    mut bias: impl FnMut(Role, usize, bool),
) -> Terms {
    let mut t = Terms::default();
    for (holder, from, to) in [(Role::Seller, seller, buyer), (Role::Buyer, buyer, seller)] {
        let Some((dimension, strength)) = strongest(from, to) else {
            continue;
        };
        let refused = match p.discrimination {
            Discrimination::Refuse => {
                let chance = (strength * p.refusal_per_prejudice).clamp(0.0, 1.0);
                let refused = rng.random::<f64>() < chance;
                if refused && t.refused_by.is_none() {
                    t.refused_by = Some(holder);
                }
                refused
            }
            Discrimination::Premium => {
                let permille = (strength * p.premium_pct as f64 * 10.0 + 0.5) as u32;
                match holder {
                    Role::Seller => t.surcharge_permille = permille,
                    Role::Buyer => t.aversion_permille = permille,
                }
                false
            }
        };
        bias(holder, dimension, refused);
    }
    t
}

/// The marks a member bears, or those their prejudices are against, as bit sets over the
/// status dimensions (at most 16, a content limit): a prejudice meets a member when the
/// sets share a bit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Marks {
    high: u64,
    low: u64,
}

impl Marks {
    fn add(&mut self, dimension: usize, mark: Mark) {
        let bit = 1u64 << dimension;
        match mark {
            Mark::High => self.high |= bit,
            Mark::Low => self.low |= bit,
        }
    }

    /// Whether a prejudice against `self` meets a member bearing `borne`.
    fn meets(self, borne: Marks) -> bool {
        self.high & borne.high != 0 || self.low & borne.low != 0
    }

    fn borne(m: &MemberState) -> Marks {
        let mut x = Marks::default();
        for (d, &mark) in m.marks.iter().enumerate() {
            x.add(d, mark);
        }
        x
    }

    /// What `m`'s prejudices (those with any strength) are against: `strongest` finds one
    /// exactly when this meets the other's marks.
    fn against(m: &MemberState) -> Marks {
        let mut x = Marks::default();
        for p in m.prejudices.iter().filter(|p| p.strength > 0.0) {
            x.add(p.dimension, p.against);
        }
        x
    }
}

/// The terms of one market's (buyer, seller) pairs, each decided when asked for.
///
/// The terms are those of deciding every pair in (buyer, seller) order from one stream, a
/// draw for each prejudice at work (DESIGN §5) — but a pair's draws are found by seeking the
/// stream to them, not by deciding every pair before it: the number of draws before a pair
/// is counted from the sellers grouped by their marks and by what their prejudices are
/// against. So a market costs its traders × those groups (a few dozen), not buyers × sellers.
///
/// Its methods take the members as they are when asked: a pair's terms depend only on
/// their marks and prejudices, which trading does not change.
pub struct Pairs<'a> {
    p: &'a MarketParams,
    buyers: &'a [MemberId],
    sellers: &'a [MemberId],
    /// The stream at its start.
    rng: Stream,
    l: &'a Lists,
    /// The pair `terms` last answered for, and its terms: a refused shout stands, so the
    /// same pair often crosses again at once.
    last: Cell<(u32, u32, Terms)>,
}

/// The lists behind [`Pairs`], kept between markets so they are not allocated afresh.
#[derive(Debug, Default)]
pub struct Lists {
    /// (borne, against) of each buyer and each seller.
    buyer_marks: Vec<(Marks, Marks)>,
    seller_marks: Vec<(Marks, Marks)>,
    /// Sellers by what their prejudices are against (none left out): each group's marks and
    /// its run of `against`, whose indices ascend within a run.
    by_against: Vec<(Marks, Range<usize>)>,
    against: Vec<(Marks, u32)>,
    /// Sellers by the marks they bear, likewise.
    by_borne: Vec<(Marks, Range<usize>)>,
    borne: Vec<(Marks, u32)>,
    /// Draws before each buyer's pairs (one more entry than buyers).
    before: Vec<u64>,
    /// How many sellers hold a prejudice against each buyer's marks.
    prejudiced_sellers: Vec<u32>,
    /// Pairs already decided, by pair: the auction asks again each time a pair's shouts
    /// cross, and the explanations ask again for its refusals. Seeking the stream refills
    /// ChaCha's block buffer, so a pair is decided once and its answer (and biases) replayed.
    decided: RefCell<Vec<((u32, u32), Decided)>>,
}

/// Up to this many seller groups (by marks borne and by prejudices), a buyer's draws are
/// counted afresh rather than looked up by kind.
const FEW_GROUPS: usize = 16;

/// Sellers `(index, marks)` grouped by their marks into `out`, as runs of `all` (both
/// cleared first): the groups sorted by marks, each group's indices ascending.
fn groups(
    sellers: impl Iterator<Item = (usize, Marks)>,
    all: &mut Vec<(Marks, u32)>,
    out: &mut Vec<(Marks, Range<usize>)>,
) {
    all.clear();
    all.extend(sellers.map(|(si, m)| (m, si as u32)));
    all.sort_unstable();
    out.clear();
    for (i, &(m, _)) in all.iter().enumerate() {
        match out.last_mut() {
            Some((last, r)) if *last == m => r.end = i + 1,
            _ => out.push((m, i..i + 1)),
        }
    }
}

/// A decided pair: its terms and the prejudices at work, in the order they were heard.
#[derive(Debug, Clone, Copy)]
struct Decided {
    terms: Terms,
    biases: [(Role, usize, bool); 2],
    len: u8,
}

impl<'a> Pairs<'a> {
    /// The pairs of the market `s`, in lists `l` kept from an earlier market (refilled).
    pub fn new(
        p: &'a MarketParams,
        members: &[MemberState],
        s: &'a Schedules,
        rng: Stream,
        l: &'a mut Lists,
    ) -> Pairs<'a> {
        let marks = |ms: &[MemberId], out: &mut Vec<(Marks, Marks)>| {
            out.clear();
            out.extend(
                ms.iter()
                    .map(|&m| (Marks::borne(&members[m]), Marks::against(&members[m]))),
            );
        };
        marks(&s.buyers, &mut l.buyer_marks);
        marks(&s.sellers, &mut l.seller_marks);
        groups(
            l.seller_marks
                .iter()
                .map(|x| x.1)
                .enumerate()
                .filter(|x| x.1 != Marks::default()),
            &mut l.against,
            &mut l.by_against,
        );
        groups(
            l.seller_marks.iter().map(|x| x.0).enumerate(),
            &mut l.borne,
            &mut l.by_borne,
        );
        let Lists {
            buyer_marks,
            by_against,
            by_borne,
            before,
            prejudiced_sellers,
            decided,
            ..
        } = &mut *l;
        // Buyers alike in marks and prejudices draw alike. Summing over a few groups costs
        // less than looking a kind up, so kinds are remembered only past a few groups.
        let count = |borne: Marks, against: Marks| {
            let theirs: usize = by_against
                .iter()
                .filter(|(a, _)| a.meets(borne))
                .map(|(_, l)| l.len())
                .sum();
            let own: usize = by_borne
                .iter()
                .filter(|(b, _)| against.meets(*b))
                .map(|(_, l)| l.len())
                .sum();
            (theirs as u32, (theirs + own) as u64)
        };
        let few = by_against.len() + by_borne.len() <= FEW_GROUPS;
        let mut kinds: BTreeMap<(Marks, Marks), (u32, u64)> = BTreeMap::new();
        before.clear();
        prejudiced_sellers.clear();
        decided.get_mut().clear();
        let mut drawn = 0u64;
        before.push(0);
        for &(borne, against) in buyer_marks.iter() {
            let (theirs, all) = if few {
                count(borne, against)
            } else {
                *kinds
                    .entry((borne, against))
                    .or_insert_with(|| count(borne, against))
            };
            prejudiced_sellers.push(theirs);
            drawn += all;
            before.push(drawn);
        }
        Pairs {
            p,
            buyers: &s.buyers,
            sellers: &s.sellers,
            rng,
            l,
            last: Cell::new((u32::MAX, u32::MAX, Terms::default())),
        }
    }

    /// Whether the market draws for prejudice at all.
    fn draws(&self) -> bool {
        self.p.discrimination == Discrimination::Refuse
    }

    /// Draws before pair (`b`, `si`): those of the buyers before `b`, then of `b`'s pairs
    /// with the sellers before `si` (one for each side's prejudice at work).
    fn position(&self, b: usize, si: usize) -> u64 {
        let l = &self.l;
        let (borne, against) = l.buyer_marks[b];
        let before = |run: &[(Marks, u32)]| run.partition_point(|x| (x.1 as usize) < si) as u64;
        let theirs: u64 = l
            .by_against
            .iter()
            .filter(|(a, _)| a.meets(borne))
            .map(|(_, r)| before(&l.against[r.clone()]))
            .sum();
        let own: u64 = if against == Marks::default() {
            0
        } else {
            l.by_borne
                .iter()
                .filter(|(x, _)| against.meets(*x))
                .map(|(_, r)| before(&l.borne[r.clone()]))
                .sum()
        };
        l.before[b] + theirs + own
    }

    /// The terms buyer `b` and seller `si` deal on; `bias` hears of each prejudice at work
    /// (the seller's first).
    pub fn decide(
        &self,
        members: &[MemberState],
        b: usize,
        si: usize,
        mut bias: impl FnMut(Bias),
    ) -> Terms {
        let (b_borne, b_against) = self.l.buyer_marks[b];
        let (s_borne, s_against) = self.l.seller_marks[si];
        if !s_against.meets(b_borne) && !b_against.meets(s_borne) {
            return Terms::default();
        }
        let known = {
            let decided = self.l.decided.borrow();
            match decided.binary_search_by_key(&(b as u32, si as u32), |x| x.0) {
                Ok(i) => Ok(decided[i].1),
                Err(i) => Err(i),
            }
        };
        let d = known.unwrap_or_else(|at| self.first(members, b, si, at));
        for &(holder, dimension, refused) in &d.biases[..d.len as usize] {
            bias(Bias {
                buyer: b,
                seller: si,
                holder,
                dimension,
                refused,
            });
        }
        d.terms
    }

    /// Decide pair (`b`, `si`) for the first time, from its draws in the stream, and
    /// remember it at `at` in `decided`. Kept out of line: a pair is asked for again far
    /// more often, and the stream's copy would weigh on every call.
    #[inline(never)]
    fn first(&self, members: &[MemberState], b: usize, si: usize, at: usize) -> Decided {
        let mut rng = self.rng.clone();
        if self.draws() {
            // Every draw is one 64-bit word pair of the stream.
            rng.set_word_pos(2 * self.position(b, si) as u128);
        }
        let (buyer, seller) = (&members[self.buyers[b]], &members[self.sellers[si]]);
        let mut biases = [(Role::Seller, 0, false); 2];
        let mut len = 0u8;
        let terms = decide(
            self.p,
            buyer,
            seller,
            &mut rng,
            |holder, dimension, refused| {
                biases[len as usize] = (holder, dimension, refused);
                len += 1;
            },
        );
        let d = Decided { terms, biases, len };
        self.l
            .decided
            .borrow_mut()
            .insert(at, ((b as u32, si as u32), d));
        d
    }

    /// The terms buyer `b` and seller `si` deal on: the pair last asked for, or a pair no
    /// prejudice of either meets the other's marks (the default terms), is answered without
    /// deciding. Out of line: inlined, it crowds the auction's loop out of its registers.
    #[inline(never)]
    pub fn terms(&self, members: &[MemberState], b: usize, si: usize) -> Terms {
        let key = (b as u32, si as u32);
        let (lb, ls, last) = self.last.get();
        if (lb, ls) == key {
            return last;
        }
        let (b_borne, b_against) = self.l.buyer_marks[b];
        let (s_borne, s_against) = self.l.seller_marks[si];
        if !s_against.meets(b_borne) && !b_against.meets(s_borne) {
            return Terms::default();
        }
        self.terms_met(members, b, si)
    }

    /// `terms` of a pair whose prejudices meet, remembered as the pair last asked for.
    #[inline(never)]
    fn terms_met(&self, members: &[MemberState], b: usize, si: usize) -> Terms {
        let t = self.decide(members, b, si, |_| {});
        self.last.set((b as u32, si as u32, t));
        t
    }

    /// Whether every seller refuses buyer `b` (then the first seller's refusal is the
    /// first). Only a buyer every seller is prejudiced against can be: their pairs are
    /// decided in order until one seller does not refuse.
    pub fn shut_out(&self, members: &[MemberState], b: usize) -> bool {
        let ns = self.sellers.len();
        if !self.draws() || ns == 0 || self.l.prejudiced_sellers[b] as usize != ns {
            return false;
        }
        let mut rng = self.rng.clone();
        rng.set_word_pos(2 * self.l.before[b] as u128);
        let buyer = &members[self.buyers[b]];
        self.sellers.iter().all(|&sm| {
            let t = decide(self.p, buyer, &members[sm], &mut rng, |_, _, _| {});
            t.refused_by == Some(Role::Seller)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::market::cda::Market;
    use crate::engine::state::State;
    use crate::engine::world::World;
    use crate::engine::world::scenario::{Good, Member, Scenario, ScenarioMeta};

    fn ron<T: serde::de::DeserializeOwned>(text: &str) -> T {
        ron::from_str(text).expect("test RON parses")
    }

    /// A state of 240 members on three dimensions, their marks and prejudices varied: a
    /// quarter hold one prejudice (all the same), a sixth two others, the rest none.
    fn members() -> Vec<MemberState> {
        let meta: ScenarioMeta = ron(r#"(
            id: "t", name: "T", description: "", turns: 10,
            dimensions: [
                (id: "gender", high: "man", low: "woman"),
                (id: "race", high: "white", low: "of colour"),
                (id: "trans", high: "cis", low: "trans"),
            ],
        )"#);
        let goods: Vec<Good> = ron(
            r#"[(id: "bread", name: "bread", kind: Consumable, base_cost: 2, regime: Exchange)]"#,
        );
        let low = |on: bool, d: &str| {
            if on {
                format!("\"{d}\": Low, ")
            } else {
                String::new()
            }
        };
        let members: Vec<Member> = (0..240)
            .map(|i| {
                let marks = low(i % 2 == 1, "gender") + &low(i % 3 == 0, "race") + &low(i % 7 == 0, "trans");
                let prejudices = match (i % 4, i % 6) {
                    (0, _) => r#"(dimension: "trans", strength: 0.5)"#,
                    (_, 1) => r#"(dimension: "race", strength: 0.4), (dimension: "gender", strength: 0.3)"#,
                    _ => "",
                };
                ron(&format!(
                    r#"(id: "m{i}", name: "M{i}", marks: {{ {marks} }}, prejudices: [{prejudices}])"#
                ))
            })
            .collect();
        let sc = Scenario {
            meta,
            goods,
            members,
            storylets: Vec::new(),
        };
        State::new(&World::new(sc).unwrap(), 3).members
    }

    fn schedules(buyers: Vec<MemberId>, sellers: Vec<MemberId>) -> Schedules {
        Schedules {
            market: Market::default(),
            buyers,
            sellers,
            unit_claim: Vec::new(),
        }
    }

    /// Every pair decided in (buyer, seller) order from one stream, as the market once did,
    /// against `Pairs` asked in reverse order: the same terms, biases and shut-outs.
    fn same_as_deciding_every_pair(p: &MarketParams, m: &[MemberState], s: &Schedules) {
        let start = crate::engine::rng::stream(9, "market-terms", 4, 1);
        let mut lists = Lists::default();
        let pairs = Pairs::new(p, m, s, start.clone(), &mut lists);
        let mut rng = start;
        let (nb, ns) = (s.buyers.len(), s.sellers.len());
        let mut every = Vec::new();
        for b in 0..nb {
            for si in 0..ns {
                let mut biases = Vec::new();
                let t = decide(
                    p,
                    &m[s.buyers[b]],
                    &m[s.sellers[si]],
                    &mut rng,
                    |h, d, r| biases.push((h, d, r)),
                );
                every.push((b, si, t, biases));
            }
        }
        for (b, si, t, biases) in every.iter().rev() {
            let mut got = Vec::new();
            let lazy = pairs.decide(m, *b, *si, |x| got.push((x.holder, x.dimension, x.refused)));
            assert_eq!((lazy, &got), (*t, biases), "pair ({b}, {si})");
        }
        for b in 0..nb {
            let all = ns > 0
                && every[b * ns..(b + 1) * ns]
                    .iter()
                    .all(|x| x.2.refused_by == Some(Role::Seller));
            assert_eq!(pairs.shut_out(m, b), all, "buyer {b}");
        }
    }

    #[test]
    fn pairs_decided_on_demand_match_every_pair_decided_in_turn() {
        let m = members();
        let prejudiced: Vec<MemberId> = (0..m.len())
            .filter(|&i| Marks::against(&m[i]) != Marks::default())
            .collect();
        assert!(prejudiced.len() > 20, "{}", prejudiced.len());
        let mut p = MarketParams::default();
        // Buyers and sellers mixed, in two markets of different shapes.
        let odd = schedules(
            (0..m.len()).step_by(2).collect(),
            (1..m.len()).step_by(3).collect(),
        );
        let few = schedules((0..m.len()).step_by(5).collect(), vec![3, 1, 4]);
        for s in [&odd, &few] {
            same_as_deciding_every_pair(&p, &m, s);
        }
        // Sellers sharing one prejudice, refusing for certain: some buyers are shut out.
        let first = Marks::against(&m[prejudiced[0]]);
        let alike: Vec<MemberId> = prejudiced
            .iter()
            .copied()
            .filter(|&i| Marks::against(&m[i]) == first)
            .collect();
        let rest: Vec<MemberId> = (0..m.len()).filter(|i| !alike.contains(i)).collect();
        let shut = schedules(rest, alike);
        p.refusal_per_prejudice = 50.0;
        let mut lists = Lists::default();
        let pairs = Pairs::new(
            &p,
            &m,
            &shut,
            crate::engine::rng::stream(9, "market-terms", 4, 1),
            &mut lists,
        );
        assert!((0..shut.buyers.len()).any(|b| pairs.shut_out(&m, b)));
        same_as_deciding_every_pair(&p, &m, &shut);
        p.discrimination = Discrimination::Premium;
        same_as_deciding_every_pair(&p, &m, &odd);
    }
}
