//! Applying a storylet's effects. Goods and scrip move with checked arithmetic and never
//! below zero; an effect on a member who is not present is skipped (except `Join`).

use crate::engine::events::cond::Scope;
use crate::engine::events::path;
use crate::engine::report::events::{Happened, WorkplaceChange};
use crate::engine::state::events::{Bindings, Timed, Timer};
use crate::engine::state::{NeedState, State};
use crate::engine::types::MemberId;
use crate::engine::world::World;
use crate::engine::world::scenario::Run;
use crate::engine::world::story::Effect;

/// Apply one effect at the start of turn `now`, recording what it did in `out`.
pub fn apply(
    world: &World,
    state: &mut State,
    now: u32,
    roles: &Bindings,
    e: &Effect,
    out: &mut Vec<Happened>,
) {
    let who = |state: &State, name: &str| -> Vec<MemberId> {
        let scope = Scope {
            world,
            state,
            roles,
        };
        scope
            .members(name)
            .iter()
            .copied()
            .filter(|&m| state.members[m].present)
            .collect()
    };
    let good = |id: &str| world.good(id);
    match e {
        Effect::Pool { good: g, amount } => {
            let Some(g) = good(g) else { return };
            let pool = &mut state.goods[g].pool;
            let before = *pool;
            *pool = add_signed(*pool, *amount);
            out.push(Happened::Pool {
                good: g,
                delta: *pool as i64 - before as i64,
            });
        }
        Effect::Holdings {
            who: w,
            good: g,
            amount,
        } => {
            let Some(g) = good(g) else { return };
            for m in who(state, w) {
                let h = &mut state.members[m].holdings[g];
                let before = *h;
                *h = add_signed(*h, *amount);
                out.push(Happened::Holdings {
                    member: m,
                    good: g,
                    delta: *h as i64 - before as i64,
                });
            }
        }
        Effect::Transfer {
            from,
            to,
            good: g,
            amount,
        } => {
            let Some(g) = good(g) else { return };
            let sources: Vec<Option<MemberId>> = if from == "pool" {
                vec![None]
            } else {
                who(state, from).into_iter().map(Some).collect()
            };
            for src in sources {
                for dst in who(state, to) {
                    if src == Some(dst) {
                        continue;
                    }
                    let held = match src {
                        None => &mut state.goods[g].pool,
                        Some(s) => &mut state.members[s].holdings[g],
                    };
                    let units = (*amount).min(*held);
                    *held -= units;
                    let h = &mut state.members[dst].holdings[g];
                    *h = h.saturating_add(units);
                    out.push(Happened::Moved {
                        from: src,
                        to: dst,
                        good: g,
                        units,
                        asked: *amount,
                    });
                }
            }
        }
        Effect::Scrip { who: w, amount } => {
            for m in who(state, w) {
                let s = &mut state.members[m].scrip;
                let before = *s;
                *s = if *amount >= 0 {
                    s.saturating_add(amount.unsigned_abs())
                } else {
                    s.saturating_sub(amount.unsigned_abs())
                };
                out.push(Happened::Scrip {
                    member: m,
                    delta: (*s as i128 - before as i128).clamp(i64::MIN as i128, i64::MAX as i128)
                        as i64,
                });
            }
        }
        Effect::Pay { from, to, amount } => {
            for src in who(state, from) {
                for dst in who(state, to) {
                    if src == dst {
                        continue;
                    }
                    let paid = (*amount).min(state.members[src].scrip);
                    state.members[src].scrip -= paid;
                    let s = &mut state.members[dst].scrip;
                    *s = s.saturating_add(paid);
                    out.push(Happened::Paid {
                        from: src,
                        to: dst,
                        amount: paid,
                        asked: *amount,
                    });
                }
            }
        }
        Effect::AddNeed {
            who: w,
            good: g,
            amount,
            priority,
            label,
            tags,
            turns,
        } => {
            let Some(g) = good(g) else { return };
            for m in who(state, w) {
                state.members[m].needs.push(NeedState {
                    good: g,
                    amount: *amount,
                    priority: *priority,
                    label: label.clone(),
                    tags: tags.clone(),
                });
                if let Some(t) = turns {
                    state.events.timers.push(Timer {
                        ends: now.saturating_add(*t),
                        what: Timed::Need {
                            member: m,
                            good: g,
                            amount: *amount,
                            priority: *priority,
                            label: label.clone(),
                        },
                    });
                }
                out.push(Happened::NeedAdded {
                    member: m,
                    good: g,
                    amount: *amount,
                    priority: *priority,
                    label: label.clone(),
                    turns: *turns,
                });
            }
        }
        Effect::RemoveNeed {
            who: w,
            good: g,
            label,
        } => {
            let Some(g) = good(g) else { return };
            for m in who(state, w) {
                let mut removed = 0;
                // From the last, so the indices still to visit do not move.
                for i in (0..state.members[m].needs.len()).rev() {
                    let n = &state.members[m].needs[i];
                    if n.good == g && label.as_ref().is_none_or(|l| *l == n.label) {
                        remove_need(state, m, i);
                        removed += 1;
                    }
                }
                out.push(Happened::NeedRemoved {
                    member: m,
                    good: g,
                    removed,
                });
            }
        }
        Effect::Bond { a, b, delta } => {
            let (xs, ys) = (who(state, a), who(state, b));
            let mut pairs: Vec<(MemberId, MemberId)> = xs
                .iter()
                .flat_map(|&x| ys.iter().map(move |&y| (x.min(y), x.max(y))))
                .filter(|(x, y)| x != y)
                .collect();
            pairs.sort_unstable();
            pairs.dedup();
            for &(x, y) in &pairs {
                state.bonds.add(x, y, *delta);
            }
            out.push(Happened::Bonds {
                pairs,
                delta: *delta,
            });
        }
        Effect::Standing { who: w, delta } => {
            for m in who(state, w) {
                let s = &mut state.members[m].standing;
                let before = *s;
                *s = (*s + delta).clamp(0.0, 1.0);
                out.push(Happened::Standing {
                    member: m,
                    before,
                    after: *s,
                });
            }
        }
        Effect::SetFlag { flag, turns } => {
            state.flags.insert(flag.clone());
            state
                .events
                .timers
                .retain(|t| t.what != Timed::Flag(flag.clone()));
            if let Some(t) = turns {
                state.events.timers.push(Timer {
                    ends: now.saturating_add(*t),
                    what: Timed::Flag(flag.clone()),
                });
            }
            out.push(Happened::Flag {
                flag: flag.clone(),
                set: true,
            });
        }
        Effect::ClearFlag(flag) => {
            state.flags.remove(flag);
            state
                .events
                .timers
                .retain(|t| t.what != Timed::Flag(flag.clone()));
            out.push(Happened::Flag {
                flag: flag.clone(),
                set: false,
            });
        }
        Effect::OpenVenue(id) | Effect::CloseVenue(id) => {
            let open = matches!(e, Effect::OpenVenue(_));
            let Some(v) = world.scenario.meta.venues.iter().position(|v| v.id == *id) else {
                return;
            };
            if let Some(vs) = state.venues.get_mut(v) {
                vs.open = open;
                out.push(Happened::Venue { venue: v, open });
            }
        }
        Effect::OpenWorkplace(id)
        | Effect::CloseWorkplace(id)
        | Effect::RunBy { workplace: id, .. }
        | Effect::Wage { workplace: id, .. }
        | Effect::Strike { workplace: id, .. } => {
            let Some(w) = world.workplace(id).filter(|&w| w < state.workplaces.len()) else {
                return;
            };
            let ws = &mut state.workplaces[w];
            let change = match e {
                Effect::RunBy { by, .. } => {
                    let def = &world.workplaces[w];
                    let declared = match by {
                        Run::Owner => def.owner.is_some(),
                        Run::Shares => !def.shares.is_empty(),
                        Run::Workers => true,
                    };
                    if !declared {
                        return;
                    }
                    ws.run_by = *by;
                    WorkplaceChange::RunBy(*by)
                }
                Effect::Wage { wage, .. } => {
                    ws.wage = *wage;
                    WorkplaceChange::Wage(*wage)
                }
                Effect::Strike { turns, .. } => {
                    ws.called = *turns;
                    WorkplaceChange::Strike(*turns)
                }
                _ => {
                    ws.open = matches!(e, Effect::OpenWorkplace(_));
                    WorkplaceChange::Open(ws.open)
                }
            };
            out.push(Happened::Workplace {
                workplace: w,
                change,
            });
        }
        Effect::Work {
            who: w,
            good: g,
            percent,
        } => {
            let Some(g) = good(g) else { return };
            for m in who(state, w) {
                set_work(&mut state.members[m].work, g, (*percent).min(100));
                out.push(Happened::Work {
                    member: m,
                    good: g,
                    percent: (*percent).min(100),
                });
            }
        }
        Effect::Skill {
            who: w,
            good: g,
            delta,
        } => {
            let Some(g) = good(g) else { return };
            for m in who(state, w) {
                let s = &mut state.members[m].skills[g];
                let before = *s;
                *s = add_signed(*s, *delta);
                out.push(Happened::Skill {
                    member: m,
                    good: g,
                    before,
                    after: *s,
                });
            }
        }
        Effect::Join(id) => {
            let Some(m) = world.member(id) else { return };
            if !state.members[m].present {
                state.members[m].present = true;
                out.push(Happened::Joined(m));
            }
        }
        Effect::Leave(w) => {
            for m in who(state, w) {
                state.members[m].present = false;
                out.push(Happened::Left(m));
            }
        }
        Effect::SetRegime {
            good: g,
            regime,
            fallback,
        } => {
            let Some(g) = good(g) else { return };
            let fallback = fallback.filter(|f| f != regime);
            state.goods[g].regime = *regime;
            state.goods[g].fallback = fallback;
            out.push(Happened::Regime {
                good: g,
                regime: *regime,
                fallback,
            });
        }
        Effect::SetRule(rule) => {
            state.policy.decision_rule = *rule;
            out.push(Happened::Rule(*rule));
        }
        Effect::SetFacilitation(f) => {
            state.policy.facilitation = *f;
            out.push(Happened::Facilitation(*f));
        }
        Effect::Output {
            who: w,
            good: g,
            percent,
            turns,
        } => {
            let members = w.as_ref().map(|w| who(state, w));
            let g = match g {
                Some(id) => match good(id) {
                    Some(g) => Some(g),
                    None => return,
                },
                None => None,
            };
            state.events.timers.push(Timer {
                ends: now.saturating_add(*turns),
                what: Timed::Output {
                    members: members.clone(),
                    good: g,
                    percent: *percent,
                },
            });
            out.push(Happened::Output {
                members,
                good: g,
                percent: *percent,
                turns: *turns,
            });
        }
        Effect::Param {
            path: p,
            value,
            turns,
        } => match path::set(&mut state.params, p, *value) {
            Ok(before) => {
                let active = state
                    .events
                    .timers
                    .iter_mut()
                    .find(|t| matches!(&t.what, Timed::Param { path, .. } if path == p));
                match (active, turns) {
                    // Already changed for some turns: the first change's old value is kept.
                    (Some(t), Some(n)) => t.ends = t.ends.max(now.saturating_add(*n)),
                    (Some(_), None) => state
                        .events
                        .timers
                        .retain(|t| !matches!(&t.what, Timed::Param { path, .. } if path == p)),
                    (None, Some(n)) => state.events.timers.push(Timer {
                        ends: now.saturating_add(*n),
                        what: Timed::Param {
                            path: p.clone(),
                            old: before,
                        },
                    }),
                    (None, None) => {}
                }
                out.push(Happened::Param {
                    path: p.clone(),
                    before,
                    after: path::get(&state.params, p).unwrap_or(*value),
                    turns: *turns,
                });
            }
            Err(why) => out.push(Happened::ParamRefused {
                path: p.clone(),
                why,
            }),
        },
        Effect::EndGame => {
            state.ended = true;
            out.push(Happened::Ended);
        }
    }
}

/// Remove need `i` of member `m`, keeping what refers to needs by index in step.
pub fn remove_need(state: &mut State, m: MemberId, i: usize) {
    state.members[m].needs.remove(i);
    state.market.need_removed(m, i);
}

/// `x + d`, held within `0..=u32::MAX`.
fn add_signed(x: u32, d: i64) -> u32 {
    (x as i64).saturating_add(d).clamp(0, u32::MAX as i64) as u32
}

/// Give good `g` `percent` of the working time; the member's other lines share what is left
/// of the time they worked before, in proportion (closing a line gives its time back to them).
pub fn set_work(work: &mut [u32], g: usize, percent: u32) {
    let total_before: u32 = work.iter().map(|&w| w.min(100)).sum::<u32>().min(100);
    let others: u32 = work
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != g)
        .map(|(_, &w)| w)
        .sum();
    work[g] = percent;
    let rest = total_before.max(percent).min(100) - percent;
    if others == 0 {
        return;
    }
    // The remainder of the rounding goes to the largest other line (the first of equals).
    let largest = (0..work.len())
        .filter(|&i| i != g && work[i] > 0)
        .max_by_key(|&i| (work[i], std::cmp::Reverse(i)));
    let mut given = 0;
    for (i, w) in work.iter_mut().enumerate() {
        if i != g {
            *w = (*w as u64 * rest as u64 / others as u64) as u32;
            given += *w;
        }
    }
    if let Some(l) = largest {
        work[l] += rest - given;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_shares_stay_within_the_day() {
        let mut w = vec![100, 0, 0];
        set_work(&mut w, 1, 40);
        assert_eq!(w, vec![60, 40, 0]);
        set_work(&mut w, 2, 10);
        assert_eq!(w.iter().sum::<u32>(), 100);
        assert_eq!(w[2], 10);
        set_work(&mut w, 1, 0);
        assert_eq!(w.iter().sum::<u32>(), 100);
        assert_eq!(w, vec![85, 0, 15]);
        let mut idle = vec![0, 0];
        set_work(&mut idle, 0, 50);
        assert_eq!(idle, vec![50, 0]);
    }
}
