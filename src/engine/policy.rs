//! The community's policies: what the player sets between turns (besides each good's regime).

use serde::{Deserialize, Serialize};

/// Everything the player can set that is not a good's regime.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// How a meeting decides.
    pub decision_rule: DecisionRule,
    /// How a meeting is run.
    pub facilitation: Facilitation,
    /// Ration refused survival requests from what a meeting left in the pool.
    pub leftover_rationing: bool,
    /// Market days per turn; each is `params.market.depth` shouts and costs labour.
    pub market_days: u32,
    /// Holding fee on scrip balances, in per-mille per turn.
    pub demurrage_permille: u32,
    /// Share what demurrage collects equally among members.
    pub dividend: bool,
    /// Pay members whose output goes into a `Commons` pool at the last market price.
    pub contribution_credits: bool,
    /// Whether gifts are free (osotua) or recorded as debts.
    pub aid_mode: AidMode,
    /// A community store hands out need-based shares each turn.
    pub community_store: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            decision_rule: DecisionRule::Majority,
            facilitation: Facilitation::default(),
            leftover_rationing: true,
            market_days: 1,
            demurrage_permille: 0,
            dividend: false,
            contribution_credits: false,
            aid_mode: AidMode::NeedBased,
            community_store: false,
        }
    }
}

/// A meeting's decision rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionRule {
    /// More than half in support.
    #[default]
    Majority,
    /// Passes unless someone blocks; lower-status members stand aside more often than they block.
    Consensus,
    /// Everyone in support.
    Unanimity,
}

impl DecisionRule {
    pub const ALL: [DecisionRule; 3] = [
        DecisionRule::Majority,
        DecisionRule::Consensus,
        DecisionRule::Unanimity,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DecisionRule::Majority => "majority",
            DecisionRule::Consensus => "consensus with blocks",
            DecisionRule::Unanimity => "unanimity",
        }
    }
}

/// Facilitation rules; each costs meeting time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Facilitation {
    /// Lower-status speakers first.
    pub progressive_stack: bool,
    /// Each speaker's floor share is capped.
    pub timed_rounds: bool,
    /// The final vote is secret: no conformity to the room.
    pub secret_ballot: bool,
}

/// How mutual aid keeps accounts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AidMode {
    /// Need-based gifts, no debt kept (osotua).
    #[default]
    NeedBased,
    /// Gifts become debts to be repaid.
    AccountKeeping,
}
