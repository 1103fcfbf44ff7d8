//! What a storylet did, as data for the chronicle, the epilogue and the roads not taken.

use serde::{Deserialize, Serialize};

use crate::engine::policy::{DecisionRule, Facilitation};
use crate::engine::state::events::{Bindings, Timed};
use crate::engine::types::{GoodId, MemberId, Priority, Regime};
use crate::engine::world::World;
use crate::engine::world::scenario::Run;

/// A storylet that fired, or whose choice was applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryRecord {
    pub storylet: String,
    pub title: String,
    pub text: String,
    pub roles: Bindings,
    /// The choice applied, for a storylet with choices.
    pub answer: Option<Answer>,
    /// What its effects did, in order.
    pub happened: Vec<Happened>,
    /// Every member it was about: bound, named in its text, or touched by its effects.
    pub involved: Vec<MemberId>,
}

/// The choice applied and how it came to be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub index: u32,
    pub label: String,
    pub text: String,
    pub how: How,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum How {
    /// The player chose it.
    Chosen,
    /// The turn ended unanswered: the first choice.
    Unanswered,
    /// The player's choice was no longer open when the turn ended: the first choice.
    FellBack { wanted: u32 },
}

/// A storylet waiting for the player's choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub storylet: String,
    pub title: String,
    pub text: String,
    pub choices: Vec<String>,
}

/// A timed effect that ran out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lapse {
    pub what: Timed,
}

/// One thing an effect did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Happened {
    Pool {
        good: GoodId,
        delta: i64,
    },
    Holdings {
        member: MemberId,
        good: GoodId,
        delta: i64,
    },
    /// Goods moved; `from: None` is the pool. `units` may fall short of `asked`.
    Moved {
        from: Option<MemberId>,
        to: MemberId,
        good: GoodId,
        units: u32,
        asked: u32,
    },
    Scrip {
        member: MemberId,
        delta: i64,
    },
    Paid {
        from: MemberId,
        to: MemberId,
        amount: u64,
        asked: u64,
    },
    NeedAdded {
        member: MemberId,
        good: GoodId,
        amount: u32,
        priority: Priority,
        label: String,
        turns: Option<u32>,
    },
    NeedRemoved {
        member: MemberId,
        good: GoodId,
        removed: u32,
    },
    Bonds {
        pairs: Vec<(MemberId, MemberId)>,
        delta: f64,
    },
    Standing {
        member: MemberId,
        before: f64,
        after: f64,
    },
    Flag {
        flag: String,
        set: bool,
    },
    Venue {
        venue: usize,
        open: bool,
    },
    Work {
        member: MemberId,
        good: GoodId,
        percent: u32,
    },
    Skill {
        member: MemberId,
        good: GoodId,
        before: u32,
        after: u32,
    },
    Joined(MemberId),
    Left(MemberId),
    Regime {
        good: GoodId,
        regime: Regime,
        fallback: Option<Regime>,
    },
    Rule(DecisionRule),
    Facilitation(Facilitation),
    /// A workplace changed: opened or closed, who runs it, its wage, a strike called.
    Workplace {
        workplace: usize,
        change: WorkplaceChange,
    },
    Output {
        members: Option<Vec<MemberId>>,
        good: Option<GoodId>,
        percent: u32,
        turns: u32,
    },
    Param {
        path: String,
        before: f64,
        after: f64,
        turns: Option<u32>,
    },
    /// A parameter change that could not be made.
    ParamRefused {
        path: String,
        why: String,
    },
    Ended,
}

/// How a storylet changed a workplace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WorkplaceChange {
    Open(bool),
    RunBy(Run),
    Wage(u32),
    Strike(u32),
}

impl Happened {
    /// The members this touched.
    pub fn members(&self) -> Vec<MemberId> {
        let mut ms = Vec::new();
        self.add_members(&mut ms);
        ms
    }

    /// `members`, added to `out` (a storylet's record gathers every effect's).
    pub fn add_members(&self, out: &mut Vec<MemberId>) {
        match self {
            Happened::Holdings { member, .. }
            | Happened::Scrip { member, .. }
            | Happened::NeedAdded { member, .. }
            | Happened::NeedRemoved { member, .. }
            | Happened::Standing { member, .. }
            | Happened::Work { member, .. }
            | Happened::Skill { member, .. }
            | Happened::Joined(member)
            | Happened::Left(member) => out.push(*member),
            Happened::Moved { from, to, .. } => out.extend(from.iter().copied().chain([*to])),
            Happened::Paid { from, to, .. } => out.extend([*from, *to]),
            Happened::Bonds { pairs, .. } => out.extend(pairs.iter().flat_map(|&(a, b)| [a, b])),
            Happened::Output {
                members: Some(ms), ..
            } => out.extend_from_slice(ms),
            _ => {}
        }
    }

    pub fn describe(&self, world: &World) -> String {
        let name = |m: MemberId| world.member_name(m).to_string();
        let good = |g: GoodId| world.good_name(g).to_string();
        let signed = |d: i64| {
            if d >= 0 {
                format!("+{d}")
            } else {
                d.to_string()
            }
        };
        match self {
            Happened::Pool { good: g, delta } => {
                format!(
                    "{} {} in the {} pool",
                    signed(*delta),
                    unit(world, *g),
                    good(*g)
                )
            }
            Happened::Holdings {
                member,
                good: g,
                delta,
            } => format!("{}: {} {}", name(*member), signed(*delta), unit(world, *g)),
            Happened::Moved {
                from,
                to,
                good: g,
                units,
                asked,
            } => {
                let src = from.map_or_else(|| format!("the {} pool", good(*g)), name);
                let short = if units < asked {
                    format!(" (of {asked} asked; that was all there was)")
                } else {
                    String::new()
                };
                format!(
                    "{units} {} from {src} to {}{short}",
                    unit(world, *g),
                    name(*to)
                )
            }
            Happened::Scrip { member, delta } => {
                format!("{}: {} scrip", name(*member), signed(*delta))
            }
            Happened::Paid {
                from,
                to,
                amount,
                asked,
            } => {
                let short = if amount < asked {
                    format!(" (of {asked}; all {} had)", name(*from))
                } else {
                    String::new()
                };
                format!("{} paid {} {amount} scrip{short}", name(*from), name(*to))
            }
            Happened::NeedAdded {
                member,
                good: g,
                amount,
                priority,
                label,
                turns,
            } => {
                let what = if label.is_empty() {
                    good(*g)
                } else {
                    format!("{} for {label}", good(*g))
                };
                let span = turns.map_or(String::new(), |t| format!(" for {t} turns"));
                format!(
                    "{} now needs {amount} {what} a turn ({priority}){span}",
                    name(*member)
                )
            }
            Happened::NeedRemoved {
                member,
                good: g,
                removed,
            } => format!(
                "{} no longer needs {} ({removed} need{} removed)",
                name(*member),
                good(*g),
                if *removed == 1 { "" } else { "s" }
            ),
            Happened::Bonds { pairs, delta } => {
                let dir = if *delta >= 0.0 { "grew" } else { "frayed" };
                match pairs.as_slice() {
                    [] => "no bonds changed".to_string(),
                    [(a, b)] => format!(
                        "the bond between {} and {} {dir} by {:.2}",
                        name(*a),
                        name(*b),
                        delta.abs()
                    ),
                    _ => format!("{} bonds {dir} by {:.2}", pairs.len(), delta.abs()),
                }
            }
            Happened::Standing {
                member,
                before,
                after,
            } => format!("{}'s standing {before:.2} → {after:.2}", name(*member)),
            Happened::Flag { flag, set } => {
                format!("`{flag}` {}", if *set { "set" } else { "cleared" })
            }
            Happened::Venue { venue, open } => {
                let v = world
                    .scenario
                    .meta
                    .venues
                    .get(*venue)
                    .map_or("a venue", |v| v.name.as_str());
                format!("{v} is {}", if *open { "open" } else { "closed" })
            }
            Happened::Work {
                member,
                good: g,
                percent,
            } => {
                if *percent == 0 {
                    format!("{} stopped working on {}", name(*member), good(*g))
                } else {
                    format!(
                        "{} now spends {percent}% of their time on {}",
                        name(*member),
                        good(*g)
                    )
                }
            }
            Happened::Skill {
                member,
                good: g,
                before,
                after,
            } => format!(
                "{}'s {} skill {before} → {after} a turn",
                name(*member),
                good(*g)
            ),
            Happened::Joined(m) => format!("{} joined the community", name(*m)),
            Happened::Left(m) => format!("{} left the community", name(*m)),
            Happened::Regime {
                good: g,
                regime,
                fallback,
            } => {
                let f = fallback.map_or(String::new(), |f| format!(" → {f}"));
                format!("{} is now under {regime}{f}", good(*g))
            }
            Happened::Rule(r) => format!("meetings now decide by {}", r.name()),
            Happened::Workplace { workplace, change } => {
                let w = world
                    .scenario
                    .meta
                    .workplaces
                    .get(*workplace)
                    .map_or("a workplace", |w| w.name.as_str());
                match change {
                    WorkplaceChange::Open(true) => format!("{w} is working"),
                    WorkplaceChange::Open(false) => format!("{w} has stopped"),
                    WorkplaceChange::RunBy(Run::Owner) => format!("{w} is run by its owner"),
                    WorkplaceChange::RunBy(Run::Shares) => {
                        format!("{w} is run by its shareholders")
                    }
                    WorkplaceChange::RunBy(Run::Workers) => format!("{w} is run by its workers"),
                    WorkplaceChange::Wage(n) => format!("{w} pays {n} scrip a day"),
                    WorkplaceChange::Strike(t) => format!("{w}'s crew strikes for {t} turns"),
                }
            }
            Happened::Facilitation(f) => format!("meetings now run with {}", facilitation(f)),
            Happened::Output {
                members,
                good: g,
                percent,
                turns,
            } => {
                let what = g.map_or("all output".to_string(), |g| format!("{} output", good(g)));
                let whose = match members {
                    None => String::new(),
                    Some(ms) => format!(
                        " of {}",
                        ms.iter().map(|&m| name(m)).collect::<Vec<_>>().join(", ")
                    ),
                };
                format!("{what}{whose} at {percent}% for {turns} turns")
            }
            Happened::Param {
                path,
                before,
                after,
                turns,
            } => {
                let span = turns.map_or(String::new(), |t| format!(" for {t} turns"));
                format!("`{path}` {before} → {after}{span}")
            }
            Happened::ParamRefused { path, why } => format!("`{path}` unchanged: {why}"),
            Happened::Ended => "the game ends after this turn".to_string(),
        }
    }
}

fn unit(world: &World, g: GoodId) -> String {
    let u = &world.scenario.goods[g].unit;
    if u.is_empty() {
        world.good_name(g).to_string()
    } else {
        format!("{u}(s) of {}", world.good_name(g))
    }
}

fn facilitation(f: &Facilitation) -> String {
    let mut on = Vec::new();
    if f.progressive_stack {
        on.push("a progressive stack");
    }
    if f.timed_rounds {
        on.push("timed rounds");
    }
    if f.secret_ballot {
        on.push("a secret ballot");
    }
    if on.is_empty() {
        "an open floor".to_string()
    } else {
        on.join(", ")
    }
}

impl StoryRecord {
    /// "Dale asks for the press — … → Let the meeting decide (the turn ended unanswered). Effects: …"
    pub fn describe(&self, world: &World) -> String {
        let mut s = format!("{}: {}", self.title, self.text);
        if let Some(a) = &self.answer {
            let how = match a.how {
                How::Chosen => String::new(),
                How::Unanswered => " (no answer was given: the first choice)".to_string(),
                How::FellBack { wanted } => {
                    format!(
                        " (choice {} was no longer open: the first choice)",
                        wanted + 1
                    )
                }
            };
            s.push_str(&format!(" → {}{how}", a.label));
            if !a.text.is_empty() {
                s.push_str(&format!(". {}", a.text));
            }
        }
        let effects: Vec<String> = self.happened.iter().map(|h| h.describe(world)).collect();
        if !effects.is_empty() {
            s.push_str(&format!(" [{}]", effects.join("; ")));
        }
        s
    }
}

impl Offer {
    pub fn describe(&self) -> String {
        let choices: Vec<String> = self
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{}) {c}", i + 1))
            .collect();
        format!(
            "A choice awaits — {}: {} {}",
            self.title,
            self.text,
            choices.join("  ")
        )
    }
}

impl Lapse {
    pub fn describe(&self, world: &World) -> String {
        match &self.what {
            Timed::Flag(f) => format!("`{f}` lapsed"),
            Timed::Need {
                member,
                good,
                label,
                ..
            } => {
                let what = if label.is_empty() {
                    world.good_name(*good).to_string()
                } else {
                    label.clone()
                };
                format!("{} no longer needs {what}", world.member_name(*member))
            }
            Timed::Output { good, .. } => match good {
                Some(g) => format!("{} output is back to normal", world.good_name(*g)),
                None => "output is back to normal".to_string(),
            },
            Timed::Param { path, old } => format!("`{path}` is back to {old}"),
        }
    }
}
