//! The community's figures after a turn (DESIGN §8): needs, poverty, inequality and
//! cohesion. The institutions add their own (`aid::measure`, `market::measure`, the
//! meetings' `Session::measure`).

use crate::engine::metrics::{GroupMet, Metrics, cohesion_and_bridging, gini_of};
use crate::engine::report::MemberReport;
use crate::engine::state::{MemberState, State};
use crate::engine::types::{Mark, MemberId, Priority};
use crate::engine::world::World;

/// What the measures keep from turn to turn (`turn::Carry`; nothing the next turn's figures
/// depend on): the present members in the order of last turn's wellbeing and of last turn's
/// wealth, and lists. A Gini sorts its values, and values given in about their sorted order
/// sort in about one comparison each, where a village's in member order took a quarter of
/// their number squared.
#[derive(Debug, Default)]
pub struct Kept {
    by_wellbeing: Vec<(f64, MemberId)>,
    by_wealth: Vec<(f64, MemberId)>,
    present: Vec<MemberId>,
    values: Vec<f64>,
    prices: Vec<u64>,
    sums: Vec<[(f64, u32); 2]>,
}

/// Measure the state after a turn, given the members' reports of that turn and what the
/// measures kept from the last.
pub fn community(
    world: &World,
    state: &State,
    members: &[MemberReport],
    kept: &mut Kept,
) -> Metrics {
    let mut present = std::mem::take(&mut kept.present);
    present.clear();
    present.extend(state.present());
    let m = measure(world, state, members, &present, kept);
    kept.present = present;
    m
}

/// `community` of the `present` members.
fn measure(
    world: &World,
    state: &State,
    members: &[MemberReport],
    present: &[MemberId],
    kept: &mut Kept,
) -> Metrics {
    let wp = &state.params.wellbeing;
    let n = present.len();
    let mut m = Metrics {
        present: n as u32,
        ..Metrics::default()
    };
    if n == 0 {
        return m;
    }
    // Needs and poverty.
    let (mut surv_need, mut surv_met) = (0u64, 0u64);
    let (mut poor, mut deprivation) = (0usize, 0.0f64);
    for r in members {
        let total_w: f64 = r
            .needs
            .iter()
            .filter(|o| o.needed > 0)
            .map(|o| wp.weights[o.priority.index()])
            .sum();
        let mut c = 0.0;
        for o in &r.needs {
            if o.priority == Priority::Survival {
                surv_need += o.needed as u64;
                surv_met += o.met as u64;
            }
            if o.needed > 0 && o.met < o.needed && total_w > 0.0 {
                c += wp.weights[o.priority.index()] / total_w;
            }
        }
        if c >= wp.poverty_cutoff && c > 0.0 {
            poor += 1;
            deprivation += c;
        }
    }
    m.needs_met = mean(members.iter().map(|r| r.met));
    m.survival_met = if surv_need == 0 {
        1.0
    } else {
        surv_met as f64 / surv_need as f64
    };
    m.poverty_headcount = poor as f64 / n as f64;
    m.m0 = deprivation / n as f64;
    // Wellbeing.
    m.mean_wellbeing = mean(present.iter().map(|&i| state.members[i].wellbeing));
    let (worst, worst_wb) = present
        .iter()
        .map(|&i| (i, state.members[i].wellbeing))
        .fold((present[0], f64::INFINITY), |acc, x| {
            if x.1 < acc.1 { x } else { acc }
        });
    m.worst_off = Some(worst);
    m.worst_wellbeing = worst_wb;
    let Kept {
        by_wellbeing,
        by_wealth,
        values,
        prices,
        sums,
        ..
    } = kept;
    m.gini_wellbeing = gini_in_order(by_wellbeing, present, state, values, |mem| mem.wellbeing);
    // Each good's price once (the last, else its base cost).
    prices.clear();
    prices.extend(
        (state.goods.iter().zip(&world.goods))
            .map(|(gs, g)| gs.last_price.unwrap_or(g.base_cost) as u64),
    );
    let prices = &*prices;
    m.gini_wealth = gini_in_order(by_wealth, present, state, values, |mem| {
        let goods: u64 = mem
            .holdings
            .iter()
            .zip(prices)
            .map(|(&h, &price)| h as u64 * price)
            .sum();
        (goods + mem.scrip) as f64
    });
    m.money_supply = state.members.iter().map(|x| x.scrip).sum();
    // Cohesion.
    let (c, bridging) = cohesion_and_bridging(
        &state.bonds,
        present,
        |a, d| state.members[a].marks[d],
        world.scenario.meta.dimensions.len(),
    );
    m.bond_density = c.density;
    m.clustering = c.clustering;
    m.isolated = c.isolated;
    m.bridging = bridging;
    m.ei_index = mean(m.bridging.iter().map(|b| b.ei));
    // Groups.
    // Every group's sum in one pass over the members, each in member order as `mean` sums.
    let dimensions = world.scenario.meta.dimensions.len();
    sums.clear();
    sums.resize(dimensions, [(0.0, 0u32); 2]);
    for r in members {
        for (s, &mark) in sums
            .iter_mut()
            .zip(&state.members[r.member].marks[..dimensions])
        {
            let s = &mut s[(mark == Mark::Low) as usize];
            s.0 += r.met;
            s.1 += 1;
        }
    }
    m.groups.reserve(2 * dimensions);
    for (d, &sums) in sums.iter().enumerate() {
        for (mark, (met, count)) in [Mark::High, Mark::Low].into_iter().zip(sums) {
            if count > 0 {
                m.groups.push(GroupMet {
                    dimension: d,
                    mark,
                    members: count,
                    needs_met: met / count as f64,
                });
            }
        }
    }
    m
}

/// `gini_of` the `present` members' `value`s, given in `order`'s order: last turn's, if the
/// same members are present (else theirs), left sorted by this turn's for the next (a stable
/// sort: about one comparison a value when the order holds, a village's by insertion).
/// `values` is scratch. The figure is `gini_of`'s whatever the order: it sorts them.
fn gini_in_order(
    order: &mut Vec<(f64, MemberId)>,
    present: &[MemberId],
    state: &State,
    values: &mut Vec<f64>,
    value: impl Fn(&MemberState) -> f64,
) -> f64 {
    let members = &state.members;
    let same = order.len() == present.len()
        && order
            .iter()
            .all(|&(_, i)| members.get(i).is_some_and(|m| m.present));
    if !same {
        order.clear();
        order.extend(present.iter().map(|&i| (0.0, i)));
    }
    for e in order.iter_mut() {
        e.0 = value(&members[e.1]);
    }
    order.sort_by(|x, y| x.0.total_cmp(&y.0));
    values.clear();
    values.extend(order.iter().map(|e| e.0));
    gini_of(values)
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let (mut s, mut n) = (0.0, 0usize);
    for x in xs {
        s += x;
        n += 1;
    }
    if n == 0 { 0.0 } else { s / n as f64 }
}
