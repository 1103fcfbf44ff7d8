//! Asking along bonds: best-first over the bond graph from the asker, strongest bond (or
//! product of bonds, for a request passed on) first, up to `params.aid.reach` hops. Only a
//! partner who has nothing left to give passes the request on; one who refuses does not.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rand::RngExt;

use super::debt;
use crate::engine::bonds::{self, Contact, Tone};
use crate::engine::ctx::{Claim, TurnCtx};
use crate::engine::params::AidParams;
use crate::engine::policy::AidMode;
use crate::engine::report::aid::{AidRecord, Ask, AskOutcome};
use crate::engine::state::MemberState;
use crate::engine::types::{GoodId, Regime};

/// The chance that a member honours a request: `base + bond·w − prejudice·p`, in [0, 1].
pub fn readiness(p: &AidParams, weight: f64, prejudice: f64) -> f64 {
    (p.readiness_base + p.readiness_bond * weight - p.readiness_prejudice * prejudice)
        .clamp(0.0, 1.0)
}

/// What the asking found for one claim, to explain a shortfall. Who refused is read back
/// from the claim's asks (`aid::explain`).
#[derive(Debug, Clone, Default)]
pub(super) struct ClaimAsked {
    pub asked: u32,
    /// The asker had no bond strong enough to ask.
    pub friendless: bool,
    /// Where this claim's asks are in the record's `asks`.
    pub asks: std::ops::Range<usize>,
}

/// Someone who may be asked: ordered by weight, then by the lower member index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    /// Bits of a non-negative `f64`, which order like the number.
    weight: u64,
    member: Reverse<u32>,
    depth: Reverse<u32>,
    /// Who passed the request on (`u32::MAX` for the asker's own partners).
    via: Reverse<u32>,
}

const NOBODY: u32 = u32::MAX;

/// Up to this many members waiting to be asked are searched one by one for the best; past
/// it they go into a heap. Either way the best candidate offered for a member not yet asked
/// comes first, so the asks are the same.
const FEW: usize = 32;

/// One member, for the current claim: marked by the claim's stamp, so nothing is cleared
/// between claims.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// The stamp of the claim the member was last asked for.
    asked: u32,
    /// The stamp of the claim the member was last offered for.
    offered: u32,
    /// Whether the member is present (copied from the state for this call).
    present: bool,
    /// Where the member's candidate waits in `waiting` (while few wait).
    at: u32,
    /// The member's best candidate (once many wait).
    best: Candidate,
}

/// What the asking keeps between goods and turns (in `aid::Scratch`), so that nothing is
/// allocated per claim.
#[derive(Debug, Default)]
pub(super) struct Asking {
    stamp: u32,
    /// By member.
    slots: Vec<Slot>,
    /// The best candidate offered for each member not yet asked for the current claim,
    /// while there are few.
    waiting: Vec<Candidate>,
    /// Candidates for the current claim once more than `FEW` members waited (`many`); a
    /// member's weaker candidates stay in it and are passed over as asked.
    heap: BinaryHeap<Candidate>,
    many: bool,
    /// What each claim's asking found, by claim.
    pub out: Vec<ClaimAsked>,
}

impl Asking {
    /// Size the lists for `members` and clear what the last call found for `claims`.
    fn start(&mut self, members: &[MemberState], claims: usize) {
        self.slots.resize(members.len(), Slot::default());
        for (s, m) in self.slots.iter_mut().zip(members) {
            s.present = m.present;
        }
        self.out.clear();
        self.out.resize(claims, ClaimAsked::default());
    }

    /// A new claim: a stamp no slot holds yet.
    fn next_claim(&mut self) -> u32 {
        self.stamp = match self.stamp.checked_add(1) {
            Some(s) => s,
            None => {
                for s in &mut self.slots {
                    (s.asked, s.offered) = (0, 0);
                }
                1
            }
        };
        self.waiting.clear();
        self.heap.clear();
        self.many = false;
        self.stamp
    }

    /// Offer `c` for the current claim unless a candidate for the same member, as good or
    /// better, waits already: it would be asked first, and `c` passed over as asked.
    #[inline]
    fn offer(&mut self, c: Candidate) {
        if self.many {
            return self.offer_many(c);
        }
        let s = &mut self.slots[c.member.0 as usize];
        if s.offered != self.stamp {
            s.offered = self.stamp;
            s.at = self.waiting.len() as u32;
            self.waiting.push(c);
            if self.waiting.len() > FEW {
                self.spill();
            }
        } else {
            let w = &mut self.waiting[s.at as usize];
            if c > *w {
                *w = c;
            }
        }
    }

    /// [`Asking::offer`] once many wait.
    #[inline(never)]
    fn offer_many(&mut self, c: Candidate) {
        let s = &mut self.slots[c.member.0 as usize];
        if s.offered != self.stamp || c > s.best {
            s.offered = self.stamp;
            s.best = c;
            self.heap.push(c);
        }
    }

    /// Too many wait to search: into the heap.
    #[cold]
    #[inline(never)]
    fn spill(&mut self) {
        for c in self.waiting.drain(..) {
            self.slots[c.member.0 as usize].best = c;
            self.heap.push(c);
        }
        self.many = true;
    }

    /// The best candidate waiting for the current claim.
    fn pop(&mut self) -> Option<Candidate> {
        if self.many {
            return self.heap.pop();
        }
        // Members wait once each, so weight and member decide.
        let key = |c: &Candidate| (c.weight, c.member);
        let mut at = 0;
        let mut top = key(self.waiting.first()?);
        for (k, c) in self.waiting.iter().enumerate().skip(1) {
            if key(c) > top {
                (at, top) = (k, key(c));
            }
        }
        let top = self.waiting.swap_remove(at);
        if let Some(moved) = self.waiting.get(at) {
            self.slots[moved.member.0 as usize].at = at as u32;
        }
        Some(top)
    }
}

/// Let every claim ask, in claim order (most urgent first). What each claim's asking
/// found, for the explanations, is left in `asking.out`.
pub(super) fn all(
    ctx: &mut TurnCtx,
    good: GoodId,
    claims: &mut [Claim],
    need_line: &[u32],
    price: u32,
    rec: &mut AidRecord,
    asking: &mut Asking,
) {
    asking.start(&ctx.state.members, claims.len());
    let ap = ctx.state.params.aid.clone();
    let mode = ctx.state.policy.aid_mode;
    let turn = ctx.turn;
    if ap.reach == 0 {
        return;
    }
    // Drawn only when someone's readiness is short of certain.
    let mut rng = None;
    let (seed, name) = (ctx.state.seed, good as u64);
    let state = &mut *ctx.state;
    let touches = &mut ctx.report.bonds;
    for (i, claim) in claims.iter_mut().enumerate() {
        if claim.remaining == 0 {
            continue;
        }
        let asker = claim.member;
        let stamp = asking.next_claim();
        asking.slots[asker].asked = stamp;
        let mut pushed = false;
        for &(b, w) in state.bonds.row(asker) {
            if w >= ap.min_bond && asking.slots[b as usize].present {
                asking.offer(candidate(w, b, 1, NOBODY));
                pushed = true;
            }
        }
        let mut found = ClaimAsked {
            asked: 0,
            friendless: !pushed,
            asks: 0..0,
        };
        let first_ask = rec.asks.len();
        while claim.remaining > 0 {
            let Some(c) = asking.pop() else { break };
            let p = c.member.0 as usize;
            let slot = &mut asking.slots[p];
            if slot.asked == stamp {
                continue;
            }
            slot.asked = stamp;
            found.asked += 1;
            let weight = f64::from_bits(c.weight);
            let via = (c.via.0 != NOBODY).then_some(c.via.0 as usize);
            let held = state.members[p].holdings[good];
            let spare = held.saturating_sub(need_line[p]);
            let mut relay = spare == 0;
            let outcome = if spare == 0 {
                AskOutcome::NothingToSpare {
                    held,
                    need_line: need_line[p],
                }
            } else {
                let prejudice = state.members[p].prejudice_against(&state.members[asker]);
                let r = readiness(&ap, weight, prejudice);
                let draw = |rng: &mut Option<crate::engine::rng::Stream>| {
                    rng.get_or_insert_with(|| crate::engine::rng::stream(seed, "aid", turn, name))
                        .random::<f64>()
                };
                let d = if r < 1.0 { draw(&mut rng) } else { 0.0 };
                if d >= r {
                    bonds::touch(touches, asker, p, Contact::Refusal, Tone::Cold);
                    AskOutcome::Refused {
                        readiness: r,
                        bond: weight,
                        prejudice,
                        draw: d,
                    }
                } else {
                    let room = u32::MAX - state.members[asker].holdings[good];
                    let units = claim.remaining.min(spare).min(room);
                    state.members[p].holdings[good] -= units;
                    state.members[asker].holdings[good] += units;
                    claim.fill(Regime::Aid, units);
                    rec.gifted += units;
                    let value = units as u64 * price as u64;
                    rec.value = rec.value.saturating_add(value);
                    let keep = mode == AidMode::AccountKeeping;
                    if keep {
                        debt::record(&mut state.aid.debts, asker, p, good, units, turn);
                    }
                    bonds::touch(touches, asker, p, Contact::Gift, Tone::Warm);
                    // Gave all they could and the asker is still short: pass it on.
                    relay = units == spare;
                    AskOutcome::Gave {
                        units,
                        value,
                        debt: keep,
                    }
                }
            };
            rec.asks.push(Ask {
                asker,
                partner: p,
                via,
                weight,
                outcome,
            });
            let depth = c.depth.0;
            if relay && claim.remaining > 0 && depth < ap.reach {
                for &(q, w) in state.bonds.row(p) {
                    if w >= ap.min_bond {
                        let s = &asking.slots[q as usize];
                        if s.asked != stamp && s.present {
                            asking.offer(candidate(weight * w, q, depth + 1, p as u32));
                        }
                    }
                }
            }
        }
        found.asks = first_ask..rec.asks.len();
        asking.out[i] = found;
    }
}

fn candidate(weight: f64, member: u32, depth: u32, via: u32) -> Candidate {
    Candidate {
        weight: weight.to_bits(),
        member: Reverse(member),
        depth: Reverse(depth),
        via: Reverse(via),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Few or many waiting (past `FEW` the heap), the asking pops what one heap with each
    /// member's best offer popped: the best candidate for each member not yet asked.
    #[test]
    fn waiting_members_come_best_first() {
        let mut x = 7u64;
        let mut draw = |n: u64| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) % n
        };
        let n = 90;
        let mut asking = Asking {
            slots: vec![
                Slot {
                    present: true,
                    ..Slot::default()
                };
                n
            ],
            ..Asking::default()
        };
        let (mut popped, mut many) = (0, false);
        for _claim in 0..40 {
            let stamp = asking.next_claim();
            let mut heap = BinaryHeap::new();
            let mut best: Vec<Option<Candidate>> = vec![None; n];
            let mut asked = vec![false; n];
            for _step in 0..200 {
                if draw(8) > 0 {
                    let m = draw(n as u64) as u32;
                    if asked[m as usize] {
                        continue;
                    }
                    // Few weights, so that ties fall to the member.
                    let w = [0.1, 0.25, 0.5][draw(3) as usize];
                    let c = candidate(w, m, 1 + draw(2) as u32, draw(4) as u32);
                    asking.offer(c);
                    if best[m as usize].is_none_or(|b| c > b) {
                        best[m as usize] = Some(c);
                        heap.push(c);
                    }
                } else {
                    let want =
                        std::iter::from_fn(|| heap.pop()).find(|c| !asked[c.member.0 as usize]);
                    let got = loop {
                        match asking.pop() {
                            Some(c) if asking.slots[c.member.0 as usize].asked == stamp => {}
                            other => break other,
                        }
                    };
                    assert_eq!(got, want);
                    if let Some(c) = got {
                        asked[c.member.0 as usize] = true;
                        asking.slots[c.member.0 as usize].asked = stamp;
                        popped += 1;
                    }
                }
                many |= asking.many;
            }
        }
        assert!(popped > 500 && many, "{popped} asks, the heap used: {many}");
    }
}
