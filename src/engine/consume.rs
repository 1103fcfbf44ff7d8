//! Consumption: needs are met from holdings in priority order, then interests, then wants;
//! unmet needs hurt wellbeing, unmet survival needs raise hunger. Then stocks spoil.

use crate::engine::ctx::{Claim, TurnCtx};
use crate::engine::report::{Entry, InterestOutcome, MemberReport, NeedOutcome};
use crate::engine::state::wear;
use crate::engine::types::{GoodKind, Priority};

/// Each need's outcome takes its claim's reasons (`claims` keep the rest: market's
/// `after_consumption` reads what they received).
pub fn run(ctx: &mut TurnCtx, claims: &mut [Vec<Claim>]) {
    let world = ctx.world;
    let wp = ctx.state.params.wellbeing.clone();
    let dep = ctx.state.params.deprivation.clone();
    // Each need's claim (good, index), at the member's first need's place among all needs
    // (`first`) plus the need's: a claim per need at most (the first, should there be more).
    let members = &ctx.state.members;
    let mut first = Vec::with_capacity(members.len() + 1);
    first.push(0);
    for member in members {
        first.push(first[first.len() - 1] + member.needs.len());
    }
    let mut claim_of: Vec<Option<(usize, usize)>> = vec![None; first[members.len()]];
    for (g, cs) in claims.iter().enumerate() {
        for (k, c) in cs.iter().enumerate() {
            let need = members.get(c.member).and_then(|m| m.needs.get(c.need));
            if need.is_some_and(|n| n.good == g) && claim_of[first[c.member] + c.need].is_none() {
                claim_of[first[c.member] + c.need] = Some((g, k));
            }
        }
    }
    // Buffers reused for every member.
    let (mut order, mut free, mut interests) = (Vec::new(), Vec::new(), Vec::new());
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
        let mut outcomes = Vec::with_capacity(order.len());
        let (mut weighted_met, mut weight) = (0.0f64, 0.0f64);
        let mut survival_short = false;
        for &i in &order {
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
            outcomes.push(NeedOutcome {
                good: g,
                priority: need.priority,
                label: need.label.clone(),
                needed: need.amount,
                met,
                received: claim
                    .as_ref()
                    .map(|c| c.received.clone())
                    .unwrap_or_default(),
                fallback: ctx.state.goods[g].fallback,
                why: claim
                    .as_mut()
                    .filter(|_| met < need.amount)
                    .map(|c| std::mem::take(&mut c.why))
                    .unwrap_or_default(),
            });
        }
        // Interests (printing, a project) use what the needs left, most urgent first; the
        // units they take are used up like a need's, so a want cannot count them again.
        interests.clear();
        interests.extend(0..member.interests.len());
        interests.sort_by_key(|&i| member.interests[i].priority);
        let mut pursued = Vec::with_capacity(interests.len());
        for &i in &interests {
            let it = &member.interests[i];
            let g = it.good;
            let met = free[g].min(it.amount);
            free[g] -= met;
            if world.goods[g].kind != GoodKind::Durable {
                member.holdings[g] -= met;
            }
            pursued.push(InterestOutcome {
                good: g,
                purpose: it.purpose.clone(),
                wanted: it.amount,
                met,
            });
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
    spoil(ctx);
}

/// Stocks lose their spoilage share each turn, services everything ([`wear`]); an empty
/// stock carries nothing.
fn spoil(ctx: &mut TurnCtx) {
    let pcts: Vec<u32> = ctx.world.goods.iter().map(wear::pct).collect();
    if pcts.iter().all(|&pct| pct == 0) {
        return;
    }
    for (gs, &pct) in ctx.state.goods[..pcts.len()].iter_mut().zip(&pcts) {
        if pct != 0 {
            gs.pool = wear::wear_down(gs.pool, &mut gs.wear, pct);
        }
    }
    // Member by member: each stock wears on its own, so the order is free.
    for member in ctx.state.members.iter_mut() {
        if member.wear.len() != member.holdings.len() {
            // A state saved before wear was kept carries none.
            member.wear.resize(member.holdings.len(), 0);
        }
        let stocks = member.holdings[..pcts.len()]
            .iter_mut()
            .zip(&mut member.wear[..pcts.len()]);
        for ((held, carry), &pct) in stocks.zip(&pcts) {
            if pct != 0 {
                *held = wear::wear_down(*held, carry, pct);
            }
        }
    }
}
