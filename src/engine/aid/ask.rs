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
use crate::engine::types::{GoodId, MemberId, Regime};

/// The chance that a member honours a request: `base + bond·w − prejudice·p`, in [0, 1].
pub fn readiness(p: &AidParams, weight: f64, prejudice: f64) -> f64 {
    (p.readiness_base + p.readiness_bond * weight - p.readiness_prejudice * prejudice)
        .clamp(0.0, 1.0)
}

/// What the asking found for one claim, to explain a shortfall.
#[derive(Debug, Clone, Default)]
pub(super) struct ClaimAsked {
    pub asked: u32,
    pub refused: Vec<MemberId>,
    /// The asker had no bond strong enough to ask.
    pub friendless: bool,
    /// Where this claim's asks are in the record's `asks`.
    pub asks: std::ops::Range<usize>,
}

/// Someone who may be asked: ordered by weight, then by the lower member index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    /// Bits of a non-negative `f64`, which order like the number.
    weight: u64,
    member: Reverse<u32>,
    depth: Reverse<u32>,
    /// Who passed the request on (`u32::MAX` for the asker's own partners).
    via: Reverse<u32>,
}

const NOBODY: u32 = u32::MAX;

/// Let every claim ask, in claim order (most urgent first). Returns what each claim's asking
/// found, for the explanations.
pub(super) fn all(
    ctx: &mut TurnCtx,
    good: GoodId,
    claims: &mut [Claim],
    need_line: &[u32],
    price: u32,
    rec: &mut AidRecord,
) -> Vec<ClaimAsked> {
    let mut out = vec![ClaimAsked::default(); claims.len()];
    let ap = ctx.state.params.aid.clone();
    let mode = ctx.state.policy.aid_mode;
    let turn = ctx.turn;
    if ap.reach == 0 {
        return out;
    }
    // Drawn only when someone's readiness is short of certain.
    let mut rng = None;
    let (seed, name) = (ctx.state.seed, good as u64);
    let state = &mut *ctx.state;
    let touches = &mut ctx.report.bonds;
    // `seen[m] == stamp` marks members already asked for the current claim.
    let mut seen = vec![0u32; state.members.len()];
    let mut heap: BinaryHeap<Candidate> = BinaryHeap::new();
    // The best candidate offered for each member for the current claim (by stamp).
    let mut best = vec![(0u32, candidate(0.0, 0, 0, NOBODY)); state.members.len()];
    for (i, claim) in claims.iter_mut().enumerate() {
        if claim.remaining == 0 {
            continue;
        }
        let asker = claim.member;
        let stamp = i as u32 + 1;
        seen[asker] = stamp;
        heap.clear();
        let mut pushed = false;
        for (b, w) in state.bonds.neighbours(asker) {
            if w >= ap.min_bond && state.members[b].present {
                offer(&mut heap, &mut best, stamp, candidate(w, b, 1, NOBODY));
                pushed = true;
            }
        }
        out[i].friendless = !pushed;
        let first_ask = rec.asks.len();
        while claim.remaining > 0 {
            let Some(c) = heap.pop() else { break };
            let p = c.member.0 as usize;
            if seen[p] == stamp {
                continue;
            }
            seen[p] = stamp;
            out[i].asked += 1;
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
                    out[i].refused.push(p);
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
                for (q, w) in state.bonds.neighbours(p) {
                    if w >= ap.min_bond && seen[q] != stamp && state.members[q].present {
                        let c = candidate(weight * w, q, depth + 1, p as u32);
                        offer(&mut heap, &mut best, stamp, c);
                    }
                }
            }
        }
        out[i].asks = first_ask..rec.asks.len();
    }
    out
}

/// Put `c` in the heap unless a candidate for the same member, as good or better, waits
/// there for this claim (`stamp`): it would be popped first, and `c` passed over as asked.
fn offer(
    heap: &mut BinaryHeap<Candidate>,
    best: &mut [(u32, Candidate)],
    stamp: u32,
    c: Candidate,
) {
    let b = &mut best[c.member.0 as usize];
    if b.0 == stamp && c <= b.1 {
        return;
    }
    *b = (stamp, c);
    heap.push(c);
}

fn candidate(weight: f64, member: usize, depth: u32, via: u32) -> Candidate {
    Candidate {
        weight: weight.to_bits(),
        member: Reverse(member as u32),
        depth: Reverse(depth),
        via: Reverse(via),
    }
}
