//! What mutual aid remembers between turns: debts kept under account-keeping, and the
//! community store's shares.

use serde::{Deserialize, Serialize};

use crate::engine::types::{GoodId, MemberId};

/// What mutual aid remembers between turns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AidState {
    /// Debts kept under account-keeping, sorted by (debtor, good, since, creditor).
    pub debts: Vec<Debt>,
    pub store: StoreState,
}

/// Units of a good one member owes another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Debt {
    pub debtor: MemberId,
    pub good: GoodId,
    /// The turn the debt was first incurred.
    pub since: u32,
    pub creditor: MemberId,
    pub units: u32,
}

/// The community store's shares held this turn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoreState {
    /// The turn `shares` were issued for; shares do not carry over.
    pub turn: u32,
    /// Shares left to spend this turn, by member.
    pub shares: Vec<u32>,
}
