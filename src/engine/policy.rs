//! The community's policies: what the player sets between turns (besides each good's regime).

use serde::{Deserialize, Serialize};

use crate::engine::params::table::{Range, no_numbers, table};

/// The most market days a turn may hold.
pub const MAX_MARKET_DAYS: u32 = 10;
/// The largest demurrage, per-mille per turn.
pub const MAX_DEMURRAGE: u32 = 200;

table! {
    /// Everything the player can set that is not a good's regime.
    pub struct Policy {
        /// How a meeting decides: `Majority`, `Consensus` or `Unanimity`.
        pub decision_rule: DecisionRule = DecisionRule::Majority, Range::Other;
        /// How a meeting is run: `progressive_stack` (lower-status speakers first),
        /// `timed_rounds` (floor share capped), `secret_ballot` (no conformity to the room),
        /// each a bool, default `false`.
        pub facilitation: Facilitation = Facilitation::default(), Range::Other;
        /// Ration refused survival requests from what a meeting left in the pool.
        pub leftover_rationing: bool = true, Range::Other;
        /// Market days per turn; each is `params.market.depth` shouts and costs labour.
        pub market_days: u32 = 1, Range::Whole(0, MAX_MARKET_DAYS as u64);
        /// Holding fee on scrip balances, in per-mille per turn.
        pub demurrage_permille: u32 = 0, Range::Whole(0, MAX_DEMURRAGE as u64);
        /// Share what demurrage collects equally among members.
        pub dividend: bool = false, Range::Other;
        /// Pay members whose output goes into a `Commons` pool at the last market price.
        pub contribution_credits: bool = false, Range::Other;
        /// Members may sell days of work to producers of traded goods (a wage market; it acts
        /// only where a good is under `Exchange`).
        pub hiring: bool = true, Range::Other;
        /// Whether gifts are free (`NeedBased`, osotua) or recorded as debts (`AccountKeeping`).
        pub aid_mode: AidMode = AidMode::NeedBased, Range::Other;
        /// A community store hands out need-based shares each turn.
        pub community_store: bool = false, Range::Other;
    }
}

no_numbers!(DecisionRule, Facilitation, AidMode);

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
