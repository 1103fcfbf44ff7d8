//! Consensus meetings (`Commons`, DESIGN §4): the community allocates a pooled good at a
//! meeting where status, charisma and dominance shape who is heard and who moves whom.
//!
//! For each item on the agenda: initial support x(0) → Friedkin–Johnsen deliberation in a
//! room whose floor time and influence follow expectation states → an open or secret vote
//! under the decision rule. Approved items are filled in order of support until the pool
//! runs out; the leftover rule rations refused survival requests from what is left.

pub mod agenda;
pub mod cause;
pub mod expectations;
pub mod floor;
pub mod influence;
pub mod room;
pub mod session;
pub mod vote;

pub use session::Session;

use crate::engine::ctx::{Claim, TurnCtx};
use rand::SeedableRng;
use rand::rand_core::block::Generator;
use rand_chacha::ChaCha8Core;

use crate::engine::meeting::agenda::{Context, Item};
use crate::engine::meeting::cause::Held;
use crate::engine::report::meeting::{
    Cause, Decision, Factor, ItemKind, ItemRecord, MeetingRecord, Mover, Refusal, Speaker,
};
use crate::engine::report::{Entry, LayerDetail, Reason};
use crate::engine::state::Audit;
use crate::engine::types::{GoodId, MemberId, Priority, Regime};

/// The `Commons` institution: hold the good's meeting in the turn's `session` (seated on
/// first use) and allocate its pool.
pub fn run(
    ctx: &mut TurnCtx,
    session: &mut Session,
    good: GoodId,
    claims: &mut [Claim],
) -> LayerDetail {
    let turn = ctx.turn;
    let state = &mut *ctx.state;
    session.ensure(state);
    let params = state.params.meeting.clone();
    let params = &params;
    let (rule, facilitation) = (state.policy.decision_rule, state.policy.facilitation);
    let pool_before = state.goods[good].pool;
    // Buffers reused across the turn's goods and items.
    let mut s = std::mem::take(&mut session.scratch);
    let mut items = std::mem::take(&mut s.items);
    agenda::build(state, good, claims, &mut items);
    let mut record = MeetingRecord {
        good,
        rule,
        facilitation,
        pool_before,
        pool_after: pool_before,
        circles: 0,
        delegates: Vec::new(),
        floor: Vec::new(),
        power: Vec::new(),
        items: Vec::with_capacity(items.len()),
        rationed: Vec::new(),
        went_without: Vec::new(),
        hours: 0.0,
        returned: Vec::new(),
    };
    if pool_before == 0 || items.is_empty() {
        for c in claims.iter_mut().filter(|c| c.remaining > 0) {
            c.why.push(Reason::PoolEmpty);
        }
        record.went_without = went_without(claims);
        s.items = items;
        session.scratch = s;
        return LayerDetail::Meeting(Box::new(record));
    }
    // Who still lacks this good themselves (their view of others' requests is less generous).
    s.unmet.clear();
    s.unmet.resize(state.members.len(), false);
    for c in claims.iter().filter(|c| c.remaining > 0) {
        s.unmet[c.member] = true;
    }
    let ahead = agenda::ahead(&items);
    // Every word the agenda draws, in one run from the start of the meeting's stream
    // (`ctx.rng("meeting", good)`, which nothing else reads): for each seated item, one noise
    // word per attendee, then one ballot word each.
    let words: usize = items
        .iter()
        .filter_map(|item| session.seat(item.member))
        .map(|(c, _)| 2 * session.circles[c].members.len())
        .sum();
    let stream = crate::engine::rng::stream(state.seed, "meeting", turn, good as u64);
    draw_words(&stream, words, &mut s.words);
    let mut drawn = 0;
    s.per_circle.clear();
    s.per_circle.resize(session.circles.len(), 0);
    for item in &items {
        let Some((c, _)) = session.seat(item.member) else {
            continue;
        };
        s.per_circle[c] += 1;
        let n = session.circles[c].members.len();
        s.bond.clear();
        s.bond.resize(n, 0.0);
        session.bonds_in(c, state.bonds.row(item.member), &mut s.bond);
        let circle = &mut session.circles[c];
        if !circle.equals_built {
            let old = std::mem::take(&mut circle.equals);
            let members = &circle.members;
            circle.equals = cause::room_of_equals(old, params, rule, facilitation, state, members);
            circle.equals_built = true;
        }
        let room = &circle.room;
        let requester = &state.members[item.member];
        let view = Context {
            params: &params.support,
            scarcity: agenda::scarcity(
                &params.support,
                item.amount as u64 + ahead[item.priority.index()],
                pool_before,
            ),
            priority: item.priority,
            requester,
            tags: item.tags(state),
        };
        // The item's noise words, then its ballot words: kept, so the vote can be held again
        // with a factor left out.
        let (noise, draws) = s.words[drawn..drawn + 2 * n].split_at(n);
        drawn += 2 * n;
        let (members, asker) = (&circle.members, item.member);
        let (bond, unmet) = (&s.bond, &s.unmet);
        cause::opinions(
            &view,
            state,
            members,
            asker,
            bond,
            unmet,
            noise,
            &mut s.terms,
            &mut s.x0,
        );
        // Every element is written.
        s.x.resize(n, 0.0);
        room.solver.settle(&s.x0, &mut s.x);
        let tally = vote::cast_with(
            params,
            rule,
            facilitation,
            room,
            &s.x,
            draws,
            true,
            &mut s.ballots,
        );
        let approved = vote::passes(params, rule, &tally);
        let held = Held {
            params,
            rule,
            facilitation,
            view,
            members,
            asker,
            bond: &s.bond,
            unmet: &s.unmet,
            noise,
            terms: &s.terms,
            draws,
            x0: &s.x0,
            x: &s.x,
            room,
            equals: &circle.equals,
        };
        let support_after = tally.support();
        let (cause, carried) = if approved {
            let (passes, _) = held.without(Factor::Status, &mut s.retrial);
            (None, !passes)
        } else {
            let c = held.cause(support_after, tally.blocks, &mut s.retrial);
            (Some(c), false)
        };
        let cut = params.support_cut;
        let mean_before = mean(&s.x0);
        let mover = mover(room.power(), &s.x0, mean_before).map(|(pos, power, pull)| Mover {
            member: circle.members[pos],
            power,
            pull,
        });
        let top_speaker = room.top_speaker().map(|pos| Speaker {
            member: circle.members[pos],
            share: room.share[pos],
            charisma: state.members[circle.members[pos]].charisma,
            high: room.high[pos],
            salient: room.salient,
        });
        let refusal = (!approved).then(|| Refusal {
            rule,
            support: support_after,
            threshold: params.threshold,
            against: tally.against,
            blocked_by: tally.first_block.map(|p| circle.members[p]),
            top_speaker,
            mover,
            cause,
        });
        record.items.push(ItemRecord {
            member: item.member,
            kind: item.kind,
            priority: item.priority,
            amount: item.amount,
            granted: 0,
            support_before: s.x0.iter().filter(|&&x| x > cut).count() as f64 / n as f64,
            support_after,
            mean_before,
            mean_after: mean(&s.x),
            mover,
            top_speaker,
            conformed: tally.conformed,
            blocks: tally.blocks,
            approved,
            refusal,
            carried,
        });
        if tally.yes > 0 && tally.against > 0 {
            circle.record_vote(&s.ballots);
        }
    }
    let leftover = state.policy.leftover_rationing;
    let pool = share(state, good, &items, &mut record, claims, leftover, turn);
    state.goods[good].pool = pool;
    // Reasons, counts and the chronicle.
    for (item, r) in items.iter().zip(&record.items) {
        audit(&mut state.members[item.member].audit, r);
        if let ItemKind::Request { claim, .. } = item.kind {
            session.count_request(item.member, r.approved);
            if let Some(refusal) = &r.refusal {
                claims[claim]
                    .why
                    .push(Reason::Refused(Box::new(refusal.clone())));
            }
        }
        if r.refusal.is_some() || matches!(item.kind, ItemKind::Proposal { .. }) {
            ctx.report.chronicle.push(Entry::Meeting(Box::new(Decision {
                good,
                member: item.member,
                proposal: matches!(item.kind, ItemKind::Proposal { .. }),
                label: item.label(state).to_string(),
                amount: item.amount,
                granted: r.granted,
                support: r.support_after,
                threshold: params.threshold,
                rule,
                refusal: r.refusal.clone(),
            })));
        }
    }
    let fp = &params.facilitation;
    let extra: u32 = [
        facilitation.progressive_stack,
        facilitation.timed_rounds,
        facilitation.secret_ballot,
    ]
    .iter()
    .zip(fp.cost_pct)
    .filter(|(on, _)| **on)
    .map(|(_, pct)| pct)
    .sum();
    // Hundredths of a per-mille per item per attendee.
    let unit = params.item_cost_permille as u64 * (100 + extra as u64);
    let time = session.charge(&s.per_circle, unit);
    session.items += items.len() as u32;
    record.hours = session::hours(time, params.working_hours);
    record.circles = session.circles.len() as u32;
    if session.circles.len() > 1 {
        record.delegates = session
            .circles
            .iter()
            .map(|c| c.members[c.delegate])
            .collect();
    }
    // In member order straight from the seats (each member sits once), with no sort.
    let seated = session.seated().count();
    record.floor.reserve_exact(seated);
    record.power.reserve_exact(seated);
    for (m, c, pos) in session.seated() {
        let room = &session.circles[c].room;
        record.floor.push((m, room.share[pos]));
        record.power.push((m, room.power()[pos]));
    }
    record.pool_after = pool;
    record.went_without = went_without(claims);
    s.items = items;
    session.scratch = s;
    LayerDetail::Meeting(Box::new(record))
}

/// Fill approved items in order of support (then urgency, member, agenda order) until the
/// pool runs out; then, under the leftover rule, ration what is left among refused survival
/// requests, one unit at a time round-robin from a turn-rotated start. Returns the pool left.
fn share(
    state: &mut crate::engine::state::State,
    good: GoodId,
    items: &[Item],
    record: &mut MeetingRecord,
    claims: &mut [Claim],
    leftover: bool,
    turn: u32,
) -> u32 {
    let pool_before = record.pool_before;
    let mut pool = pool_before;
    let records = &mut record.items;
    let mut order: Vec<usize> = (0..items.len()).filter(|&k| records[k].approved).collect();
    order.sort_by(|&a, &b| {
        records[b]
            .support_after
            .total_cmp(&records[a].support_after)
            .then(items[a].priority.cmp(&items[b].priority))
            .then(items[a].member.cmp(&items[b].member))
            .then(a.cmp(&b))
    });
    let approved_demand: u32 = order
        .iter()
        .map(|&k| items[k].amount)
        .fold(0, u32::saturating_add);
    for &k in &order {
        let item = &items[k];
        let give = item.amount.min(pool);
        pool -= give;
        give_to(state, good, item, claims, give);
        records[k].granted = give;
        if give < item.amount
            && let ItemKind::Request { claim, .. } = item.kind
        {
            claims[claim].why.push(Reason::PoolShort {
                pool: pool_before,
                claimed: approved_demand,
            });
        }
    }
    if leftover && pool > 0 {
        let refused: Vec<usize> = (0..items.len())
            .filter(|&k| {
                !records[k].approved
                    && items[k].priority == Priority::Survival
                    && matches!(items[k].kind, ItemKind::Request { .. })
            })
            .collect();
        if !refused.is_empty() {
            let mut given = vec![0u32; refused.len()];
            let start = turn as usize % refused.len();
            let mut open = true;
            while pool > 0 && open {
                open = false;
                for t in 0..refused.len() {
                    let j = (start + t) % refused.len();
                    if pool > 0 && given[j] < items[refused[j]].amount {
                        given[j] += 1;
                        pool -= 1;
                        open = true;
                    }
                }
            }
            for (j, &k) in refused.iter().enumerate() {
                give_to(state, good, &items[k], claims, given[j]);
                records[k].granted = given[j];
                if given[j] > 0 {
                    record.rationed.push((items[k].member, given[j]));
                }
            }
        }
    }
    pool
}

/// `Commons → Exchange`: what the meeting left in the pool of this turn's making goes back
/// to those who made it, in proportion to what each put in (largest remainders, ties to the
/// lower member id), so they may sell it in the market that follows; stock carried from
/// earlier turns stays in the pool. A contribution credit paid for a returned unit is paid
/// back to the treasury (as far as the maker's scrip allows), so no unit is paid for twice.
pub fn return_to_makers(ctx: &mut TurnCtx, good: GoodId, record: &mut MeetingRecord) {
    let made: Vec<(MemberId, u32, u64)> = ctx
        .report
        .produced
        .iter()
        .filter(|p| p.good == good && p.to_pool && p.units > 0)
        .map(|p| (p.member, p.units, p.credit))
        .collect();
    let total: u64 = made.iter().map(|m| m.1 as u64).sum();
    let state = &mut *ctx.state;
    let left = (state.goods[good].pool as u64).min(total);
    if left == 0 {
        return;
    }
    // Shares: floor of the pro-rata share, then one more each by largest remainder.
    let mut shares: Vec<(MemberId, u64, u64)> = made
        .iter()
        .map(|&(m, units, _)| {
            let num = left * units as u64;
            (m, num / total, num % total)
        })
        .collect();
    let mut rest = left - shares.iter().map(|s| s.1).sum::<u64>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        shares[b]
            .2
            .cmp(&shares[a].2)
            .then(shares[a].0.cmp(&shares[b].0))
    });
    for &i in &order {
        if rest == 0 {
            break;
        }
        shares[i].1 += 1;
        rest -= 1;
    }
    for (i, &(m, units, credit)) in made.iter().enumerate() {
        let back = shares[i].1 as u32;
        if back == 0 {
            continue;
        }
        state.goods[good].pool -= back;
        let member = &mut state.members[m];
        member.holdings[good] = member.holdings[good].saturating_add(back);
        let repay = (credit * back as u64 / units as u64).min(member.scrip);
        member.scrip -= repay;
        state.market.treasury = state.market.treasury.saturating_add(repay);
        match record.returned.last_mut() {
            Some(r) if r.0 == m => r.1 += back,
            _ => record.returned.push((m, back)),
        }
    }
    record.pool_after = state.goods[good].pool;
}

/// The first `n` words of `stream`, fresh, into `out`: the very words `n` calls of
/// `next_u64` (`random::<f64>()`, `random::<u64>()`) would draw, each a pair of the ChaCha
/// core's 32-bit words, low first. Read straight off the core's blocks: one call of
/// `next_u64` per word cost about 15 instructions, and `fill`, with the same words, changed
/// how the market's inlined draws compile.
fn draw_words(stream: &crate::engine::rng::Stream, n: usize, out: &mut Vec<u64>) {
    let mut core = ChaCha8Core::from_seed(stream.get_seed());
    let mut block = [0u32; 64];
    out.clear();
    out.reserve(n);
    while out.len() < n {
        core.generate(&mut block);
        let take = (n - out.len()).min(block.len() / 2);
        let pairs = block.chunks_exact(2).take(take);
        out.extend(pairs.map(|p| u64::from(p[0]) | u64::from(p[1]) << 32));
    }
}

/// Move `units` of the pool to the item's member; a request's claim records them.
fn give_to(
    state: &mut crate::engine::state::State,
    good: GoodId,
    item: &Item,
    claims: &mut [Claim],
    units: u32,
) {
    if units == 0 {
        return;
    }
    let h = &mut state.members[item.member].holdings[good];
    *h = h.saturating_add(units);
    if let ItemKind::Request { claim, .. } = item.kind {
        claims[claim].fill(Regime::Commons, units);
    }
}

/// Count an item in its member's bias audit.
fn audit(a: &mut Audit, r: &ItemRecord) {
    a.asked += 1;
    a.passed += u32::from(r.approved);
    a.carried += u32::from(r.carried);
    match r.refusal.as_ref().and_then(|x| x.cause.as_ref()) {
        Some(Cause::Decisive { factor, .. }) => a.struck[factor.index()] += 1,
        Some(Cause::Jointly(_)) => a.jointly += 1,
        Some(Cause::Merits) => a.merits += 1,
        None => {}
    }
}

/// Units still unmet, by member.
fn went_without(claims: &[Claim]) -> Vec<(MemberId, u32)> {
    let mut each: Vec<(MemberId, u32)> = claims
        .iter()
        .filter(|c| c.remaining > 0)
        .map(|c| (c.member, c.remaining))
        .collect();
    each.sort_by_key(|e| e.0);
    let mut out: Vec<(MemberId, u32)> = Vec::with_capacity(each.len());
    for (m, units) in each {
        match out.last_mut() {
            Some(e) if e.0 == m => e.1 = e.1.saturating_add(units),
            _ => out.push((m, units)),
        }
    }
    out
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

/// The attendee whose power moved the room's mean most: the settled mean is Σ π_j·x_j(0),
/// so member j moved it by (π_j − 1/N)·(x_j(0) − mean x(0)). Returns (position, π, pull).
fn mover(power: &[f64], x0: &[f64], mean0: f64) -> Option<(usize, f64, f64)> {
    let even = 1.0 / power.len() as f64;
    let pull = |(&p, &x): (&f64, &f64)| (p - even) * (x - mean0);
    // The first attendee, then whoever pulls strictly harder (|pull| kept beside it).
    let mut each = power.iter().zip(x0);
    let first = each.next()?;
    let mut best = (0, *first.0, pull(first));
    let mut most = best.2.abs();
    for (j, px) in each.enumerate() {
        let pj = pull(px);
        if pj.abs() > most {
            best = (j + 1, *px.0, pj);
            most = pj.abs();
        }
    }
    Some(best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn words_read_off_the_core_are_the_stream_drawn_word_by_word() {
        for n in [0, 1, 31, 32, 33, 64, 70, 2 * 17 * 29] {
            let stream = crate::engine::rng::stream(5, "meeting", 3, 2);
            let mut words = Vec::new();
            draw_words(&stream, n, &mut words);
            let mut one = stream.clone();
            let drawn: Vec<u64> = (0..n).map(|_| one.next_u64()).collect();
            assert_eq!(words, drawn, "{n} words");
        }
    }
}
