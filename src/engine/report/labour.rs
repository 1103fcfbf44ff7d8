//! What the turn's labour market did, as data: who offered days of work and at what ask,
//! who sought hands, who worked for whom at what wage, and who would not hire or work for
//! whom. Front ends render it with `describe`.

use serde::{Deserialize, Serialize};

use crate::engine::report::market::Marked;
use crate::engine::types::{GoodId, MemberId, Role};
use crate::engine::world::World;

/// The turn's labour market (empty when hiring is off or no market day is held).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LabourRecord {
    /// Shouts the market allowed (depth × market days).
    pub shouts: u32,
    /// Shouts made before no further hire was possible.
    pub shouts_used: u32,
    /// Members who offered days of work.
    pub workers: Vec<Offered>,
    /// Members who sought hands, with the days they sought and the first day's value.
    pub employers: Vec<Sought>,
    /// Who worked for whom, by (employer, worker, good).
    pub hires: Vec<Hire>,
    /// Prejudiced members who would not hire, or work for, a counterpart.
    pub refusals: Vec<NotHired>,
}

/// A worker's offer: days, and the least they take for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offered {
    pub member: MemberId,
    pub days: u32,
    /// What a day of their own work would have fetched: their ask.
    pub ask: u32,
}

/// An employer's demand for hands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sought {
    pub member: MemberId,
    pub days: u32,
    /// What the first hired day's output is worth to them.
    pub value: u32,
    /// Scrip they would spend on hands.
    pub budget: u64,
}

/// Days one member worked for another on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hire {
    pub employer: MemberId,
    pub worker: MemberId,
    pub good: GoodId,
    pub days: u32,
    /// Scrip paid for them.
    pub wages: u64,
    /// What they made, in thousandths of a unit (added to the employer's output).
    pub milli: u64,
}

/// A prejudiced member who would not deal with a counterpart in the labour market.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotHired {
    pub by: MemberId,
    pub of: MemberId,
    /// The prejudiced member's side: `Buyer` is the employer, `Seller` the worker.
    pub role: Role,
    pub marked: Marked,
}

/// One worker's paid work this turn, for the chronicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Worked {
    pub worker: MemberId,
    pub days: u32,
    pub wages: u64,
    /// (employer, good, days).
    pub for_whom: Vec<(MemberId, GoodId, u32)>,
}

impl LabourRecord {
    /// Scrip paid in wages.
    pub fn wages(&self) -> u64 {
        self.hires.iter().map(|h| h.wages).sum()
    }

    /// Days worked for pay.
    pub fn days(&self) -> u64 {
        self.hires.iter().map(|h| h.days as u64).sum()
    }

    /// Each worker's paid work, by worker.
    pub fn worked(&self) -> Vec<Worked> {
        let mut hires: Vec<&Hire> = self.hires.iter().collect();
        hires.sort_unstable_by_key(|h| (h.worker, h.employer, h.good));
        let mut out = Vec::with_capacity(hires.len());
        out.extend(
            hires
                .chunk_by(|a, b| a.worker == b.worker)
                .map(|of| Worked {
                    worker: of[0].worker,
                    days: of.iter().map(|h| h.days).sum(),
                    wages: of.iter().map(|h| h.wages).sum(),
                    for_whom: of.iter().map(|h| (h.employer, h.good, h.days)).collect(),
                }),
        );
        out
    }
}

impl Worked {
    /// "Ava Moreno worked 5 days for 11 scrip: 3 for Marisol Vega (medicine), 2 for Priya
    /// Raman (coffee)".
    pub fn describe(&self, world: &World) -> String {
        let whom: Vec<String> = self
            .for_whom
            .iter()
            .map(|&(e, g, d)| format!("{d} for {} ({})", world.member_name(e), world.good_name(g)))
            .collect();
        format!(
            "{} worked {} day{} for {} scrip: {}",
            world.member_name(self.worker),
            self.days,
            if self.days == 1 { "" } else { "s" },
            self.wages,
            whom.join(", ")
        )
    }
}

impl Hire {
    /// "Ava Moreno worked 3 days for Marisol Vega for 7 scrip".
    pub fn describe(&self, world: &World) -> String {
        format!(
            "{} worked {} day{} for {} for {} scrip",
            world.member_name(self.worker),
            self.days,
            if self.days == 1 { "" } else { "s" },
            world.member_name(self.employer),
            self.wages
        )
    }
}

impl NotHired {
    /// "Dale Pruitt would not hire Ava Moreno (trans)".
    pub fn describe(&self, world: &World) -> String {
        let (by, of) = (world.member_name(self.by), world.member_name(self.of));
        let mark = self.marked.name(world);
        match self.role {
            Role::Buyer => format!("{by} would not hire {of} ({mark})"),
            Role::Seller => format!("{by} would not work for {of} ({mark})"),
        }
    }
}
