//! What a market did and why, as data: the per-good record, the reasons a need went unmet
//! at market, and the chronicle's market entries. Front ends render them with `describe`.

use serde::{Deserialize, Serialize};

use crate::engine::report::labour::{NotHired, Worked};
use crate::engine::report::verdict::Verdict;
use crate::engine::types::{GoodId, Mark, MemberId, Regime, Role};
use crate::engine::world::World;

/// One good's market this turn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MarketRecord {
    /// Shouts the market allowed (depth × market days).
    pub shouts: u32,
    /// Shouts made before no further trade was possible.
    pub shouts_used: u32,
    /// Buyers and the units each sought.
    pub buyers: Vec<(MemberId, u32)>,
    /// Sellers and the units each offered.
    pub sellers: Vec<(MemberId, u32)>,
    pub trades: Vec<TradeRecord>,
    pub refusals: Vec<RefusalRecord>,
    /// Buyers who went home without some of what they sought.
    pub unfilled: Vec<Unfilled>,
    /// Entrepreneurs who moved into or out of this good.
    pub ventures: Vec<VentureChange>,
    /// Realised surplus: buyers' values less sellers' costs of the units traded.
    pub surplus: i64,
    /// The most any set of trades could have realised.
    pub max_surplus: i64,
}

/// A unit that changed hands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeRecord {
    pub buyer: MemberId,
    pub seller: MemberId,
    pub price: u32,
    /// Part of the price that was a prejudiced seller's premium.
    pub surcharge: u32,
    /// Whether it met a need (rather than a want or an interest).
    pub need: bool,
}

/// A mark someone was biased against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marked {
    pub dimension: usize,
    pub mark: Mark,
}

impl Marked {
    /// The mark's name in the scenario (`trans`, `of colour`).
    pub fn name(self, world: &World) -> &str {
        match world.scenario.meta.dimensions.get(self.dimension) {
            Some(d) if self.mark == Mark::Low => &d.low,
            Some(d) => &d.high,
            None => "a mark",
        }
    }
}

/// A prejudiced trader who would not deal with a counterpart (or only at a premium).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusalRecord {
    /// The prejudiced member.
    pub by: MemberId,
    /// The member refused.
    pub of: MemberId,
    /// The prejudiced member's side of the trade.
    pub role: Role,
    pub marked: Marked,
    /// Whether a premium priced the trade out (rather than a flat refusal).
    pub premium: bool,
    /// Crossing shouts that did not trade because of it.
    pub times: u32,
    pub outcome: RefusalOutcome,
}

/// What came of a refusal for the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefusalOutcome {
    /// The buyer bought from someone else: the bigot lost the trade.
    TradedElsewhere,
    /// Every seller refused the buyer: shut out of the market.
    ShutOut,
    /// The buyer bought nothing, though other sellers were there.
    WentWithout,
}

/// A buyer's units left unbought, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unfilled {
    pub member: MemberId,
    /// Units sought but not bought.
    pub units: u32,
    /// Of those, units of need.
    pub need_units: u32,
    /// The value of the first unit not bought.
    pub value: u32,
    pub why: MarketReason,
    /// What decided it, found by taking each barrier away at the market's close.
    pub cause: Verdict,
}

/// Why a market did not fill a need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MarketReason {
    /// No market days this turn.
    Closed,
    /// Nobody offered the good.
    NoSeller,
    /// Every seller refused them.
    ShutOut { by: MemberId, marked: Marked },
    /// Their scrip would not cover the going price.
    NoScrip { scrip: u64, price: u32 },
    /// Every unit offered was sold.
    SoldOut { offered: u32 },
    /// What the unit was worth to them was below the cheapest seller's cost.
    PricedOut { value: u32, cost: u32 },
    /// The market's shouts ran out before a seller matched them.
    NoMatch { shouts: u32 },
    /// A prejudiced trader refused them (they were not shut out, but did not get it).
    Refused { by: MemberId, marked: Marked },
}

/// An entrepreneur moving into or out of a good.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VentureChange {
    pub member: MemberId,
    pub good: GoodId,
    pub entered: bool,
    /// Share of working time moved, in per cent.
    pub share: u32,
    pub why: VentureWhy,
    /// A member whose need a meeting had refused, served by this line of business.
    pub serves_refused: Option<MemberId>,
}

/// What moved an entrepreneur.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum VentureWhy {
    /// Demand went unfilled at values above their unit cost.
    Unfilled {
        units: u32,
        value: u32,
        cost: u32,
        turns: u32,
    },
    /// The price exceeded their unit cost by the margin for several turns.
    Price { price: u32, cost: u32, turns: u32 },
    /// It has not paid for several turns.
    StoppedPaying { turns: u32 },
}

/// A notable market happening for the chronicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MarketEvent {
    /// Every seller refused a buyer.
    ShutOut {
        good: GoodId,
        buyer: MemberId,
        by: MemberId,
        marked: Marked,
    },
    /// A prejudiced trader refused a counterpart, who found another seller or went without.
    Refused {
        good: GoodId,
        by: MemberId,
        of: MemberId,
        /// The prejudiced trader's side.
        role: Role,
        marked: Marked,
        outcome: RefusalOutcome,
    },
    Venture(VentureChange),
    /// A business sold to a member a need of whom a meeting had refused.
    ServesRefusedNeed {
        seller: MemberId,
        buyer: MemberId,
        good: GoodId,
        label: String,
    },
    VenueOpened {
        venue: usize,
    },
    /// A venue's business took less than it needs to stay open.
    VenueFailing {
        venue: usize,
        revenue: u64,
        needed: u64,
    },
    /// Bonded members gave scrip to keep a venue open.
    Rally {
        venue: usize,
        givers: Vec<(MemberId, u64)>,
        saved: bool,
    },
    VenueClosed {
        venue: usize,
    },
    /// A member sold days of work (`market::labour`).
    Worked(Worked),
    /// A prejudiced member would not hire, or work for, a counterpart.
    NotHired(NotHired),
}

fn name(world: &World, m: MemberId) -> &str {
    world.member_name(m)
}

fn first(world: &World, m: MemberId) -> &str {
    name(world, m).split(' ').next().unwrap_or("")
}

impl MarketReason {
    /// "Ava had 0 scrip; medicine cost 9".
    pub fn describe(&self, world: &World, good: GoodId) -> String {
        let g = world.good_name(good);
        match self {
            MarketReason::Closed => format!("the {g} market held no market days"),
            MarketReason::NoSeller => format!("nobody offered {g} for sale"),
            MarketReason::ShutOut { by, marked } => format!(
                "shut out of the {g} market: {} refused to trade with them for being {}",
                first(world, *by),
                marked.name(world)
            ),
            MarketReason::NoScrip { scrip, price } => {
                format!("had {scrip} scrip; {g} cost {price}")
            }
            MarketReason::SoldOut { offered } => {
                format!("the {offered} units of {g} offered were all sold")
            }
            MarketReason::PricedOut { value, cost } => format!(
                "could offer at most {value} for {g}; the cheapest seller's cost was {cost}"
            ),
            MarketReason::NoMatch { shouts } => {
                format!("the {g} market closed after {shouts} shouts without a match")
            }
            MarketReason::Refused { by, marked } => format!(
                "{} refused to trade with them for being {}",
                first(world, *by),
                marked.name(world)
            ),
        }
    }
}

impl RefusalRecord {
    pub fn describe(&self, world: &World) -> String {
        let what = if self.premium {
            "priced out"
        } else {
            "refused"
        };
        let (buyer, verb) = match self.role {
            Role::Seller => (self.of, "as a buyer"),
            Role::Buyer => (self.by, "as a seller"),
        };
        let then = match self.outcome {
            RefusalOutcome::TradedElsewhere => "bought elsewhere",
            RefusalOutcome::ShutOut => "was shut out",
            RefusalOutcome::WentWithout => "went without",
        };
        format!(
            "{} {what} {} {verb} ({}); {} {then}",
            first(world, self.by),
            first(world, self.of),
            self.marked.name(world),
            first(world, buyer)
        )
    }
}

impl VentureChange {
    pub fn describe(&self, world: &World) -> String {
        let who = name(world, self.member);
        let g = world.good_name(self.good);
        let mut s = match (&self.why, self.entered) {
            (
                VentureWhy::Unfilled {
                    units,
                    value,
                    cost,
                    turns,
                },
                _,
            ) => format!(
                "{who} moved {}% of their time into {g}: {units} units went unfilled at values up to {value} against a cost of {cost} ({turns} turns running)",
                self.share
            ),
            (VentureWhy::Price { price, cost, turns }, _) => format!(
                "{who} moved {}% of their time into {g}: it sold at {price} against a cost of {cost} for {turns} turns",
                self.share
            ),
            (VentureWhy::StoppedPaying { turns }, _) => {
                format!("{who} left the {g} trade: it has not paid for {turns} turns")
            }
        };
        if let Some(m) = self.serves_refused {
            s.push_str(&format!(
                " — a need of {}'s that a meeting had refused",
                first(world, m)
            ));
        }
        s
    }
}

impl MarketRecord {
    /// Lines explaining the market: the price, the trades, refusals, unfilled demand, ventures.
    pub fn describe(&self, world: &World, good: GoodId) -> Vec<String> {
        let g = world.good_name(good);
        let mut out = Vec::new();
        let traded = self.trades.len();
        if traded == 0 {
            out.push(format!(
                "{g}: no trades ({} sellers, {} buyers)",
                self.sellers.len(),
                self.buyers.len()
            ));
        } else {
            let sum: u64 = self.trades.iter().map(|t| t.price as u64).sum();
            out.push(format!(
                "{g}: {traded} units traded at a mean price of {:.1}; efficiency {:.0}%",
                sum as f64 / traded as f64,
                if self.max_surplus > 0 {
                    100.0 * self.surplus as f64 / self.max_surplus as f64
                } else {
                    100.0
                }
            ));
        }
        for t in &self.trades {
            out.push(format!(
                "  {} bought from {} at {}{}",
                first(world, t.buyer),
                first(world, t.seller),
                t.price,
                if t.surcharge > 0 {
                    format!(" (including a premium of {})", t.surcharge)
                } else {
                    String::new()
                }
            ));
        }
        for r in &self.refusals {
            out.push(format!("  {}", r.describe(world)));
        }
        for u in &self.unfilled {
            out.push(format!(
                "  {} went without {} unit(s): {}; {}",
                first(world, u.member),
                u.units,
                u.why.describe(world, good),
                u.cause.describe(Regime::Exchange)
            ));
        }
        for v in &self.ventures {
            out.push(format!("  {}", v.describe(world)));
        }
        out
    }
}

impl MarketEvent {
    pub fn describe(&self, world: &World) -> String {
        let venue = |v: usize| {
            world
                .scenario
                .meta
                .venues
                .get(v)
                .map_or("the venue", |x| x.name.as_str())
        };
        match self {
            MarketEvent::ShutOut {
                good,
                buyer,
                by,
                marked,
            } => format!(
                "{} was shut out of the {} market: {}, the only seller, would not sell to someone {}",
                name(world, *buyer),
                world.good_name(*good),
                name(world, *by),
                marked.name(world)
            ),
            MarketEvent::Refused {
                good,
                by,
                of,
                role,
                marked,
                outcome,
            } => {
                let g = world.good_name(*good);
                let (b, o) = (name(world, *by), name(world, *of));
                let mark = marked.name(world);
                match role {
                    Role::Seller => format!(
                        "{b} refused to sell {g} to {o} ({mark}); {}",
                        match outcome {
                            RefusalOutcome::TradedElsewhere => format!(
                                "{} bought elsewhere and {} lost the sale",
                                first(world, *of),
                                first(world, *by)
                            ),
                            RefusalOutcome::ShutOut => "there was nowhere else to buy".to_string(),
                            RefusalOutcome::WentWithout =>
                                format!("{} went without", first(world, *of)),
                        }
                    ),
                    Role::Buyer => format!(
                        "{b} refused to buy {g} from {o} ({mark}); {}",
                        match outcome {
                            RefusalOutcome::WentWithout | RefusalOutcome::ShutOut =>
                                format!("{} went without", first(world, *by)),
                            RefusalOutcome::TradedElsewhere =>
                                format!("{} bought elsewhere", first(world, *by)),
                        }
                    ),
                }
            }
            MarketEvent::Venture(v) => v.describe(world),
            MarketEvent::ServesRefusedNeed {
                seller,
                buyer,
                good,
                label,
            } => format!(
                "{}'s {} business now serves {}'s need{} — a need a meeting had refused",
                name(world, *seller),
                world.good_name(*good),
                first(world, *buyer),
                if label.is_empty() {
                    String::new()
                } else {
                    format!(" for {label}")
                }
            ),
            MarketEvent::VenueOpened { venue: v } => format!("{} opened its doors", venue(*v)),
            MarketEvent::VenueFailing {
                venue: v,
                revenue,
                needed,
            } => format!(
                "{} is struggling: it took {revenue} scrip this turn and needs {needed} to stay open",
                venue(*v)
            ),
            MarketEvent::Rally {
                venue: v,
                givers,
                saved,
            } => {
                let total: u64 = givers.iter().map(|g| g.1).sum();
                let who: Vec<&str> = givers.iter().map(|g| first(world, g.0)).collect();
                format!(
                    "{} rallied to keep {} open, giving {total} scrip{}",
                    who.join(", "),
                    venue(*v),
                    if *saved { "" } else { " — not enough" }
                )
            }
            MarketEvent::VenueClosed { venue: v } => format!("{} closed", venue(*v)),
            MarketEvent::Worked(w) => w.describe(world),
            MarketEvent::NotHired(r) => r.describe(world),
        }
    }
}
