//! The RON schema of storylets (`storylets.ron`) and of a scenario's objectives.
//!
//! A storylet is data, never code: a typed condition tree, roles bound to members who
//! satisfy a condition, text with placeholders, and typed effects — applied at once, or
//! offered to the player as choices. Mods patch storylets by `id`.

use serde::{Deserialize, Serialize};

use crate::engine::policy::{DecisionRule, Facilitation};
use crate::engine::types::{Mark, Priority, Regime};
use crate::engine::world::scenario::Run;

/// One storylet of `storylets.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Storylet {
    pub id: String,
    /// A short headline for the chronicle (`Dale asks for the press`).
    pub title: String,
    /// What happens, with placeholders: `{who}`, `{who.they}`, `{ava}`, `{stock:grain}` …
    pub text: String,
    /// When it may fire; it may not name roles (they are bound after it holds).
    #[serde(default = "always")]
    pub when: Cond,
    /// Members it is about, bound in order from those present who satisfy each role's condition.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Relative chance of being drawn among the storylets that may fire (at least 1).
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// Fires at most once a game.
    #[serde(default)]
    pub once: bool,
    /// Turns after firing before it may fire again.
    #[serde(default)]
    pub cooldown: u32,
    /// Applied when it fires (a storylet with choices applies these when the answer is applied).
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// If any, the storylet waits for the player's answer (`Command::Choose`); the first
    /// choice is taken when the turn ends unanswered, so it must always be available.
    #[serde(default)]
    pub choices: Vec<Choice>,
}

fn always() -> Cond {
    Cond::All(Vec::new())
}

fn default_weight() -> u32 {
    10
}

/// A member (or several) a storylet is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The name used in conditions, effects and text (`who`, `friend`).
    pub id: String,
    /// What a candidate must satisfy; the candidate is named by the role's own id, and
    /// earlier roles by theirs.
    #[serde(default = "always")]
    pub when: Cond,
    #[serde(default)]
    pub pick: Pick,
}

/// How many of the members satisfying a role it binds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pick {
    /// One, drawn at random.
    #[default]
    One,
    /// Up to this many, drawn at random.
    Up(u32),
    /// Every one of them.
    All,
}

/// An answer the player may give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the player picks (`Let the meeting decide`).
    pub label: String,
    /// What follows, with placeholders.
    #[serde(default)]
    pub text: String,
    /// When this answer is open; the first choice may not have one.
    #[serde(default)]
    pub when: Option<Cond>,
    #[serde(default)]
    pub effects: Vec<Effect>,
}

/// A condition on the community. "Now" is the turn about to be played.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cond {
    /// Every one holds (`All([])` always holds).
    All(Vec<Cond>),
    /// At least one holds.
    Any(Vec<Cond>),
    Not(Box<Cond>),
    TurnAtLeast(u32),
    TurnAtMost(u32),
    /// From a turn the game's seed draws, uniformly from `from` to `to` (inclusive): the
    /// scenario sets the window, each game its own month (`events::cond::opening`).
    Opens(u32, u32),
    /// Units of a good in the community (pool plus holdings of members present).
    StockBelow(String, u64),
    StockAbove(String, u64),
    /// The good's last market price (false if it never traded).
    PriceAbove(String, u32),
    PriceBelow(String, u32),
    /// The good's first regime.
    RegimeIs(String, Regime),
    /// A member (by id or role) passes a test; for a role of several, every one of them does.
    MemberHas(String, Has),
    /// The bond between two members (ids or roles) is stronger than this.
    BondAbove(String, String, f64),
    FlagSet(String),
    /// Last turn's figure (`Metrics::get`); false before the first turn.
    MetricBelow(String, f64),
    MetricAbove(String, f64),
    VenueOpen(String),
    /// The venue is open and did not pay its way last turn (a business failing at market).
    VenueStruggling(String),
    /// Meetings already run with this facilitation (`progressive_stack`, `timed_rounds`,
    /// `secret_ballot`): a storylet that asks for one can test it is not on yet.
    MeetingsUse(String),
    /// The workplace is working.
    WorkplaceOpen(String),
    /// The workplace is run this way.
    RunBy(String, Run),
    /// The workplace's crew withheld its days last turn.
    Striking(String),
}

/// The facilitations `Cond::MeetingsUse` names.
pub const FACILITATIONS: [&str; 3] = ["progressive_stack", "timed_rounds", "secret_ballot"];

/// A test on one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Has {
    /// In the community now.
    Present,
    /// Is one of these members (`OneOf(["hank", "eli", "rosa"])`).
    OneOf(Vec<String>),
    /// Holds this state of a status dimension.
    Mark(String, Mark),
    /// Needs some of this good.
    Need(String),
    /// Wants some of this good beyond needs.
    Want(String),
    /// Produces at least this many units per turn at full time.
    Skill(String, u32),
    /// Spends some working time on this good.
    Works(String),
    /// Holds at least this many units.
    Holds(String, u32),
    ScripAtLeast(u64),
    ScripBelow(u64),
    StandingAbove(f64),
    StandingBelow(f64),
    WellbeingBelow(f64),
    HungerAtLeast(u32),
    /// Hunger at the scenario's crisis level or above.
    InCrisis,
    /// Needs of this good went (partly) unmet this many turns running.
    Unmet(String, u32),
    /// Needs of this good were fully met this many turns running.
    Met(String, u32),
    /// Asks for this good already: needs it, or has an interest in it (a request that is
    /// pending, so a storylet need not make it again).
    Asks(String),
    /// At least this many ties (bonds of at least `metrics::TIE`) with members present.
    Ties(u32),
}

/// What a storylet does. `who`, `from`, `to`, `a` and `b` name a role or a member id;
/// an effect on a role of several applies to each of them. Members not present are skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Effect {
    /// Add to (or take from) the community pool of a good.
    Pool {
        good: String,
        amount: i64,
    },
    /// Goods arriving from outside (or lost): added to or taken from holdings.
    Holdings {
        who: String,
        good: String,
        amount: i64,
    },
    /// Goods moving between members, or from the pool (`from: "pool"`), as far as they reach.
    Transfer {
        from: String,
        to: String,
        good: String,
        amount: u32,
    },
    /// Scrip arriving from outside (or lost).
    Scrip {
        who: String,
        amount: i64,
    },
    /// Scrip moving between members, as far as the payer's balance reaches.
    Pay {
        from: String,
        to: String,
        amount: u64,
    },
    /// A new need, for good or for some turns.
    AddNeed {
        who: String,
        good: String,
        amount: u32,
        priority: Priority,
        #[serde(default)]
        label: String,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        turns: Option<u32>,
    },
    /// Remove needs of a good (only those with this label, if given).
    RemoveNeed {
        who: String,
        good: String,
        #[serde(default)]
        label: Option<String>,
    },
    /// Change the bond of each member of `a` with each of `b` (of a group with itself: every pair).
    Bond {
        a: String,
        b: String,
        delta: f64,
    },
    Standing {
        who: String,
        delta: f64,
    },
    SetFlag {
        flag: String,
        /// Cleared again after this many turns.
        #[serde(default)]
        turns: Option<u32>,
    },
    ClearFlag(String),
    OpenVenue(String),
    CloseVenue(String),
    /// A workplace starts (or stops) working.
    OpenWorkplace(String),
    CloseWorkplace(String),
    /// Change who runs a workplace (its owner or shares must be declared).
    RunBy {
        workplace: String,
        by: Run,
    },
    /// Set a workplace's wage, scrip a day.
    Wage {
        workplace: String,
        wage: u32,
    },
    /// Its crew withholds its days for some turns, whatever the wage (hungry workers excepted).
    Strike {
        workplace: String,
        turns: u32,
    },
    /// Move this share of working time into a good (0 leaves it): opening or closing a business.
    Work {
        who: String,
        good: String,
        percent: u32,
    },
    /// Learn (or lose) a skill: units per turn at full time.
    Skill {
        who: String,
        good: String,
        delta: i64,
    },
    /// A member arrives (or returns).
    Join(String),
    /// A member leaves the community.
    Leave(String),
    /// Start or end an institution: put a good under a regime.
    SetRegime {
        good: String,
        regime: Regime,
        #[serde(default)]
        fallback: Option<Regime>,
    },
    SetRule(DecisionRule),
    SetFacilitation(Facilitation),
    /// Scale output for some turns: of one good or all, by one member or role or everyone.
    Output {
        #[serde(default)]
        who: Option<String>,
        #[serde(default)]
        good: Option<String>,
        percent: u32,
        turns: u32,
    },
    /// Change a model parameter by its path in `params` (`deprivation.hunger_step`),
    /// for some turns or for good.
    Param {
        path: String,
        value: f64,
        #[serde(default)]
        turns: Option<u32>,
    },
    /// The game ends after this turn.
    EndGame,
}

/// Something a scenario asks of the player, shown during play and judged at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    /// In words (`No one goes hungry five months running`).
    pub text: String,
    pub test: Test,
}

/// How an objective is judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Test {
    /// No member's survival needs go unmet this many turns running.
    NoHungerStreak(u32),
    /// A member's needs of a good fully met in at least this share of the turns they are present.
    NeedMet {
        member: String,
        good: String,
        share: f64,
    },
    /// A figure at least this, at the end or on average over the game.
    MetricAtLeast {
        metric: String,
        value: f64,
        #[serde(default)]
        over: Span,
    },
    MetricAtMost {
        metric: String,
        value: f64,
        #[serde(default)]
        over: Span,
    },
    /// A condition that must hold when the game ends.
    AtEnd(Cond),
}

/// Which turns a figure is judged over.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Span {
    /// The last turn.
    #[default]
    End,
    /// The mean over every turn.
    Mean,
}

impl Cond {
    /// Every condition in this tree, this one first.
    pub fn walk(&self) -> Vec<&Cond> {
        let mut out = vec![self];
        let mut i = 0;
        while i < out.len() {
            match out[i] {
                Cond::All(cs) | Cond::Any(cs) => out.extend(cs.iter()),
                Cond::Not(c) => out.push(c),
                _ => {}
            }
            i += 1;
        }
        out
    }
}

impl Storylet {
    /// Every condition of the storylet: `when`, roles and choices.
    pub fn conditions(&self) -> impl Iterator<Item = &Cond> {
        std::iter::once(&self.when)
            .chain(self.roles.iter().map(|r| &r.when))
            .chain(self.choices.iter().filter_map(|c| c.when.as_ref()))
    }

    /// Every effect of the storylet, its own and its choices'.
    pub fn all_effects(&self) -> impl Iterator<Item = &Effect> {
        self.effects
            .iter()
            .chain(self.choices.iter().flat_map(|c| c.effects.iter()))
    }
}
