//! What a meeting returns: a record per good with one entry per item, the reason a refused
//! request carries, and the chronicle's account of notable decisions. Front ends render
//! these with the `describe` methods.

use serde::{Deserialize, Serialize};

use crate::engine::policy::{DecisionRule, Facilitation};
pub use crate::engine::types::Factor;
use crate::engine::types::{GoodId, MemberId, Priority};
use crate::engine::world::World;

/// A good's meeting (or meetings, when the community meets in circles).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingRecord {
    pub good: GoodId,
    pub rule: DecisionRule,
    pub facilitation: Facilitation,
    pub pool_before: u32,
    pub pool_after: u32,
    /// Circles that met (1 unless the community is larger than a circle).
    pub circles: u32,
    /// The circles' delegates to the council (empty when one circle met).
    pub delegates: Vec<MemberId>,
    /// Each attendee's share of the floor in their circle, by member.
    pub floor: Vec<(MemberId, f64)>,
    /// Each attendee's social power π in their circle, by member.
    pub power: Vec<(MemberId, f64)>,
    pub items: Vec<ItemRecord>,
    /// Units the leftover rule rationed to refused survival requests.
    pub rationed: Vec<(MemberId, u32)>,
    /// Units of requests left unmet, by member.
    pub went_without: Vec<(MemberId, u32)>,
    /// Member-hours the meeting took.
    pub hours: f64,
    /// Under `Commons → Exchange`: units the meeting did not allocate, handed back to those
    /// who made them this turn (to sell), by member.
    #[serde(default)]
    pub returned: Vec<(MemberId, u32)>,
}

/// One item's deliberation and outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub member: MemberId,
    pub kind: ItemKind,
    pub priority: Priority,
    pub amount: u32,
    /// Units the item received from the pool (the leftover rule's included).
    pub granted: u32,
    /// Share of the room whose initial support was above the cut.
    pub support_before: f64,
    /// Share of the room voting yes.
    pub support_after: f64,
    /// Mean opinion before and after deliberation.
    pub mean_before: f64,
    pub mean_after: f64,
    /// The member whose influence moved the room's mean most.
    pub mover: Option<Mover>,
    pub top_speaker: Option<Speaker>,
    /// Members who voted with the room against their own settled opinion.
    pub conformed: u32,
    pub blocks: u32,
    pub approved: bool,
    /// Why it was refused, when it was.
    pub refusal: Option<Refusal>,
    /// Passed, but would have failed in a room of equals: status and floor time carried it.
    #[serde(default)]
    pub carried: bool,
}

/// What an item asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemKind {
    /// A need: `claim` indexes the good's claims, `need` the member's needs.
    Request { claim: usize, need: usize },
    /// A use of the pool: `interest` indexes the member's interests.
    Proposal { interest: usize },
}

/// Who held the floor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub member: MemberId,
    pub share: f64,
    pub charisma: f64,
    /// High-status marks on the dimensions that differentiate the room, of `salient`.
    pub high: u32,
    pub salient: u32,
}

/// Whose influence moved the room: `pull` is (π_j − 1/N)·(x_j(0) − mean x(0)), their share
/// of the difference between the settled and the initial mean opinion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Mover {
    pub member: MemberId,
    pub power: f64,
    pub pull: f64,
}

/// Why a meeting refused an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub rule: DecisionRule,
    pub support: f64,
    pub threshold: f64,
    /// Votes not in support.
    pub against: u32,
    pub blocked_by: Option<MemberId>,
    pub top_speaker: Option<Speaker>,
    pub mover: Option<Mover>,
    /// The factor that decided it, found by holding the vote again without each.
    #[serde(default)]
    pub cause: Option<Cause>,
}

/// Which factor decided a refusal, found by holding the same vote again — the same noise and
/// the same ballots' draws — with one factor left out at a time (`meeting::cause`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cause {
    /// Without this factor alone it would have passed, with `support` of the room.
    Decisive { factor: Factor, support: f64 },
    /// No single factor's removal passes it; the (at most two) that held its support down
    /// most, with how much the support would rise without each.
    Jointly(Vec<(Factor, f64)>),
    /// Leaving out any one of them changes nothing: the room did not want it (its need's
    /// urgency, the attendees' values and their own unmet needs decided).
    Merits,
}

/// A notable decision, for the chronicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub good: GoodId,
    pub member: MemberId,
    pub proposal: bool,
    /// What it was for ("hormone therapy").
    pub label: String,
    pub amount: u32,
    pub granted: u32,
    pub support: f64,
    pub threshold: f64,
    pub rule: DecisionRule,
    pub refusal: Option<Refusal>,
}

impl MeetingRecord {
    /// The meeting in words: a summary line, then one line per item.
    pub fn describe(&self, world: &World) -> Vec<String> {
        let approved = self.items.iter().filter(|i| i.approved).count();
        let mut out = vec![format!(
            "{} meeting ({}): {} items, {approved} approved; pool {} → {}; {:.0} member-hours",
            world.good_name(self.good),
            self.rule.name(),
            self.items.len(),
            self.pool_before,
            self.pool_after,
            self.hours
        )];
        for item in &self.items {
            let what = match item.kind {
                ItemKind::Request { .. } => "request",
                ItemKind::Proposal { .. } => "proposal",
            };
            let mut line = format!(
                "{}'s {what} for {} ({}): {} — support {:.2}, granted {}",
                world.member_name(item.member),
                item.amount,
                item.priority,
                if item.approved { "approved" } else { "refused" },
                item.support_after,
                item.granted
            );
            if let Some(r) = &item.refusal {
                line.push_str("; ");
                line.push_str(&r.describe(world));
            }
            out.push(line);
        }
        if !self.returned.is_empty() {
            let back: Vec<String> = self
                .returned
                .iter()
                .map(|&(m, n)| format!("{} {n}", world.member_name(m)))
                .collect();
            out.push(format!(
                "not allotted, back to those who made it, to sell: {}",
                back.join(", ")
            ));
        }
        out
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

impl Speaker {
    /// "Brad Halloran held 31% of the floor (charisma 0.85, 6 of 6 high-status marks)".
    pub fn describe(&self, world: &World) -> String {
        format!(
            "{} held {} of the floor (charisma {:.2}, {} of {} high-status marks)",
            world.member_name(self.member),
            pct(self.share),
            self.charisma,
            self.high,
            self.salient
        )
    }
}

impl Mover {
    /// "Dale Pruitt's influence pulled the room down 0.06 (14% of its power)".
    pub fn describe(&self, world: &World) -> String {
        format!(
            "{}'s influence pulled the room {} {:.2} ({} of its power)",
            world.member_name(self.member),
            if self.pull < 0.0 { "down" } else { "up" },
            self.pull.abs(),
            pct(self.power)
        )
    }
}

impl Refusal {
    /// "support 0.41 < 0.50; decided by status and floor time: in a room of equals it would
    /// have passed (support 0.53); Brad Halloran held 31% of the floor (…)".
    pub fn describe(&self, world: &World) -> String {
        let mut s = match (self.rule, self.blocked_by) {
            (DecisionRule::Consensus, Some(b)) => format!(
                "blocked by {} (support {:.2})",
                world.member_name(b),
                self.support
            ),
            (DecisionRule::Unanimity, _) => format!(
                "{} not in support under unanimity (support {:.2})",
                self.against, self.support
            ),
            _ => format!(
                "support {:.2} {} {:.2}",
                self.support,
                if self.support < self.threshold {
                    "<"
                } else {
                    "≤"
                },
                self.threshold
            ),
        };
        let Some(cause) = &self.cause else {
            return s;
        };
        s.push_str("; ");
        s.push_str(&cause.describe(world, self.blocked_by));
        // The floor and its pull are named only where status had a hand in it.
        if cause.involves(Factor::Status) {
            if let Some(t) = &self.top_speaker {
                s.push_str("; ");
                s.push_str(&t.describe(world));
            }
            if let Some(m) = self.mover.filter(|m| m.pull < 0.0) {
                s.push_str("; ");
                s.push_str(&m.describe(world));
            }
        }
        s
    }
}

impl Cause {
    /// Whether `factor` decided it or is one of the two that held it back most.
    pub fn involves(&self, factor: Factor) -> bool {
        match self {
            Cause::Decisive { factor: f, .. } => *f == factor,
            Cause::Jointly(fs) => fs.iter().any(|(f, _)| *f == factor),
            Cause::Merits => false,
        }
    }

    /// The decisive factor, if one was.
    pub fn decisive(&self) -> Option<Factor> {
        match self {
            Cause::Decisive { factor, .. } => Some(*factor),
            _ => None,
        }
    }

    /// "decided by scarcity: with enough in the pool it would have passed (support 0.71)".
    pub fn describe(&self, world: &World, blocked_by: Option<MemberId>) -> String {
        match self {
            Cause::Decisive { factor, support } => {
                let without = match factor {
                    Factor::Scarcity => "judged against a pool that held enough".to_string(),
                    Factor::Prejudice => "without prejudice against the asker's marks".to_string(),
                    Factor::Status => "in a room of equals".to_string(),
                    Factor::Block => match blocked_by {
                        Some(b) => format!("had {} stood aside", world.member_name(b)),
                        None => "without the block".to_string(),
                    },
                };
                format!(
                    "decided by {}: {without} it would have passed (support {support:.2})",
                    factor.name()
                )
            }
            Cause::Jointly(fs) => {
                let parts: Vec<String> = fs
                    .iter()
                    .map(|(f, d)| format!("{} ({:+.2})", f.name(), d))
                    .collect();
                format!(
                    "no single factor decided it; {} held it back most",
                    parts.join(" and ")
                )
            }
            Cause::Merits => "no factor decided it (not scarcity, prejudice, status or a block): \
                              the room did not support it"
                .to_string(),
        }
    }
}

impl Decision {
    /// "Ava Moreno's request for hormone therapy failed at the meeting: support 0.41 < 0.50; …".
    pub fn describe(&self, world: &World) -> String {
        let who = world.member_name(self.member);
        let good = world.good_name(self.good);
        let what = if self.proposal {
            format!(
                "{who}'s proposal to use {} {good} for {}",
                self.amount, self.label
            )
        } else if self.label.is_empty() {
            format!("{who}'s request for {} {good}", self.amount)
        } else {
            format!("{who}'s request for {}", self.label)
        };
        match &self.refusal {
            Some(r) => format!("{what} failed at the meeting: {}", r.describe(world)),
            None => format!(
                "{what} passed ({}, support {:.2}); granted {} of {}",
                self.rule.name(),
                self.support,
                self.granted,
                self.amount
            ),
        }
    }
}
