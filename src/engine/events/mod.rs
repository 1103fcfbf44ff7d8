//! Storylets in play (DESIGN §7): drawn from their own seeded stream, applied as data.
//!
//! At the start of a turn, timed effects that ran out are undone, the answers to last
//! turn's choices are applied (an unanswered one takes its first choice, and the chronicle
//! says so), then automatic storylets are drawn and applied. After the turn resolves,
//! storylets with choices are drawn and wait in `EventsState::pending` for the player's
//! `Command::Choose`, so the player sees them before ending the next turn.

pub mod check;
pub mod cond;
pub(crate) mod draw;
pub mod effect;
pub mod path;
pub mod text;
pub mod words;

use crate::engine::command::CommandError;
use crate::engine::ctx::TurnCtx;
use crate::engine::report::events::{Answer, How, Lapse, Offer, StoryRecord};
use crate::engine::report::{Entry, TurnReport};
use crate::engine::rng;
use crate::engine::state::State;
use crate::engine::state::events::{Bindings, Pending, Streak, Timed, Timer};
use crate::engine::types::{GoodId, MemberId};
use crate::engine::world::World;
use crate::engine::world::story::Storylet;

use cond::Scope;

/// Percentage of normal output of good `g` by member `m` under the shocks in force.
pub fn output_pct(state: &State, m: MemberId, g: GoodId) -> u64 {
    let mut pct = 100u64;
    for t in &state.events.timers {
        if let Timed::Output {
            members,
            good,
            percent,
        } = &t.what
            && good.is_none_or(|x| x == g)
            && members.as_ref().is_none_or(|ms| ms.contains(&m))
        {
            pct = pct * *percent as u64 / 100;
        }
    }
    pct
}

/// The start of a turn: undo what ran out, apply last turn's answers, draw automatic storylets.
/// Returns what the draws learnt that still holds for the turn's `finish`.
pub(crate) fn start(ctx: &mut TurnCtx) -> draw::Memo {
    let world = ctx.world;
    let now = ctx.turn;
    lapse(ctx.state, now, &mut ctx.report.chronicle);
    for p in std::mem::take(&mut ctx.state.events.pending) {
        resolve(world, ctx.state, now, p, &mut ctx.report.chronicle);
    }
    let ep = ctx.state.params.events.clone();
    let mut memo = draw::Memo::default();
    for slot in 0..ep.per_turn {
        let mut rng = ctx.rng("events", slot as u64);
        let drawn = draw::one(
            world,
            ctx.state,
            false,
            ep.quiet_weight,
            &mut rng,
            &mut memo,
        );
        let Some((i, roles)) = drawn else {
            continue;
        };
        let s = &world.scenario.storylets[i];
        ctx.state.events.fired.insert(s.id.clone(), now);
        memo.fired(world, i, now);
        let rec = apply(world, ctx.state, now, i, roles, None);
        ctx.report.chronicle.push(Entry::Storylet(Box::new(rec)));
    }
    memo.after_turn()
}

/// After a turn resolves: remember streaks and figures, then draw the choices for the next turn,
/// with the memo the turn's `start` returned.
pub(crate) fn finish(
    world: &World,
    state: &mut State,
    report: &mut TurnReport,
    mut memo: draw::Memo,
) {
    update_streaks(state, report);
    match &mut state.events.metrics {
        Some(m) => m.clone_from(&report.metrics),
        None => state.events.metrics = Some(report.metrics.clone()),
    }
    if state.ended {
        return;
    }
    let now = state.turn + 1;
    let ep = state.params.events.clone();
    for slot in 0..ep.choices_per_turn {
        let mut rng = rng::stream(state.seed, "events", report.turn, 1_000 + slot as u64);
        let Some((i, roles)) = draw::one(world, state, true, ep.quiet_weight, &mut rng, &mut memo)
        else {
            continue;
        };
        let s = &world.scenario.storylets[i];
        state.events.fired.insert(s.id.clone(), now);
        memo.fired(world, i, now);
        let scope = Scope {
            world,
            state,
            roles: &roles,
        };
        let texts = &world.checks()[i].texts;
        let pending = Pending {
            storylet: s.id.clone(),
            title: texts.title.render(&scope, None),
            text: texts.text.render(&scope, None),
            choices: (texts.choices.iter())
                .map(|(label, _)| label.render(&scope, None))
                .collect(),
            roles: roles.clone(),
            answer: None,
            turn: now,
        };
        report.chronicle.push(Entry::Offered(Box::new(Offer {
            storylet: pending.storylet.clone(),
            title: pending.title.clone(),
            text: pending.text.clone(),
            choices: pending.choices.clone(),
        })));
        state.events.pending.push(pending);
    }
}

/// Record the player's answer to a waiting storylet; it is applied when the turn ends.
pub fn choose(
    world: &World,
    state: &mut State,
    storylet: &str,
    choice: u32,
) -> Result<(), CommandError> {
    let i = state
        .events
        .pending
        .iter()
        .position(|p| p.storylet == storylet)
        .ok_or_else(|| CommandError::NotPending(storylet.to_string()))?;
    let def = world
        .scenario
        .storylets
        .iter()
        .find(|s| s.id == storylet)
        .ok_or_else(|| CommandError::NotPending(storylet.to_string()))?;
    let p = &state.events.pending[i];
    if choice as usize >= def.choices.len() {
        return Err(CommandError::ChoiceUnavailable(format!(
            "`{storylet}` has {} choices; there is no choice {choice}",
            def.choices.len()
        )));
    }
    if !is_open(world, state, def, &p.roles, choice as usize) {
        return Err(CommandError::ChoiceUnavailable(format!(
            "“{}” is not open now",
            p.choices[choice as usize]
        )));
    }
    state.events.pending[i].answer = Some(choice);
    Ok(())
}

/// Whether choice `c` of a waiting storylet is open in the current state.
pub fn choice_open(world: &World, state: &State, pending: &Pending, c: usize) -> bool {
    world
        .scenario
        .storylets
        .iter()
        .find(|s| s.id == pending.storylet)
        .is_some_and(|def| c < def.choices.len() && is_open(world, state, def, &pending.roles, c))
}

/// What a choice that is not open waits for, in words ("medicine is shared by Exchange");
/// `None` when it is open.
pub fn choice_waits_for(
    world: &World,
    state: &State,
    pending: &Pending,
    c: usize,
) -> Option<String> {
    let def = world
        .scenario
        .storylets
        .iter()
        .find(|s| s.id == pending.storylet)?;
    let scope = Scope {
        world,
        state,
        roles: &pending.roles,
    };
    words::missing(def.choices.get(c)?.when.as_ref()?, &scope)
}

fn is_open(world: &World, state: &State, def: &Storylet, roles: &Bindings, c: usize) -> bool {
    let scope = Scope {
        world,
        state,
        roles,
    };
    def.choices[c]
        .when
        .as_ref()
        .is_none_or(|w| cond::holds(w, &scope))
}

/// Apply a waiting storylet's answer (or its first choice) at the start of turn `now`.
fn resolve(world: &World, state: &mut State, now: u32, p: Pending, out: &mut Vec<Entry>) {
    let storylets = &world.scenario.storylets;
    let Some(i) = storylets.iter().position(|s| s.id == p.storylet) else {
        return;
    };
    let def = &storylets[i];
    let (index, how) = match p.answer {
        Some(a) if is_open(world, state, def, &p.roles, a as usize) => (a, How::Chosen),
        Some(a) => (0, How::FellBack { wanted: a }),
        None => (0, How::Unanswered),
    };
    let rec = apply(world, state, now, i, p.roles, Some((index, how)));
    out.push(Entry::Storylet(Box::new(rec)));
}

/// Apply storylet `i`'s effects (and a choice's), returning its chronicle record.
fn apply(
    world: &World,
    state: &mut State,
    now: u32,
    i: usize,
    roles: Bindings,
    choice: Option<(u32, How)>,
) -> StoryRecord {
    let def = &world.scenario.storylets[i];
    let texts = &world.checks()[i].texts;
    let scope = Scope {
        world,
        state,
        roles: &roles,
    };
    let title = texts.title.render(&scope, None);
    let mut involved = Vec::new();
    let story = texts.text.render(&scope, Some(&mut involved));
    let answer = choice.and_then(|(index, how)| {
        let (label, text) = texts.choices.get(index as usize)?;
        Some(Answer {
            index,
            label: label.render(&scope, None),
            text: text.render(&scope, Some(&mut involved)),
            how,
        })
    });
    let mut happened = Vec::new();
    let chosen = answer
        .as_ref()
        .and_then(|a| def.choices.get(a.index as usize))
        .map(|c| c.effects.as_slice())
        .unwrap_or_default();
    for e in def.effects.iter().chain(chosen) {
        effect::apply(world, state, now, &roles, e, &mut happened);
    }
    involved.extend(roles.iter().flat_map(|(_, ms)| ms.iter().copied()));
    for h in &happened {
        h.add_members(&mut involved);
    }
    involved.sort_unstable();
    involved.dedup();
    StoryRecord {
        storylet: def.id.clone(),
        title,
        text: story,
        roles,
        answer,
        happened,
        involved,
    }
}

/// Undo the timed effects that end at the start of turn `now`.
fn lapse(state: &mut State, now: u32, out: &mut Vec<Entry>) {
    let (done, keep): (Vec<Timer>, Vec<Timer>) = std::mem::take(&mut state.events.timers)
        .into_iter()
        .partition(|t| t.ends <= now);
    state.events.timers = keep;
    for t in done {
        match &t.what {
            Timed::Flag(f) => {
                state.flags.remove(f);
            }
            Timed::Need {
                member,
                good,
                amount,
                priority,
                label,
            } => {
                if let Some(m) = state.members.get(*member)
                    && let Some(i) = m.needs.iter().position(|n| {
                        n.good == *good
                            && n.amount == *amount
                            && n.priority == *priority
                            && n.label == *label
                    })
                {
                    effect::remove_need(state, *member, i);
                }
            }
            Timed::Output { .. } => {}
            Timed::Param { path, old } => {
                // The path was checked when the change was made; a failure leaves the value.
                let _ = path::set(&mut state.params, path, *old);
            }
        }
        if !matches!(t.what, Timed::Flag(_)) {
            out.push(Entry::Lapsed(Box::new(Lapse { what: t.what })));
        }
    }
}

/// Count, per member and good needed, the turns running that the need was met or not.
fn update_streaks(state: &mut State, report: &TurnReport) {
    // One pair of buffers for every member; each member's streaks are rewritten in place.
    let mut goods: Vec<(GoodId, bool)> = Vec::new();
    let mut new: Vec<Streak> = Vec::new();
    let next = |good, met, before: Option<&Streak>| {
        let (m0, u0) = before.map_or((0, 0), |s| (s.met, s.unmet));
        Streak {
            good,
            met: if met { m0.saturating_add(1) } else { 0 },
            unmet: if met { 0 } else { u0.saturating_add(1) },
        }
    };
    for r in &report.members {
        let Some(row) = state.events.streaks.get_mut(r.member) else {
            continue;
        };
        // The usual case: one need a good, in the order of the goods, and the goods of last
        // turn: these are the goods gathered below, and each streak is its own `before`.
        let mut before = None;
        let mut ascending = |g: GoodId| {
            let up = before < Some(g);
            before = Some(g);
            up
        };
        if r.needs.len() == row.len()
            && r.needs
                .iter()
                .zip(row.iter())
                .all(|(o, s)| o.good == s.good && ascending(o.good))
        {
            for (s, o) in row.iter_mut().zip(&r.needs) {
                *s = next(o.good, o.met >= o.needed, Some(s));
            }
            continue;
        }
        goods.clear();
        for o in &r.needs {
            let met = o.met >= o.needed;
            match goods.iter_mut().find(|(g, _)| *g == o.good) {
                Some(e) => e.1 &= met,
                None => goods.push((o.good, met)),
            }
        }
        goods.sort_by_key(|e| e.0);
        if row.len() == goods.len() && row.iter().zip(&goods).all(|(s, g)| s.good == g.0) {
            // The goods of last turn (the usual case): each streak is its own `before`.
            for (s, &(good, met)) in row.iter_mut().zip(&goods) {
                *s = next(good, met, Some(s));
            }
            continue;
        }
        new.clear();
        new.extend(
            goods
                .iter()
                .map(|&(good, met)| next(good, met, row.iter().find(|s| s.good == good))),
        );
        row.clear();
        row.extend_from_slice(&new);
    }
}
