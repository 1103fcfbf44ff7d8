//! Commands: the only way to change a game. Every accepted command is logged, which is what
//! makes saves and replays complete by construction.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::policy::{AidMode, DecisionRule, Facilitation};
use crate::engine::types::Regime;
use crate::engine::world::scenario::Run;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Resolve the current turn.
    EndTurn,
    /// Put a good under a regime, optionally with a fallback for what it leaves unmet.
    SetRegime {
        good: String,
        regime: Regime,
        #[serde(default)]
        fallback: Option<Regime>,
    },
    SetDecisionRule(DecisionRule),
    SetFacilitation(Facilitation),
    /// Ration refused survival requests from what a meeting left in the pool.
    SetLeftoverRationing(bool),
    /// Market days per turn (0 closes every market).
    SetMarketDays(u32),
    /// Holding fee on scrip, per-mille per turn.
    SetDemurrage(u32),
    SetDividend(bool),
    SetContributionCredits(bool),
    /// Allow or forbid selling days of work (the wage market).
    SetHiring(bool),
    SetAidMode(AidMode),
    SetCommunityStore(bool),
    /// Change who runs a workplace (its owner or shares must be declared).
    SetRunBy {
        workplace: String,
        by: Run,
    },
    /// Answer a storylet waiting for the player (`choice` counts from 0).
    Choose {
        storylet: String,
        choice: u32,
    },
    /// Switch to reloaded content, named by its hash; the world must have been offered to
    /// the game first (`Game::offer`), by the shell or by a replay.
    Reload {
        content_hash: u64,
    },
}

/// Why a command was refused; the game is unchanged and the command is not logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// The game has ended.
    GameOver,
    /// The command names a good the scenario does not have.
    UnknownGood(String),
    /// The value is out of range.
    OutOfRange(String),
    /// No storylet with this id is waiting for an answer.
    NotPending(String),
    /// The storylet has no such choice, or it is not open now.
    ChoiceUnavailable(String),
    /// No content with this hash was offered, or it cannot replace the current content.
    Content(String),
    /// The turn was stopped part-way (the player or a signal asked); the state is as before.
    Stopped,
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::GameOver => f.write_str("the game is over"),
            CommandError::UnknownGood(g) => write!(f, "there is no good `{g}` in this scenario"),
            CommandError::OutOfRange(what) => write!(f, "{what}"),
            CommandError::NotPending(id) => {
                write!(f, "no storylet `{id}` is waiting for an answer")
            }
            CommandError::ChoiceUnavailable(what) => write!(f, "{what}"),
            CommandError::Content(what) => write!(f, "{what}"),
            CommandError::Stopped => f.write_str("the turn was stopped; nothing of it happened"),
        }
    }
}

impl std::error::Error for CommandError {}

pub use crate::engine::policy::{MAX_DEMURRAGE, MAX_MARKET_DAYS};
