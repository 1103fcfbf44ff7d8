//! What needs the player's attention, most urgent first, each pointing at the screen that
//! explains it.

use crate::engine::world::story::Test;
use crate::engine::{Command, GoodId, MemberId, Priority, Regime};
use crate::story::objectives::Status;
use crate::tui::msg::Tab;
use crate::tui::session::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Someone went without a survival need, or is in crisis.
    Bad,
    /// A need went unmet, someone is isolated.
    Warn,
    /// Something to know.
    Info,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub level: Level,
    pub text: String,
    /// Where to look.
    pub tab: Tab,
    pub member: Option<MemberId>,
    pub good: Option<GoodId>,
}

/// A member's short name (`World::short_name`), for short lists.
pub fn first_name(session: &Session, m: MemberId) -> &str {
    session.world().short_name(m)
}

/// The items of the game as it stands; in a `replay` they say what was, not what to press.
pub fn items(session: &Session, replay: bool) -> Vec<Item> {
    let world = session.world();
    let state = session.game().state();
    let mut out = Vec::new();
    let Some(r) = session.last() else {
        out.push(Item {
            level: Level::Info,
            text: if replay {
                "The start of the game: nothing has happened yet. Space plays the replay, → \
                 steps a turn."
                    .to_string()
            } else {
                format!(
                    "Nothing has happened yet. Look around (1–7), set the Policy (7), then \
                     press n to play {}.",
                    session.turn_name(1).to_lowercase()
                )
            },
            tab: Tab::Policy,
            member: None,
            good: None,
        });
        return out;
    };
    for p in state.events.pending.iter().filter(|p| p.answer.is_none()) {
        out.push(Item {
            level: Level::Warn,
            text: if replay {
                format!(
                    "“{}” was waiting for an answer: step on (→) to see what was chosen.",
                    p.title
                )
            } else {
                format!(
                    "“{}” is waiting for your answer: press c (if the turn ends first, it \
                     takes “{}”).",
                    p.title,
                    p.choices.first().map_or("", String::as_str)
                )
            },
            tab: Tab::Chronicle,
            member: p.roles.iter().find_map(|(_, ms)| ms.first().copied()),
            good: None,
        });
    }
    out.extend(goals(session));
    let crisis = state.params.deprivation.crisis_hunger;
    for (m, ms) in state.members.iter().enumerate() {
        if ms.present && ms.hunger >= crisis {
            out.push(Item {
                level: Level::Bad,
                text: format!(
                    "{} is in crisis: hungry {} turns running, and working less for it.",
                    world.member_name(m),
                    ms.hunger
                ),
                tab: Tab::Members,
                member: Some(m),
                good: None,
            });
        }
    }
    for g in &r.goods {
        if g.unmet == 0 {
            continue;
        }
        let short: Vec<(MemberId, &crate::engine::report::NeedOutcome)> = r
            .members
            .iter()
            .flat_map(|mr| {
                mr.needs
                    .iter()
                    .filter(|o| o.good == g.good && o.met < o.needed)
                    .map(move |o| (mr.member, o))
            })
            .collect();
        let Some(&(_, first)) = short.first() else {
            continue;
        };
        let survival = short.iter().any(|(_, o)| o.priority == Priority::Survival);
        let mut names: Vec<&str> = short.iter().map(|(m, _)| first_name(session, *m)).collect();
        names.dedup();
        let who = if names.len() > 3 {
            format!("{} and {} more", names[..3].join(", "), names.len() - 3)
        } else {
            names.join(", ")
        };
        let why = first
            .why
            .first()
            .map(|w| format!(": {}", w.describe(world, g.good)))
            .unwrap_or_default();
        let regime = g.layers.first().map_or(Regime::Commons, |l| l.regime);
        out.push(Item {
            level: if survival { Level::Bad } else { Level::Warn },
            text: format!(
                "{} short of {} ({who}){why}.",
                plural(names.len(), "member"),
                world.good_name(g.good)
            ),
            // The Meeting screen has the meetings; the Market screen has every good's
            // record, gifts included.
            tab: match regime {
                Regime::Commons => Tab::Meeting,
                Regime::Exchange | Regime::Aid => Tab::Market,
            },
            member: short.first().map(|(m, _)| *m),
            good: Some(g.good),
        });
    }
    if r.metrics.isolated > 0 {
        out.push(Item {
            level: Level::Warn,
            text: format!(
                "{} with no bond strong enough to count on.",
                plural(r.metrics.isolated as usize, "member")
            ),
            tab: Tab::Bonds,
            member: None,
            good: None,
        });
    }
    // What the player has given since the turn began: answers apart from policy changes.
    let given = session
        .commands_by_turn()
        .last()
        .map_or(Vec::new(), |c| crate::tui::settings::latest(c));
    let answers = given
        .iter()
        .filter(|c| matches!(c, Command::Choose { .. }))
        .count();
    let changed = given.len() - answers;
    for (n, what, tab) in [
        (changed, "policy change", Tab::Policy),
        (answers, "storylet answer", Tab::Chronicle),
    ] {
        if n > 0 && !session.game().is_over() {
            out.push(Item {
                level: Level::Info,
                text: format!("{} waiting for the end of the turn (n).", plural(n, what)),
                tab,
                member: None,
                good: None,
            });
        }
    }
    if out.is_empty() {
        out.push(Item {
            level: Level::Info,
            text: "Every need was met last turn. Nothing needs you right now.".into(),
            tab: Tab::Members,
            member: None,
            good: None,
        });
    }
    out.sort_by_key(|i| i.level);
    out
}

/// The objectives the last turn put at risk or lost: each says why, in words.
fn goals(session: &Session) -> Vec<Item> {
    let world = session.world();
    let before = session.goals_before().unwrap_or(&[]);
    session
        .goals()
        .iter()
        .filter(|j| !j.status.good())
        .filter(|j| {
            before
                .iter()
                .find(|b| b.id == j.id)
                .is_none_or(|b| b.status < j.status)
        })
        .map(|j| {
            let member = world
                .scenario
                .meta
                .objectives
                .iter()
                .find(|o| o.id == j.id)
                .and_then(|o| match &o.test {
                    Test::NeedMet { member, .. } => world.member(member),
                    _ => None,
                });
            let (level, now) = match j.status {
                Status::Failed => (Level::Bad, "can no longer be met"),
                _ => (Level::Warn, "is now at risk"),
            };
            Item {
                level,
                text: format!("Goal “{}” {now}: {}.", j.text, j.detail),
                tab: if member.is_some() {
                    Tab::Members
                } else {
                    Tab::Overview
                },
                member,
                good: None,
            }
        })
        .collect()
}

/// "1 member", "3 members".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
