//! Workplaces (docs/MODELS.md, "Workplaces and strikes"): means of production beyond any
//! member's own, worked by a crew before the labour market and production, and run one of
//! three ways.
//!
//! - A crew member's day there makes the workplace's `per_day` units plus what a day of their
//!   own skill in the good would make, scaled by their hunger and any storylet shock to the
//!   good, as at their own work; the days
//!   are that share of their own working time this turn.
//! - **Owner** / **Shares**: each day is paid the wage, by the owner, or by the shareholder
//!   furthest behind their per cent of the wage bill who can pay it; a day nobody can pay is
//!   not worked. The output goes to the owner, or to the shareholders by per cent.
//! - **Workers**: nobody pays; the crew's meeting settles how to divide the output. Each
//!   worker starts for dividing by what each made (1) if that gives them more than an equal
//!   share, against it (0) if less; the room's Friedkin–Johnsen social power π (the meeting
//!   model's, with its status, charisma and floor time) weighs those views into the settled
//!   share θ = Σ π_i·x_i divided by work, the rest equally.
//! - **Strike** (Akerlof & Yellen 1990, the fair wage–effort hypothesis, taken to withdrawal):
//!   a worker holds the wage unfair when it is below `fair_pct` per cent of what their day
//!   there makes at the good's price. When at least half of the crew present hold it unfair,
//!   or a storylet called a strike, they withhold their days, except those whose scrip would
//!   not buy this turn's needs they do not hold: they cannot go without the wage (Hicks 1932:
//!   a strike lasts as long as the strikers' resources do). Strikers' bonds with each other
//!   warm; with the payers, they cool.

use crate::engine::bonds::{Contact, Tone};
use crate::engine::ctx::TurnCtx;
use crate::engine::events;
use crate::engine::meeting::room::{Person, Room};
use crate::engine::production::{self, MILLI};
use crate::engine::report::Entry;
use crate::engine::report::workplace::Shift;
use crate::engine::state::State;
use crate::engine::types::MemberId;
use crate::engine::world::scenario::Run;
use crate::engine::world::{WorkplaceDef, World};

/// Work every open workplace this turn, recording each in the chronicle.
pub fn run(ctx: &mut TurnCtx) {
    for w in 0..ctx.world.workplaces.len() {
        if ctx.state.workplaces.get(w).is_some_and(|s| s.open) {
            shift(ctx, w);
        }
    }
}

/// Thousandths of a unit one day of member `m` makes at workplace `def`.
fn day_milli(state: &State, def: &WorkplaceDef, m: MemberId) -> u64 {
    let member = &state.members[m];
    let days = state.params.labour.days.max(1) as u64;
    let own = member.skills[def.good] as u64 * MILLI / days;
    let hunger = production::hunger_pct(&state.params.deprivation, member.hunger);
    // A storylet's shock to the good (a low river) slows the workplace too.
    (def.per_day as u64 * MILLI + own) * hunger / 100 * events::output_pct(state, m, def.good) / 100
}

/// Who pays each day's wage and takes the output: (member, per cent).
fn payers(world: &World, state: &State, w: usize, run: Run) -> Vec<(MemberId, u32)> {
    let def = &world.workplaces[w];
    let present = |m: MemberId| state.members[m].present;
    match run {
        Run::Owner => def
            .owner
            .filter(|&m| present(m))
            .map(|m| (m, 100))
            .into_iter()
            .collect(),
        Run::Shares => def
            .shares
            .iter()
            .copied()
            .filter(|&(m, n)| present(m) && n > 0)
            .collect(),
        Run::Workers => Vec::new(),
    }
}

fn shift(ctx: &mut TurnCtx, w: usize) {
    let world = ctx.world;
    let def = &world.workplaces[w];
    let ws = ctx.state.workplaces[w].clone();
    let crew: Vec<MemberId> = def
        .crew
        .iter()
        .copied()
        .filter(|&m| ctx.state.members[m].present)
        .collect();
    if crew.is_empty() {
        return;
    }
    let days = ctx.state.params.labour.days.max(1);
    let shift_days = def.shift.min(days);
    let price = ctx.state.goods[def.good]
        .last_price
        .unwrap_or(world.goods[def.good].base_cost) as u64;
    let paid = ws.run_by != Run::Workers;
    let payers = payers(world, ctx.state, w, ws.run_by);
    // The fair wage of each worker: `fair_pct` of what their day makes, in whole scrip.
    let fair: Vec<u64> = crew
        .iter()
        .map(|&m| day_milli(ctx.state, def, m) * price * def.fair_pct as u64 / 100 / MILLI)
        .collect();
    let unfair = |i: usize| (ws.wage as u64) < fair[i];
    let aggrieved = (0..crew.len()).filter(|&i| unfair(i)).count();
    let called = paid && ws.called > 0;
    let strike = paid && (called || (aggrieved > 0 && aggrieved * 2 >= crew.len()));
    // A worker whose scrip would not buy this turn's needs they do not hold cannot go
    // without the wage.
    let world_goods = &world.goods;
    let cannot_hold_out = |m: MemberId| {
        let member = &ctx.state.members[m];
        let cost: u64 = (0..world_goods.len())
            .map(|g| {
                let price = ctx.state.goods[g]
                    .last_price
                    .unwrap_or(world_goods[g].base_cost);
                member.need_of(g).saturating_sub(member.holdings[g]) as u64 * price as u64
            })
            .sum();
        member.scrip < cost
    };
    let mut struck = Vec::new();
    let mut crossed = Vec::new();
    let mut workers = Vec::new();
    for (i, &m) in crew.iter().enumerate() {
        let withholds = called || unfair(i);
        if strike && withholds && !cannot_hold_out(m) {
            struck.push(m);
        } else {
            if strike && withholds {
                crossed.push(m);
            }
            workers.push(m);
        }
    }
    // Days round the crew one at a time, each paid as it is worked.
    let mut worked = vec![0u32; workers.len()];
    let mut bill = vec![0u64; payers.len()];
    let mut unpaid = 0;
    for _ in 0..shift_days {
        for d in worked.iter_mut() {
            if !paid || ws.wage == 0 {
                *d += 1;
                continue;
            }
            if payers.is_empty() {
                unpaid += 1;
                continue;
            }
            // The payer furthest behind their per cent of the bill who can pay a day.
            let wage = ws.wage as u64;
            let who = (0..payers.len())
                .filter(|&j| ctx.state.members[payers[j].0].scrip >= wage)
                .min_by(|&a, &b| {
                    let (pa, pb) = (bill[a] * payers[b].1 as u64, bill[b] * payers[a].1 as u64);
                    pa.cmp(&pb).then(a.cmp(&b))
                });
            let Some(j) = who else {
                unpaid += 1;
                continue;
            };
            ctx.state.members[payers[j].0].scrip -= wage;
            bill[j] += wage;
            *d += 1;
        }
    }
    // Wages, time and output.
    let wage = ws.wage as u64;
    let mut made = vec![0u64; workers.len()];
    for (i, &m) in workers.iter().enumerate() {
        let n = worked[i];
        if paid {
            let s = &mut ctx.state.members[m].scrip;
            *s = s.saturating_add(wage * n as u64);
        }
        made[i] = day_milli(ctx.state, def, m) * n as u64;
        let t = &mut ctx.state.members[m].time_spent_permille;
        *t = t.saturating_add(n * 1000 / days).min(1000);
    }
    let progress = ctx.state.workplaces[w].progress as u64 + made.iter().sum::<u64>();
    let units = (progress / MILLI).min(u32::MAX as u64) as u32;
    ctx.state.workplaces[w].progress = (progress % MILLI) as u32;
    let mut by_work = None;
    let shares: Vec<(MemberId, f64)> = match ws.run_by {
        Run::Owner | Run::Shares => payers.iter().map(|&(m, n)| (m, n as f64)).collect(),
        Run::Workers => {
            let t = settle(ctx.state, &workers, &made);
            by_work = Some(t);
            let total = made.iter().sum::<u64>().max(1) as f64;
            let n = workers.len() as f64;
            workers
                .iter()
                .zip(&made)
                .map(|(&m, &x)| (m, (1.0 - t) / n + t * x as f64 / total))
                .collect()
        }
    };
    let shared = divide(units, &shares);
    for &(m, u) in &shared {
        let h = &mut ctx.state.members[m].holdings[def.good];
        *h = h.saturating_add(u);
    }
    // Bonds: the crew with whoever pays them, and a strike's lines drawn.
    for &(p, _) in &payers {
        for (i, &m) in workers.iter().enumerate() {
            if worked[i] > 0 {
                ctx.touch(p, m, Contact::Trade, Tone::Warm);
            }
        }
        for &m in &struck {
            ctx.touch(p, m, Contact::Refusal, Tone::Cold);
        }
    }
    for (i, &a) in struck.iter().enumerate() {
        for &b in &struck[i + 1..] {
            ctx.touch(a, b, Contact::Meeting, Tone::Warm);
        }
    }
    let ws = &mut ctx.state.workplaces[w];
    ws.struck = !struck.is_empty();
    ws.called = ws.called.saturating_sub(1);
    let mean_fair = fair.iter().sum::<u64>() / fair.len().max(1) as u64;
    let record = Shift {
        workplace: w,
        run_by: ws.run_by,
        worked: workers
            .iter()
            .copied()
            .zip(worked)
            .filter(|w| w.1 > 0)
            .collect(),
        struck,
        crossed,
        called,
        wage: ws.wage,
        fair: mean_fair.min(u32::MAX as u64) as u32,
        wages: bill.iter().sum(),
        unpaid,
        units,
        shared,
        by_work,
    };
    ctx.report
        .chronicle
        .push(Entry::Workplace(Box::new(record)));
}

/// The workers' meeting: the share θ of the output they settle to divide by what each made.
/// Each starts for it (1) if it gives them more than an equal share, against (0) if less,
/// and ½ if the same; θ is those views weighed by the room's social power.
fn settle(state: &State, workers: &[MemberId], made: &[u64]) -> f64 {
    let total: u64 = made.iter().sum();
    if workers.is_empty() || total == 0 {
        return 0.0;
    }
    let n = workers.len() as u64;
    let x: Vec<f64> = made
        .iter()
        .map(|&m| match (m * n).cmp(&total) {
            std::cmp::Ordering::Greater => 1.0,
            std::cmp::Ordering::Less => 0.0,
            std::cmp::Ordering::Equal => 0.5,
        })
        .collect();
    let room = Room::new(
        &state.params.meeting,
        state.policy.decision_rule,
        state.policy.facilitation,
        workers.len(),
        |i| {
            let m = &state.members[workers[i]];
            Person {
                marks: &m.marks,
                charisma: m.charisma,
                dominance: m.dominance,
                standing: m.standing,
            }
        },
    );
    let theta: f64 = room.power().iter().zip(&x).map(|(p, x)| p * x).sum();
    theta.clamp(0.0, 1.0)
}

/// Divide `units` by weights: each takes the whole units of their part, and the units left go
/// one each to the largest remainders (the first of equals). Zero weights take nothing.
pub fn divide(units: u32, weights: &[(MemberId, f64)]) -> Vec<(MemberId, u32)> {
    let total: f64 = weights.iter().map(|w| w.1.max(0.0)).sum();
    if units == 0 || total <= 0.0 {
        return Vec::new();
    }
    let parts: Vec<f64> = weights
        .iter()
        .map(|w| units as f64 * w.1.max(0.0) / total)
        .collect();
    let mut out: Vec<u32> = parts.iter().map(|p| *p as u32).collect();
    let mut left = units.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..parts.len()).filter(|&i| weights[i].1 > 0.0).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (parts[a] - out[a] as f64, parts[b] - out[b] as f64);
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(order.len() * 2) {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    weights
        .iter()
        .zip(out)
        .map(|(w, u)| (w.0, u))
        .filter(|w| w.1 > 0)
        .collect()
}

#[cfg(test)]
mod tests;
