//! Production: each member works their lines by skill, time, tools and hunger, and gets
//! what the days they hired this turn made on their lines (`market::labour`).

use crate::engine::ctx::TurnCtx;
use crate::engine::events;
use crate::engine::params::DeprivationParams;
use crate::engine::report::Production;
use crate::engine::state::{MemberState, State};
use crate::engine::types::Regime;
use crate::engine::types::{GoodId, MemberId};
use crate::engine::world::GoodDef;

/// Thousandths of a unit: production accumulates fractions between turns.
pub const MILLI: u64 = 1000;

/// The per cent of full output a member's hunger leaves them.
pub fn hunger_pct(dep: &DeprivationParams, hunger: u32) -> u64 {
    100u64
        .saturating_sub(dep.output_loss_pct as u64 * hunger as u64)
        .max(dep.output_floor_pct.min(100) as u64)
}

/// The per cent of output a line gives with the member's tools: more when they hold its tool.
pub fn tool_pct(def: &GoodDef, member: &MemberState) -> u64 {
    match def.tool {
        Some(t) if member.holdings[t] > 0 => 100 + def.tool_bonus as u64,
        _ => 100,
    }
}

pub fn run(ctx: &mut TurnCtx) {
    let world = ctx.world;
    let dep = ctx.state.params.deprivation.clone();
    let n_goods = world.goods.len();
    // Thousandths of a unit the days each member hired made, by member and good.
    let mut hired = vec![0u64; ctx.state.members.len() * n_goods];
    for h in &ctx.report.labour.hires {
        hired[h.employer * n_goods + h.good] += h.milli;
    }
    for m in 0..ctx.state.members.len() {
        if !ctx.state.members[m].present {
            continue;
        }
        for g in 0..n_goods {
            let member = &ctx.state.members[m];
            let (skill, share) = (member.skills[g] as u64, member.work[g].min(100) as u64);
            let hands = hired[m * n_goods + g];
            if (skill == 0 || share == 0) && hands == 0 {
                continue;
            }
            let def = &world.goods[g];
            // Percentages, applied in a fixed order with integer arithmetic.
            let time_pct = 100u64.saturating_sub(member.time_spent_permille.min(1000) as u64 / 10);
            let milli = skill * MILLI * share / 100 * hunger_pct(&dep, member.hunger) / 100
                * time_pct
                / 100
                * tool_pct(def, member)
                / 100;
            // A storylet's shock (a drought) scales output for some turns.
            let milli = milli * events::output_pct(ctx.state, m, g) / 100 + hands;
            let progress = member.progress[g] as u64 + milli;
            let mut units = progress / MILLI;
            // Inputs limit output: from the producer's own holdings, then a common pool.
            for &(input, per_unit) in &def.inputs {
                if per_unit == 0 {
                    continue;
                }
                let available = member.holdings[input] as u64
                    + if ctx.state.goods[input].regime == Regime::Commons {
                        ctx.state.goods[input].pool as u64
                    } else {
                        0
                    };
                units = units.min(available / per_unit as u64);
            }
            let units = units.min(u32::MAX as u64) as u32;
            let state = &mut *ctx.state;
            state.members[m].progress[g] = (progress % MILLI) as u32;
            for &(input, per_unit) in &def.inputs {
                let mut need = per_unit.saturating_mul(units);
                let own = need.min(state.members[m].holdings[input]);
                state.members[m].holdings[input] -= own;
                need -= own;
                state.goods[input].pool = state.goods[input].pool.saturating_sub(need);
            }
            if units == 0 {
                continue;
            }
            let to_pool = state.goods[g].regime == Regime::Commons;
            let (mut credit, mut issued) = (0, 0);
            if to_pool {
                state.goods[g].pool = state.goods[g].pool.saturating_add(units);
                if state.policy.contribution_credits {
                    (credit, issued) = pay_credit(state, m, units, def.base_cost, g);
                }
            } else {
                let h = &mut state.members[m].holdings[g];
                *h = h.saturating_add(units);
            }
            ctx.report.produced.push(Production {
                member: m,
                good: g,
                units,
                to_pool,
                credit,
                issued,
            });
        }
    }
    // Last turn's meeting and market time is now spent; this turn's is counted afresh.
    for member in ctx.state.members.iter_mut() {
        member.time_spent_permille = 0;
    }
}

/// Contribution credit (DESIGN §5): pay member `m` for `units` of good `g` put into the
/// common pool, at the good's last market price (its base cost if it has never traded).
/// The treasury pays first; what it cannot pay is newly issued. Returns (credit, issued).
pub fn pay_credit(
    state: &mut State,
    m: MemberId,
    units: u32,
    base_cost: u32,
    g: GoodId,
) -> (u64, u64) {
    let price = state.goods[g].last_price.unwrap_or(base_cost) as u64;
    let credit = units as u64 * price;
    let from_treasury = credit.min(state.market.treasury);
    state.market.treasury -= from_treasury;
    let issued = credit - from_treasury;
    state.market.issued = state.market.issued.saturating_add(issued);
    let scrip = &mut state.members[m].scrip;
    *scrip = scrip.saturating_add(credit);
    (credit, issued)
}
