//! Crises that begin in a turn, found in its report: hardship a storylet brought (output cut,
//! an illness, a member leaving or about to), and shortages that leave someone without what
//! they need to live or to stay well. Each says what happened, who it touches and why, in the engine's own
//! explanations (a need's reasons, a storylet's effects), so the terminal game can stop the
//! turn on a card. Pure: nothing here names a member or a storylet.

use crate::engine::report::events::Happened;
use crate::engine::report::{Entry, NeedOutcome, TurnReport};
use crate::engine::state::State;
use crate::engine::types::{GoodId, MemberId, Priority};
use crate::engine::world::World;
use crate::engine::world::story::Effect;

/// What kind of crisis, most pressing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A waiting storylet one of whose answers sends a member away.
    Leaving,
    /// A member left the community.
    Left,
    /// A member went hungry long enough to be in crisis.
    Hunger,
    /// Members went newly without a survival need.
    Shortage,
    /// A storylet added a timed health (or survival) need: an illness.
    Illness,
    /// A storylet cut output: a drought, a blight.
    Hardship,
}

/// One crisis, as the card shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Crisis {
    pub kind: Kind,
    pub title: String,
    /// What happened, in a sentence or a storylet's text.
    pub what: String,
    /// Who it touches, in the community's order.
    pub who: Vec<MemberId>,
    /// Why, in the engine's explanations (at most three).
    pub causes: Vec<String>,
    /// The good it is about, when there is one (a regime the player could change).
    pub good: Option<GoodId>,
    /// The storylet waiting for the player's answer about it.
    pub storylet: Option<String>,
}

/// Causes shown at most.
const CAUSES: usize = 3;

/// The crises `report` began, given the report before it (`None` on the first turn) and
/// the state after the turn (its waiting storylets).
pub fn begun(
    world: &World,
    state: &State,
    before: Option<&TurnReport>,
    report: &TurnReport,
) -> Vec<Crisis> {
    let mut out = Vec::new();
    for e in &report.chronicle {
        match e {
            Entry::Storylet(rec) => out.extend(from_story(world, report, rec)),
            Entry::Offered(o) => {
                let Some(p) = state
                    .events
                    .pending
                    .iter()
                    .find(|p| p.storylet == o.storylet)
                else {
                    continue;
                };
                let who = leaving(world, &o.storylet, &p.roles);
                if who.is_empty() {
                    continue;
                }
                let mut causes = Vec::new();
                for &m in &who {
                    let hunger = state.members.get(m).map_or(0, |x| x.hunger);
                    if hunger > 0 {
                        causes.push(format!(
                            "{} has gone hungry {}",
                            world.member_name(m),
                            months(hunger)
                        ));
                    }
                    causes.extend(grouped(world, unmet(world, report, m, None)));
                }
                out.push(Crisis {
                    kind: Kind::Leaving,
                    title: o.title.clone(),
                    what: o.text.clone(),
                    who,
                    causes: first(causes),
                    good: None,
                    storylet: Some(o.storylet.clone()),
                });
            }
            Entry::Crisis { member, hunger } => {
                let good = short_of(report, *member, Priority::Survival)
                    .first()
                    .map(|o| o.good);
                out.push(Crisis {
                    kind: Kind::Hunger,
                    title: format!("{} is in crisis", world.member_name(*member)),
                    what: format!(
                        "{} has gone without enough to eat for {} and is working less for it.",
                        world.member_name(*member),
                        months(*hunger)
                    ),
                    who: vec![*member],
                    causes: first(grouped(world, unmet(world, report, *member, good))),
                    good,
                    storylet: None,
                });
            }
            _ => {}
        }
    }
    out.extend(shortages(world, before, report));
    out.sort_by_key(|c| c.kind);
    out
}

/// A crisis a storylet brought by its effects: someone left, an illness, output cut.
fn from_story(
    world: &World,
    report: &TurnReport,
    rec: &crate::engine::report::events::StoryRecord,
) -> Option<Crisis> {
    let h = &rec.happened;
    let left: Vec<MemberId> = h
        .iter()
        .filter_map(|x| match x {
            Happened::Left(m) => Some(*m),
            _ => None,
        })
        .collect();
    let ill: Vec<(MemberId, GoodId)> = h
        .iter()
        .filter_map(|x| match x {
            Happened::NeedAdded {
                member,
                good,
                priority,
                turns: Some(_),
                ..
            } if *priority <= Priority::Health => Some((*member, *good)),
            _ => None,
        })
        .collect();
    let cut: Option<(Option<&Vec<MemberId>>, Option<GoodId>)> = h.iter().find_map(|x| match x {
        Happened::Output {
            members,
            good,
            percent,
            ..
        } if *percent < 100 => Some((members.as_ref(), *good)),
        _ => None,
    });
    let (kind, mut who, good) = if !left.is_empty() {
        (Kind::Left, left, None)
    } else if let Some(&(_, g)) = ill.first() {
        (Kind::Illness, ill.iter().map(|x| x.0).collect(), Some(g))
    } else if let Some((members, good)) = cut {
        let who = match (members, good) {
            (Some(ms), _) => ms.clone(),
            // A good's output cut touches everyone who needs it.
            (None, Some(g)) => report
                .members
                .iter()
                .filter(|r| r.needs.iter().any(|o| o.good == g))
                .map(|r| r.member)
                .collect(),
            (None, None) => report.members.iter().map(|r| r.member).collect(),
        };
        (Kind::Hardship, who, good)
    } else {
        return None;
    };
    who.sort_unstable();
    who.dedup();
    let causes = h
        .iter()
        .filter(|x| {
            matches!(
                x,
                Happened::Left(_) | Happened::NeedAdded { .. } | Happened::Output { .. }
            )
        })
        .map(|x| x.describe(world))
        .collect();
    Some(Crisis {
        kind,
        title: rec.title.clone(),
        what: rec.text.clone(),
        who,
        causes: first(causes),
        good,
        storylet: None,
    })
}

/// The members a storylet's answers could send away: the roles (or members) its choices'
/// `Leave` effects name.
fn leaving(world: &World, storylet: &str, roles: &[(String, Vec<MemberId>)]) -> Vec<MemberId> {
    let Some(def) = world.scenario.storylets.iter().find(|s| s.id == storylet) else {
        return Vec::new();
    };
    let mut who: Vec<MemberId> = def
        .choices
        .iter()
        .flat_map(|c| &c.effects)
        .filter_map(|e| match e {
            Effect::Leave(name) => Some(name),
            _ => None,
        })
        .flat_map(|name| match roles.iter().find(|(r, _)| r == name) {
            Some((_, ms)) => ms.clone(),
            None => world.member(name).into_iter().collect(),
        })
        .collect();
    who.sort_unstable();
    who.dedup();
    who
}

/// Goods whose survival or health need went unmet this turn for members who had it met the
/// turn before (or on the first turn): one crisis per good, with the reasons the engine gave.
fn shortages(world: &World, before: Option<&TurnReport>, report: &TurnReport) -> Vec<Crisis> {
    let was_met = |m: MemberId, g: GoodId| {
        before.is_none_or(|b| {
            b.members
                .iter()
                .find(|r| r.member == m)
                .is_none_or(|r| r.needs.iter().all(|o| o.good != g || o.met >= o.needed))
        })
    };
    let mut out = Vec::new();
    for g in 0..world.goods.len() {
        let short: Vec<(MemberId, &NeedOutcome)> = report
            .members
            .iter()
            .flat_map(|r| {
                short_of(report, r.member, Priority::Health)
                    .into_iter()
                    .filter(|o| o.good == g)
                    .map(move |o| (r.member, o))
            })
            .filter(|&(m, _)| was_met(m, g))
            .collect();
        if short.is_empty() {
            continue;
        }
        let mut who: Vec<MemberId> = short.iter().map(|x| x.0).collect();
        who.dedup();
        let causes = grouped(
            world,
            short
                .iter()
                .flat_map(|(m, o)| reasons(world, *m, o))
                .collect(),
        );
        let name = world.good_name(g);
        let what = if short.iter().any(|(_, o)| o.priority == Priority::Survival) {
            "to live"
        } else {
            "for health"
        };
        let what = match who.as_slice() {
            [m] => format!(
                "{} went without the {name} needed {what} this month.",
                world.member_name(*m)
            ),
            _ => format!(
                "{} members went without the {name} needed {what} this month.",
                who.len()
            ),
        };
        out.push(Crisis {
            kind: Kind::Shortage,
            title: format!("{} ran short", capitalised(name)),
            what,
            who,
            causes: first(causes),
            good: Some(g),
            storylet: None,
        });
    }
    out
}

/// A member's needs of this priority or more urgent left short this turn.
fn short_of(report: &TurnReport, m: MemberId, worst: Priority) -> Vec<&NeedOutcome> {
    report
        .members
        .iter()
        .filter(|r| r.member == m)
        .flat_map(|r| &r.needs)
        .filter(|o| o.priority <= worst && o.met < o.needed)
        .collect()
}

/// Why a member's needs (of one good, or survival ones) went short, in the engine's words.
fn unmet(
    world: &World,
    report: &TurnReport,
    m: MemberId,
    good: Option<GoodId>,
) -> Vec<(String, MemberId)> {
    report
        .members
        .iter()
        .filter(|r| r.member == m)
        .flat_map(|r| &r.needs)
        .filter(|o| o.met < o.needed)
        .filter(|o| good.map_or(o.priority == Priority::Survival, |g| o.good == g))
        .flat_map(|o| reasons(world, m, o))
        .collect()
}

/// The engine's reasons a member's need went short (or the figures, when it gave none),
/// each with the member.
fn reasons(world: &World, m: MemberId, o: &NeedOutcome) -> Vec<(String, MemberId)> {
    if o.why.is_empty() {
        return vec![(o.describe(world), m)];
    }
    o.why
        .iter()
        .map(|r| (r.describe(world, o.good), m))
        .collect()
}

/// Reasons shared by several members said once, with whom they touched: "the grain pool
/// held 4 against 9 claimed (Tom, Ava)".
fn grouped(world: &World, reasons: Vec<(String, MemberId)>) -> Vec<String> {
    let mut groups: Vec<(String, Vec<MemberId>)> = Vec::new();
    for (why, m) in reasons {
        match groups.iter_mut().find(|(w, _)| *w == why) {
            Some((_, ms)) if !ms.contains(&m) => ms.push(m),
            Some(_) => {}
            None => groups.push((why, vec![m])),
        }
    }
    groups
        .into_iter()
        .map(|(why, ms)| {
            let names: Vec<&str> = ms.iter().map(|&m| world.member_name(m)).collect();
            format!("{}: {why}", names.join(", "))
        })
        .collect()
}

/// The first few distinct causes, in order.
fn first(causes: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in causes {
        if !out.contains(&c) {
            out.push(c);
        }
        if out.len() == CAUSES {
            break;
        }
    }
    out
}

fn months(n: u32) -> String {
    if n == 1 {
        "1 month".to_string()
    } else {
        format!("{n} months")
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests;
