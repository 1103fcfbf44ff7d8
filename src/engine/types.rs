//! Small vocabulary types shared by content and engine.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Index of a member in `State::members` (stable for a game: members who leave stay listed).
pub type MemberId = usize;
/// Index of a good in the scenario's goods list.
pub type GoodId = usize;

/// How a good is allocated.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Regime {
    /// Pooled and allocated by consensus meetings.
    #[default]
    Commons,
    /// Traded for scrip on an open market.
    Exchange,
    /// Given along bonds to those in need.
    Aid,
}

impl Regime {
    pub const ALL: [Regime; 3] = [Regime::Commons, Regime::Exchange, Regime::Aid];

    pub fn name(self) -> &'static str {
        match self {
            Regime::Commons => "Commons",
            Regime::Exchange => "Exchange",
            Regime::Aid => "Aid",
        }
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The state a member holds on a status dimension.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Mark {
    #[default]
    High,
    Low,
}

/// How urgent a need is. Order matters: survival first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    Survival,
    Health,
    Livelihood,
    Flourishing,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Survival,
        Priority::Health,
        Priority::Livelihood,
        Priority::Flourishing,
    ];

    /// Position in `ALL`, for per-priority parameter arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            Priority::Survival => "survival",
            Priority::Health => "health",
            Priority::Livelihood => "livelihood",
            Priority::Flourishing => "flourishing",
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What kind of thing a good is: it decides spoilage and whether meeting a need uses it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoodKind {
    /// Used up when it meets a need (food, medicine).
    Consumable,
    /// Meets a need by being held (tools).
    Durable,
    /// Cannot be stored: what is not used in the turn is lost (press time, venue hours).
    Service,
}

/// Which side of a trade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Buyer,
    Seller,
}

/// What can stand between a member and a good at market or along bonds. Each is taken away
/// in turn, at the market's close or after the asking, to find which one decided that a
/// member went without (`market::cause`, `aid::cause`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Barrier {
    /// Nobody had a unit left to sell (none offered, or every unit offered was sold).
    NoSeller,
    /// Their scrip would not cover the cheapest seller's price.
    NoScrip,
    /// The cheapest seller's price was above what the unit was worth to them.
    Value,
    /// Sellers refused them, or charged them more, for their marks.
    SellerPrejudice,
    /// No bond strong enough to ask someone who could give.
    NoBond,
    /// A partner who could give refused them for their marks.
    PartnerPrejudice,
    /// The partners asked had nothing (more) to spare above their own need line.
    NoSpare,
}

impl Barrier {
    pub const ALL: [Barrier; 7] = [
        Barrier::NoSeller,
        Barrier::NoScrip,
        Barrier::Value,
        Barrier::SellerPrejudice,
        Barrier::NoBond,
        Barrier::PartnerPrejudice,
        Barrier::NoSpare,
    ];
    /// The market's barriers, in the order they are tried.
    pub const MARKET: [Barrier; 4] = [
        Barrier::NoSeller,
        Barrier::NoScrip,
        Barrier::Value,
        Barrier::SellerPrejudice,
    ];
    /// Mutual aid's barriers, in the order they are tried.
    pub const AID: [Barrier; 3] = [Barrier::NoBond, Barrier::PartnerPrejudice, Barrier::NoSpare];

    pub fn index(self) -> usize {
        self as usize
    }

    /// In words, for "decided by …".
    pub fn name(self) -> &'static str {
        match self {
            Barrier::NoSeller => "no seller with any left",
            Barrier::NoScrip => "too little scrip",
            Barrier::Value => "a price above what it was worth to them",
            Barrier::SellerPrejudice => "sellers' prejudice",
            Barrier::NoBond => "no bond strong enough",
            Barrier::PartnerPrejudice => "a partner's prejudice",
            Barrier::NoSpare => "partners with nothing to spare",
        }
    }
}

/// What can hold an item back at a meeting. Each is left out in turn, with the same draws,
/// to find which one decided a refusal (`meeting::cause`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Factor {
    /// The scarcity term: the item and the more urgent ones ask more than the pool holds.
    Scarcity,
    /// Attendees' prejudice against the asker's marks.
    Prejudice,
    /// Status and charisma shaping floor time and influence (against a room of equals).
    Status,
    /// A block under consensus.
    Block,
}

impl Factor {
    pub const ALL: [Factor; 4] = [
        Factor::Scarcity,
        Factor::Prejudice,
        Factor::Status,
        Factor::Block,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// In words, for "decided by …".
    pub fn name(self) -> &'static str {
        match self {
            Factor::Scarcity => "scarcity",
            Factor::Prejudice => "prejudice",
            Factor::Status => "status and floor time",
            Factor::Block => "a block",
        }
    }
}
