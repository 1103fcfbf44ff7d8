//! Conditions in words, so a choice that is not open can say what it waits for
//! ("opens when medicine is shared by Exchange") instead of leaving the player to guess.

use crate::engine::events::cond::{Scope, holds};
use crate::engine::types::Mark;
use crate::engine::world::scenario::Run;
use crate::engine::world::story::{Cond, Effect, Has};

/// What would open a choice guarded by `c`, in words ("opens when medicine is shared by
/// Exchange"); `None` when `c` holds. Of an `All`, only the first part that fails is named:
/// the one to fix first.
pub fn missing(c: &Cond, s: &Scope) -> Option<String> {
    if holds(c, s) {
        return None;
    }
    match c {
        Cond::All(cs) => cs.iter().find_map(|c| missing(c, s)),
        other => Some(match describe(other, true, s).as_str() {
            NEVER => "never opens: its condition cannot hold".to_string(),
            d => format!("opens when {d}"),
        }),
    }
}

/// What fails of `c` now, in words ("the Grounds is closed"); `None` when `c` holds. Of an
/// `All`, only the first part that fails is named.
pub fn failing(c: &Cond, s: &Scope) -> Option<String> {
    if holds(c, s) {
        return None;
    }
    match c {
        Cond::All(cs) => cs.iter().find_map(|c| failing(c, s)),
        other => Some(describe(other, false, s)),
    }
}

/// An empty `Any` (or the negation of an empty `All`).
const NEVER: &str = "never";

/// `c` in words when `yes`, its negation otherwise (negations pushed inwards).
fn describe(c: &Cond, yes: bool, s: &Scope) -> String {
    let w = s.world;
    let good = |g: &str| good_name(g, s);
    let pick = |a: &str, b: &str| if yes { a.to_string() } else { b.to_string() };
    let unit = &w.scenario.meta.turn_unit;
    match c {
        Cond::All(cs) | Cond::Any(cs) if cs.len() == 1 => describe(&cs[0], yes, s),
        Cond::All(cs) | Cond::Any(cs) => {
            let both = matches!(c, Cond::All(_)) == yes;
            if cs.is_empty() {
                return if both { "always" } else { NEVER }.to_string();
            }
            let parts: Vec<String> = cs.iter().map(|c| describe(c, yes, s)).collect();
            if both {
                parts.join(" and ")
            } else {
                format!("either {}", parts.join(" or "))
            }
        }
        Cond::Not(c) => describe(c, !yes, s),
        Cond::TurnAtLeast(n) => pick(
            &format!("it is {unit} {n} or later"),
            &format!("it is before {unit} {n}"),
        ),
        Cond::TurnAtMost(n) => pick(
            &format!("it is {unit} {n} or earlier"),
            &format!("it is after {unit} {n}"),
        ),
        Cond::Opens(from, to) => pick(
            &format!("its time has come (a {unit} from {from} to {to}, drawn by the seed)"),
            &format!("its time has not come (a {unit} from {from} to {to}, drawn by the seed)"),
        ),
        Cond::StockBelow(g, n) => pick(
            &format!("the community has fewer than {n} {}", good(g)),
            &format!("the community has at least {n} {}", good(g)),
        ),
        Cond::StockAbove(g, n) => pick(
            &format!("the community has more than {n} {}", good(g)),
            &format!("the community has at most {n} {}", good(g)),
        ),
        Cond::PriceAbove(g, n) => pick(
            &format!("{} sells above {n} scrip", good(g)),
            &format!("{} does not sell above {n} scrip", good(g)),
        ),
        Cond::PriceBelow(g, n) => pick(
            &format!("{} sells below {n} scrip", good(g)),
            &format!("{} does not sell below {n} scrip", good(g)),
        ),
        Cond::RegimeIs(g, r) => pick(
            &format!("{} is shared by {r}", good(g)),
            &format!("{} is shared some other way than {r}", good(g)),
        ),
        Cond::MemberHas(who, test) => {
            let plural = s.members(who).len() > 1;
            format!("{} {}", names(who, s), member(test, yes, plural, s))
        }
        Cond::BondAbove(a, b, x) => format!(
            "the bond between {} and {} is {} {x:.2}",
            names(a, s),
            names(b, s),
            if yes { "above" } else { "at most" }
        ),
        Cond::FlagSet(f) => flag(f, yes, s),
        Cond::MetricBelow(m, x) => pick(
            &format!("last {unit}'s {} was below {x}", spaced(m)),
            &format!("last {unit}'s {} was at least {x}", spaced(m)),
        ),
        Cond::MetricAbove(m, x) => pick(
            &format!("last {unit}'s {} was above {x}", spaced(m)),
            &format!("last {unit}'s {} was at most {x}", spaced(m)),
        ),
        Cond::VenueOpen(v) => pick(
            &format!("{} is open", venue(v, s)),
            &format!("{} is closed", venue(v, s)),
        ),
        Cond::WorkplaceOpen(w) => pick(
            &format!("{} is working", workplace(w, s)),
            &format!("{} is not working", workplace(w, s)),
        ),
        Cond::RunBy(w, by) => pick(
            &format!("{} is run by {}", workplace(w, s), run_by(*by)),
            &format!("{} is not run by {}", workplace(w, s), run_by(*by)),
        ),
        Cond::Striking(w) => pick(
            &format!("{}'s crew struck last {unit}", workplace(w, s)),
            &format!("{}'s crew did not strike last {unit}", workplace(w, s)),
        ),
        Cond::VenueStruggling(v) => pick(
            &format!("{} is open and not paying its way", venue(v, s)),
            &format!("{} is closed or paying its way", venue(v, s)),
        ),
        Cond::MeetingsUse(f) => pick(
            &format!("meetings use {}", spaced(f)),
            &format!("meetings do not use {} yet", spaced(f)),
        ),
    }
}

/// A member test as a predicate ("is in the community"; "are" for a role of several).
fn member(test: &Has, yes: bool, plural: bool, s: &Scope) -> String {
    let w = s.world;
    let good = |g: &str| good_name(g, s);
    let unit = &w.scenario.meta.turn_unit;
    let is = match (yes, plural) {
        (true, false) => "is",
        (true, true) => "are",
        (false, false) => "is not",
        (false, true) => "are not",
    };
    // "needs" / "need" / "does not need" / "do not need".
    let verb = |v: &str| match (yes, plural) {
        (true, false) if v == "have" => "has".to_string(),
        (true, false) => format!("{v}s"),
        (true, true) => v.to_string(),
        (false, false) => format!("does not {v}"),
        (false, true) => format!("do not {v}"),
    };
    match test {
        Has::Present => format!("{is} in the community"),
        Has::OneOf(ids) => {
            let people: Vec<&str> = ids
                .iter()
                .map(|id| w.member(id).map_or(id.as_str(), |m| w.member_name(m)))
                .collect();
            format!("{is} one of {}", people.join(", "))
        }
        Has::Mark(dim, mark) => {
            let state = w
                .scenario
                .meta
                .dimensions
                .iter()
                .find(|d| &d.id == dim)
                .map_or(dim.as_str(), |d| match mark {
                    Mark::High => d.high.as_str(),
                    Mark::Low => d.low.as_str(),
                });
            format!("{is} {state}")
        }
        Has::Need(g) => format!("{} {}", verb("need"), good(g)),
        Has::Asks(g) => format!("{} for {}", verb("ask"), good(g)),
        Has::Want(g) => format!("{} {}", verb("want"), good(g)),
        Has::Skill(g, n) => format!("{is} able to make {n} {} a {unit}", good(g)),
        Has::Works(g) => format!("{} at {}", verb("work"), good(g)),
        Has::Holds(g, n) => format!("{} at least {n} {}", verb("hold"), good(g)),
        Has::ScripAtLeast(n) => format!("{} at least {n} scrip", verb("have")),
        Has::ScripBelow(n) => format!("{} less than {n} scrip", verb("have")),
        Has::StandingAbove(x) => format!("{is} standing above {x:.2}"),
        Has::StandingBelow(x) => format!("{is} standing below {x:.2}"),
        Has::WellbeingBelow(x) => format!("{is} faring below {x:.2}"),
        Has::HungerAtLeast(n) => format!("{is} at hunger {n} or worse"),
        Has::InCrisis => format!("{is} in crisis"),
        Has::Unmet(g, n) => format!("{is} short of {} {n} {unit}s running", good(g)),
        Has::Met(g, n) => format!(
            "{} had enough {} {n} {unit}s running",
            verb("have"),
            good(g)
        ),
        Has::Ties(n) => format!("{} at least {n} close ties", verb("have")),
    }
}

/// A good by its name (its id if the scenario has no such good).
fn good_name(id: &str, s: &Scope) -> String {
    s.world
        .good(id)
        .map_or(id, |g| s.world.good_name(g))
        .to_string()
}

/// A flag in words: the storylet (and the answers) that set it, never its id; a flag no
/// storylet sets (a mod's) is read as words.
fn flag(f: &str, yes: bool, s: &Scope) -> String {
    let sets = |effects: &[Effect]| {
        effects
            .iter()
            .any(|e| matches!(e, Effect::SetFlag { flag, .. } if flag == f))
    };
    for st in &s.world.scenario.storylets {
        if sets(&st.effects) {
            return if yes {
                format!("“{}” has happened", st.title)
            } else {
                format!("“{}” has not happened", st.title)
            };
        }
        let labels: Vec<String> = st
            .choices
            .iter()
            .filter(|c| sets(&c.effects))
            .map(|c| format!("“{}”", c.label))
            .collect();
        if !labels.is_empty() {
            let answer = labels.join(" or ");
            return if yes {
                format!("“{}” was answered {answer}", st.title)
            } else {
                format!("“{}” has not been answered {answer}", st.title)
            };
        }
    }
    let f = spaced(f);
    if yes {
        format!("“{f}” has happened")
    } else {
        format!("“{f}” has not happened")
    }
}

/// An id as words: `priya-dispensary` → `priya dispensary`.
fn spaced(id: &str) -> String {
    id.replace(['-', '_'], " ")
}

/// The members a name stands for, by name ("Ava Moreno and Lou Tanaka").
fn names(who: &str, s: &Scope) -> String {
    let ms = s.members(who);
    if ms.is_empty() {
        return who.to_string();
    }
    let ns: Vec<&str> = ms.iter().map(|&m| s.world.member_name(m)).collect();
    match ns.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => ns.join(""),
    }
}

fn workplace(id: &str, s: &Scope) -> String {
    s.world
        .scenario
        .meta
        .workplaces
        .iter()
        .find(|w| w.id == id)
        .map_or(id, |w| w.name.as_str())
        .to_string()
}

fn run_by(by: Run) -> &'static str {
    match by {
        Run::Owner => "its owner",
        Run::Shares => "its shareholders",
        Run::Workers => "its workers",
    }
}

fn venue(id: &str, s: &Scope) -> String {
    s.world
        .scenario
        .meta
        .venues
        .iter()
        .find(|v| v.id == id)
        .map_or(id, |v| v.name.as_str())
        .to_string()
}
