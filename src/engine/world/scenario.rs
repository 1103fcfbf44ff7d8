//! The RON schema of a scenario: what modders write, and what the engine plays.
//!
//! Every type denies unknown fields so a typo is an error, not a silently ignored line.
//! Optional fields carry documented defaults. Ids are strings; the engine resolves them to
//! indices once, when a game starts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::params::Params;
use crate::engine::policy::Policy;
use crate::engine::types::{GoodKind, Mark, Priority, Regime};
use crate::engine::world::story::{Objective, Storylet};

/// A whole scenario, assembled from the files of its folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub meta: ScenarioMeta,
    pub goods: Vec<Good>,
    pub members: Vec<Member>,
    /// `storylets.ron`: the scenario's events (may be empty).
    pub storylets: Vec<Storylet>,
}

/// `scenario.ron`: the scenario's identity, its world rules and its starting policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioMeta {
    /// Short identifier, used on the command line and in saves (`riverside`).
    pub id: String,
    /// Display name (`Riverside`).
    pub name: String,
    /// A paragraph shown on the title screen.
    pub description: String,
    /// The question this scenario explores, in one sentence.
    #[serde(default)]
    pub question: String,
    /// What one turn stands for (`month`, `season`).
    #[serde(default = "default_turn_unit")]
    pub turn_unit: String,
    /// The number of turns a game lasts.
    pub turns: u32,
    /// Status dimensions that mark members (gender, race, …), each with a high and a low state.
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    /// The policy the community starts with (meeting rules, scrip, aid).
    #[serde(default)]
    pub policy: Policy,
    /// Every coefficient of the models; see `docs/MODELS.md`.
    #[serde(default)]
    pub params: Params,
    /// Bonds between members at the start: `("ava", "bea", 0.6)`.
    #[serde(default)]
    pub bonds: Vec<(String, String, f64)>,
    /// Places where members gather.
    #[serde(default)]
    pub venues: Vec<Venue>,
    /// What the scenario asks of the player, shown during play and judged at the end.
    #[serde(default)]
    pub objectives: Vec<Objective>,
    /// Places of paid or shared work (`engine::workplace`). Not written when there are none,
    /// so a scenario without keeps its content hash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workplaces: Vec<Workplace>,
}

fn default_turn_unit() -> String {
    "month".to_string()
}

/// A diffuse status characteristic with a high (privileged) and a low state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    /// Name of the high state (`cis`).
    pub high: String,
    /// Name of the low state (`trans`).
    pub low: String,
}

/// One good of `goods.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Good {
    pub id: String,
    pub name: String,
    /// The unit of one integer quantity (`sack`, `dose`, `hour`).
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub description: String,
    pub kind: GoodKind,
    /// Percentage of a stock lost each turn (services lose everything regardless).
    #[serde(default)]
    pub spoilage: u32,
    /// What producing a unit takes.
    #[serde(default)]
    pub recipe: Recipe,
    /// Base cost in scrip of producing or keeping a unit; seller cost schedules start here.
    #[serde(default = "default_base_cost")]
    pub base_cost: u32,
    /// How the good is allocated at the start.
    #[serde(default)]
    pub regime: Regime,
    /// Which institution receives what the first leaves unmet.
    #[serde(default)]
    pub fallback: Option<Regime>,
    /// Units in the community pool at the start.
    #[serde(default)]
    pub pool: u32,
}

fn default_base_cost() -> u32 {
    4
}

/// Production recipe of a good.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// Units of other goods consumed per unit produced.
    #[serde(default)]
    pub inputs: BTreeMap<String, u32>,
    /// A durable good that raises output when the producer holds one.
    #[serde(default)]
    pub tool: Option<String>,
    /// Percentage added to output by holding the tool.
    #[serde(default)]
    pub tool_bonus: u32,
}

/// One member of `members.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub pronouns: String,
    #[serde(default)]
    pub bio: String,
    /// Status marks by dimension id; a dimension not listed is the high state.
    #[serde(default)]
    pub marks: BTreeMap<String, Mark>,
    /// 0–1: how readily others listen (a specific status characteristic).
    #[serde(default)]
    pub charisma: f64,
    /// 0–1: how much of the floor this member takes.
    #[serde(default)]
    pub dominance: f64,
    /// Units of a good produced per turn at full time.
    #[serde(default)]
    pub skills: BTreeMap<String, u32>,
    /// Percentage of working time spent on each good; defaults to all of it on the best skill.
    #[serde(default)]
    pub work: BTreeMap<String, u32>,
    /// What this member must have each turn.
    #[serde(default)]
    pub needs: Vec<Need>,
    /// What this member would like beyond needs, at falling value per unit.
    #[serde(default)]
    pub wants: Vec<Want>,
    /// Uses of a good this member proposes (press time for a newsletter).
    #[serde(default)]
    pub interests: Vec<Interest>,
    /// Goods held at the start.
    #[serde(default)]
    pub holdings: BTreeMap<String, u32>,
    /// Scrip held at the start.
    #[serde(default)]
    pub scrip: u64,
    /// 0–1: standing in the community at the start.
    #[serde(default = "default_standing")]
    pub standing: f64,
    /// Marks of others this member is biased against.
    #[serde(default)]
    pub prejudices: Vec<Prejudice>,
    /// Attitudes (−1 to 1) toward requests and proposals carrying a tag.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// 0–1: readiness to move capacity into an unmet market niche.
    #[serde(default)]
    pub enterprise: f64,
    /// Whether the member is in the community at the start (a newcomer arrives later).
    #[serde(default = "default_present")]
    pub present: bool,
}

fn default_standing() -> f64 {
    0.5
}

fn default_present() -> bool {
    true
}

/// A need: units of a good per turn, at a priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub good: String,
    pub amount: u32,
    pub priority: Priority,
    /// What the need is for, in words (`hormone therapy`).
    #[serde(default)]
    pub label: String,
    /// Tags others may hold values about (`gender-affirming`).
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A want beyond needs: flourishing at falling value per unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Want {
    pub good: String,
    pub amount: u32,
}

/// A use of a good a member proposes to the community, or buys on a market.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interest {
    pub good: String,
    pub amount: u32,
    /// What it is for (`printing the Ledger newsletter`).
    pub purpose: String,
    #[serde(default = "default_interest_priority")]
    pub priority: Priority,
    #[serde(default)]
    pub tags: Vec<String>,
}

fn default_interest_priority() -> Priority {
    Priority::Livelihood
}

/// A bias against members holding a mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prejudice {
    pub dimension: String,
    /// Which state of the dimension the bias targets (usually the low one).
    #[serde(default = "default_against")]
    pub against: Mark,
    /// 0–1.
    pub strength: f64,
}

fn default_against() -> Mark {
    Mark::Low
}

/// A place where members gather.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The good served there (coffee); its consumers are the patrons.
    #[serde(default)]
    pub good: Option<String>,
    /// Who runs it.
    #[serde(default)]
    pub operator: Operator,
    /// Whether it is open at the start.
    #[serde(default = "default_present")]
    pub open: bool,
}

/// Who runs a venue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum Operator {
    /// A member's business.
    Business(String),
    /// Held in common and allocated by meetings.
    #[default]
    Commons,
    /// Kept going by volunteers.
    Volunteers,
}

/// A workplace: means of production beyond any member's own (a mill's stones and wheel),
/// worked by a crew and run by an owner paying wages, by shareholders, or by its workers'
/// meeting (`engine::workplace`, docs/MODELS.md "Workplaces and strikes").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workplace {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The good it makes (its recipe's inputs and tool do not apply: the workplace is the means).
    pub good: String,
    /// Units of the good one crew day makes there, before the worker's own skill adds to it.
    pub per_day: u32,
    /// Days each member of the crew works there a turn (at most `labour.days`).
    pub shift: u32,
    /// The members who work there.
    pub crew: Vec<String>,
    /// Who owns it when it is run by an owner.
    #[serde(default)]
    pub owner: Option<String>,
    /// Shareholders and their per cent (summing to 100) when it is run by shares.
    #[serde(default)]
    pub shares: Vec<(String, u32)>,
    /// Who runs it at the start.
    pub run_by: Run,
    /// Scrip a day the owner or shareholders pay each worker.
    #[serde(default)]
    pub wage: u32,
    /// The per cent of what a worker's day there makes, at the good's price, below which the
    /// crew holds the wage unfair (and may strike).
    #[serde(default = "default_fair_pct")]
    pub fair_pct: u32,
    /// Whether it is working at the start.
    #[serde(default = "default_present")]
    pub open: bool,
}

fn default_fair_pct() -> u32 {
    50
}

/// Who runs a workplace: who takes its output, and who pays its wages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Run {
    /// Its owner pays each day's wage and takes the output.
    Owner,
    /// Its shareholders pay the wages and take the output, each by their per cent.
    Shares,
    /// Its crew takes the output and shares it as their meeting settles.
    Workers,
}

impl Run {
    /// Why a workplace cannot be run this way, if it cannot: its owner or shares undeclared.
    pub fn undeclared(self, owner: bool, shares: bool) -> Option<&'static str> {
        match self {
            Run::Owner if !owner => Some("is run by its owner but declares no `owner`"),
            Run::Shares if !shares => Some("is run by shares but declares no `shares`"),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Run::Owner => "owner",
            Run::Shares => "shares",
            Run::Workers => "workers",
        }
    }
}

/// Subject, object and possessive from a member's `pronouns`: a declared set
/// `subject/object/possessive` (`xe/xem/xyr`) is used as written; the common two-part forms
/// (`she/her`, `he/him`, `they/them`) get their possessive; any other two-part form uses its
/// object as possessive, as `she/her` does; none at all reads `they/them/their`.
pub fn pronouns(declared: &str) -> (&str, &str, &str) {
    let mut parts = declared.split('/').map(str::trim).filter(|p| !p.is_empty());
    let they = parts.next().unwrap_or("they");
    let them = parts.next().unwrap_or(match they {
        "he" => "him",
        "she" => "her",
        _ => "them",
    });
    let their = parts.next().unwrap_or(match they {
        "he" => "his",
        "she" => "her",
        "they" => "their",
        _ => them,
    });
    (they, them, their)
}
