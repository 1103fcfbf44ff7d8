//! Consumption: needs are met from holdings in priority order, then interests, then wants;
//! unmet needs hurt wellbeing, unmet survival needs raise hunger. Then stocks spoil.

use crate::engine::ctx::{Claim, TurnCtx};
use crate::engine::report::{Entry, InterestOutcome, MemberReport, NeedOutcome};
use crate::engine::state::wear;
use crate::engine::types::{GoodKind, Priority};

/// Lists consumption keeps between turns (the game's `turn::Carry`).
#[derive(Debug, Default)]
pub struct Scratch {
    /// Last turn's members' reports (a spent report's, see `turn::Carry::recycle`): each is
    /// rewritten in place, every field, so their lists and labels keep their room.
    pub reports: Vec<MemberReport>,
    /// Where each member's first need is among all needs, then the claim of each need.
    first: Vec<usize>,
    claim_of: Vec<Option<(usize, usize)>>,
    /// A member's needs and interests in priority order, and what of their holdings is free.
    order: Vec<usize>,
    interests: Vec<usize>,
    free: Vec<u32>,
    /// The goods that wear, with their per cent.
    wearing: Vec<(usize, u32)>,
}

/// Each need's outcome takes its claim's reasons (`claims` keep the rest: market's
/// `after_consumption` reads what they received).
pub fn run(ctx: &mut TurnCtx, claims: &mut [Vec<Claim>], s: &mut Scratch) {
    let world = ctx.world;
    let wp = ctx.state.params.wellbeing.clone();
    let dep = ctx.state.params.deprivation.clone();
    let Scratch {
        reports,
        first,
        claim_of,
        order,
        interests,
        free,
        wearing,
    } = s;
    // Each need's claim (good, index), at the member's first need's place among all needs
    // (`first`) plus the need's: a claim per need at most (the first, should there be more).
    let members = &ctx.state.members;
    first.clear();
    first.push(0);
    for member in members {
        first.push(first[first.len() - 1] + member.needs.len());
    }
    claim_of.clear();
    claim_of.resize(first[members.len()], None);
    for (g, cs) in claims.iter().enumerate() {
        for (k, c) in cs.iter().enumerate() {
            let need = members.get(c.member).and_then(|m| m.needs.get(c.need));
            if need.is_some_and(|n| n.good == g) && claim_of[first[c.member] + c.need].is_none() {
                claim_of[first[c.member] + c.need] = Some((g, k));
            }
        }
    }
    // Last turn's reports, in member order, to rewrite.
    let mut spare = reports.drain(..);
    for m in 0..ctx.state.members.len() {
        if !ctx.state.members[m].present {
            continue;
        }
        let member = &mut ctx.state.members[m];
        order.clear();
        order.extend(0..member.needs.len());
        // Needs are mostly listed by priority: sorted only if not.
        if !order.is_sorted_by_key(|&i| member.needs[i].priority) {
            order.sort_by_key(|&i| member.needs[i].priority);
        }
        // Durables meet needs by being held: track what is still free to count per good.
        free.clear();
        free.extend_from_slice(&member.holdings);
        let (mut outcomes, mut pursued) = spare
            .next()
            .map(|r| (r.needs, r.interests))
            .unwrap_or_else(|| (Vec::with_capacity(order.len()), Vec::new()));
        let (mut weighted_met, mut weight) = (0.0f64, 0.0f64);
        let mut survival_short = false;
        for (j, &i) in order.iter().enumerate() {
            let need = &member.needs[i];
            let g = need.good;
            let met = free[g].min(need.amount);
            free[g] -= met;
            if world.goods[g].kind != GoodKind::Durable {
                member.holdings[g] -= met;
            }
            if need.amount > 0 {
                let w = wp.weights[need.priority.index()];
                weighted_met += w * met as f64 / need.amount as f64;
                weight += w;
            }
            if need.priority == Priority::Survival && met < need.amount {
                survival_short = true;
            }
            let mut claim = claim_of[first[m] + i].map(|(g, k)| &mut claims[g][k]);
            let NeedOutcome {
                good,
                priority,
                label,
                needed,
                met: used,
                received,
                fallback,
                why,
            } = slot(&mut outcomes, j, || NeedOutcome {
                good: g,
                priority: need.priority,
                label: String::new(),
                needed: 0,
                met: 0,
                received: Vec::new(),
                fallback: None,
                why: Vec::new(),
            });
            *good = g;
            *priority = need.priority;
            label.clone_from(&need.label);
            *needed = need.amount;
            *used = met;
            received.clear();
            if let Some(c) = &claim {
                received.extend_from_slice(&c.received);
            }
            *fallback = ctx.state.goods[g].fallback;
            *why = claim
                .as_mut()
                .filter(|_| met < need.amount)
                .map(|c| std::mem::take(&mut c.why))
                .unwrap_or_default();
        }
        if outcomes.len() > order.len() {
            outcomes.truncate(order.len());
        }
        // Interests (printing, a project) use what the needs left, most urgent first; the
        // units they take are used up like a need's, so a want cannot count them again.
        interests.clear();
        interests.extend(0..member.interests.len());
        interests.sort_by_key(|&i| member.interests[i].priority);
        for (j, &i) in interests.iter().enumerate() {
            let it = &member.interests[i];
            let g = it.good;
            let met = free[g].min(it.amount);
            free[g] -= met;
            if world.goods[g].kind != GoodKind::Durable {
                member.holdings[g] -= met;
            }
            let InterestOutcome {
                good,
                purpose,
                wanted,
                met: used,
            } = slot(&mut pursued, j, || InterestOutcome {
                good: g,
                purpose: String::new(),
                wanted: 0,
                met: 0,
            });
            *good = g;
            purpose.clone_from(&it.purpose);
            *wanted = it.amount;
            *used = met;
        }
        if pursued.len() > interests.len() {
            pursued.truncate(interests.len());
        }
        // Wants beyond needs use up what is left of consumables.
        for &(g, amount) in &member.wants {
            if world.goods[g].kind != GoodKind::Durable {
                let used = free[g].min(amount);
                free[g] -= used;
                member.holdings[g] -= used;
            }
        }
        let met = if weight > 0.0 {
            weighted_met / weight
        } else {
            1.0
        };
        member.wellbeing = wp.memory * member.wellbeing + (1.0 - wp.memory) * met;
        let before = member.hunger;
        member.hunger = if survival_short {
            member
                .hunger
                .saturating_add(dep.hunger_step)
                .min(dep.max_hunger)
        } else {
            member.hunger.saturating_sub(dep.recovery)
        };
        let hunger = member.hunger;
        let wellbeing = member.wellbeing;
        if survival_short {
            ctx.report.chronicle.push(
                if before < dep.crisis_hunger && hunger >= dep.crisis_hunger {
                    Entry::Crisis { member: m, hunger }
                } else {
                    Entry::Hungry { member: m, hunger }
                },
            );
        } else if before >= dep.crisis_hunger && hunger < dep.crisis_hunger {
            ctx.report.chronicle.push(Entry::Recovered { member: m });
        }
        ctx.report.members.push(MemberReport {
            member: m,
            needs: outcomes,
            interests: pursued,
            met,
            wellbeing,
            hunger,
        });
    }
    drop(spare);
    spoil(ctx, wearing);
}

/// The `j`th entry of `list` to overwrite (`j` at most its length): a `blank` one pushed
/// when the list is that short.
fn slot<T>(list: &mut Vec<T>, j: usize, blank: impl FnOnce() -> T) -> &mut T {
    if j == list.len() {
        list.push(blank());
    }
    &mut list[j]
}

/// Stocks lose their spoilage share each turn, services everything ([`wear`]); an empty
/// stock carries nothing.
fn spoil(ctx: &mut TurnCtx, wearing: &mut Vec<(usize, u32)>) {
    wearing.clear();
    wearing.extend(
        ctx.world
            .goods
            .iter()
            .map(wear::pct)
            .enumerate()
            .filter(|&(_, pct)| pct != 0),
    );
    if wearing.is_empty() {
        return;
    }
    for &(g, pct) in wearing.iter() {
        let gs = &mut ctx.state.goods[g];
        gs.pool = wear::wear_down(gs.pool, &mut gs.wear, pct);
    }
    // Member by member: each stock wears on its own, so the order is free.
    for member in ctx.state.members.iter_mut() {
        if member.wear.len() != member.holdings.len() {
            // A state saved before wear was kept carries none.
            member.wear.resize(member.holdings.len(), 0);
        }
        for &(g, pct) in wearing.iter() {
            member.holdings[g] = wear::wear_down(member.holdings[g], &mut member.wear[g], pct);
        }
    }
}
