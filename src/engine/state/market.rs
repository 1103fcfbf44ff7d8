//! What the market institutions remember between turns: the treasury, the entrepreneurs'
//! signals and ventures, the needs meetings refused, and business venues' runs.

use serde::{Deserialize, Serialize};

use crate::engine::types::{GoodId, MemberId};

/// What the market institutions remember between turns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MarketState {
    /// Scrip collected by demurrage and not yet paid out as a dividend or credit.
    pub treasury: u64,
    /// Scrip created since the game began (contribution credits the treasury could not pay).
    #[serde(default)]
    pub issued: u64,
    /// Entry signals by member and good (`member * goods + good`), filled on first use.
    pub signals: Vec<Signal>,
    /// Entrepreneurs in their new lines.
    pub ventures: Vec<Venture>,
    /// Needs a meeting refused while the pool held the good: (member, need, turn), sorted.
    pub refused: Vec<(MemberId, usize, u32)>,
    /// Business venues' run of paying or failing turns, by venue.
    pub venues: Vec<VenueBook>,
}

impl MarketState {
    /// Need `i` of member `m` was removed (by a storylet): forget its refusals and renumber
    /// the member's later needs, so `refused` keeps pointing at the right ones.
    pub fn need_removed(&mut self, m: MemberId, i: usize) {
        self.refused.retain(|&(r, need, _)| !(r == m && need == i));
        for e in self.refused.iter_mut().filter(|e| e.0 == m && e.1 > i) {
            e.1 -= 1;
        }
    }
}

/// Consecutive turns each entry signal has held for one member and good.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    pub unfilled: u32,
    pub price: u32,
    /// A member who left this line does not return before this turn (no churning).
    pub barred_until: u32,
}

/// An entrepreneur in a new line of work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venture {
    pub member: MemberId,
    pub good: GoodId,
    /// The turn they entered.
    pub since: u32,
    /// Share of working time moved, in per cent.
    pub share: u32,
    /// Their work shares before, restored when they leave.
    pub prior: Vec<u32>,
    /// Consecutive turns it has not paid.
    pub idle: u32,
    /// Members with a refused need this business has served (marked once each).
    pub served: Vec<MemberId>,
}

/// A business venue's run of paying and failing turns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueBook {
    pub paying: u32,
    pub failing: u32,
}
