//! What mutual aid did with one good, as data: debts repaid, the community store, every
//! request and its answer, and who went without.

use serde::{Deserialize, Serialize};

use crate::engine::policy::AidMode;
use crate::engine::types::{GoodId, MemberId};
use crate::engine::world::World;

/// The `Aid` layer's record of one good in one turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AidRecord {
    pub mode: AidMode,
    /// Units of need unmet when the layer began.
    pub short: u32,
    /// Units of that need met by gifts along bonds.
    pub gifted: u32,
    /// Units met from the community store.
    pub from_store: u32,
    /// What gifts and store shares were worth at `price`.
    pub value: u64,
    /// The unit price gifts are valued at: the last market price, else the base cost.
    pub price: u32,
    /// Whether `price` is a market price.
    pub market_price: bool,
    /// Debts repaid under account-keeping, before anyone asked.
    pub repaid: Vec<Repayment>,
    /// The community store, when it is open.
    pub store: Option<StoreRecord>,
    /// Every request, in the order it was made.
    pub asks: Vec<Ask>,
    /// Members left short after every request, with the units they went without.
    pub went_without: Vec<(MemberId, u32)>,
}

/// A debtor paying back part of a debt, in units of the good.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Repayment {
    pub debtor: MemberId,
    pub creditor: MemberId,
    pub units: u32,
}

/// One request: `asker` asked `partner`, directly or through `via`'s bonds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ask {
    pub asker: MemberId,
    pub partner: MemberId,
    /// Who passed the request on, when the partner was asked on the asker's behalf.
    pub via: Option<MemberId>,
    /// The bond, or the product of bonds along the way.
    pub weight: f64,
    pub outcome: AskOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum AskOutcome {
    /// Gave what was asked, or what they held above their own need line.
    Gave { units: u32, value: u64, debt: bool },
    /// Could have given but did not: readiness is the chance they would have.
    Refused {
        readiness: f64,
        bond: f64,
        prejudice: f64,
        /// The draw that fell at or above their readiness: kept so the refusal can be
        /// re-judged without prejudice (`aid::cause`).
        #[serde(default)]
        draw: f64,
    },
    /// Held nothing above their own need line (and passed the request on, within reach).
    NothingToSpare { held: u32, need_line: u32 },
}

/// The community store's part: need-based shares spent on what it held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreRecord {
    /// Units on the store's shelves before handing out.
    pub stock: u32,
    /// The clearing price in shares a unit (0 when there was enough for everyone who asked).
    pub price: f64,
    pub handed: Vec<StoreShare>,
    /// Units left at the store after gifts, by member.
    pub donated: Vec<(MemberId, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StoreShare {
    pub member: MemberId,
    pub units: u32,
    /// Shares spent.
    pub shares: u32,
}

impl AidRecord {
    /// Share of the shortfall that gifts and the store covered (1 when nobody was short).
    pub fn coverage(&self) -> f64 {
        if self.short == 0 {
            1.0
        } else {
            (self.gifted + self.from_store) as f64 / self.short as f64
        }
    }

    /// The record in words, one line per happening.
    pub fn describe(&self, world: &World, good: GoodId) -> Vec<String> {
        let g = world.good_name(good);
        let name = |m: MemberId| world.member_name(m);
        let mut out = Vec::new();
        let priced = if self.market_price {
            "market price"
        } else {
            "base cost"
        };
        out.push(format!(
            "mutual aid ({}): {} of {} {g} short covered ({} by gifts, {} from the store), worth {} at {} {priced} a unit",
            match self.mode {
                AidMode::NeedBased => "need-based, no debts",
                AidMode::AccountKeeping => "account-keeping",
            },
            self.gifted + self.from_store,
            self.short,
            self.gifted,
            self.from_store,
            self.value,
            self.price
        ));
        for r in &self.repaid {
            out.push(format!(
                "{} repaid {} {} {g}",
                name(r.debtor),
                name(r.creditor),
                r.units
            ));
        }
        if let Some(s) = &self.store {
            let price = if s.price > 0.0 {
                format!("at {:.2} shares a unit", s.price)
            } else {
                "enough for all who asked".to_string()
            };
            out.push(format!("the community store held {} {g}, {price}", s.stock));
            for h in &s.handed {
                out.push(format!(
                    "the store handed {} {} {g} for {} shares",
                    name(h.member),
                    h.units,
                    h.shares
                ));
            }
            for &(m, units) in &s.donated {
                out.push(format!("{} left {units} {g} at the store", name(m)));
            }
        }
        for a in &self.asks {
            let through = match a.via {
                Some(v) => format!(" through {}", name(v)),
                None => String::new(),
            };
            let head = format!(
                "{} asked {}{through} (bond {:.2})",
                name(a.asker),
                name(a.partner),
                a.weight
            );
            out.push(match a.outcome {
                AskOutcome::Gave { units, value, debt } => format!(
                    "{head}: given {units} {g} worth {value}{}",
                    if debt { ", as a debt" } else { "" }
                ),
                AskOutcome::Refused {
                    readiness,
                    bond,
                    prejudice,
                    ..
                } => format!(
                    "{head}: refused (readiness {readiness:.2}: bond {bond:.2}, prejudice {prejudice:.2})"
                ),
                AskOutcome::NothingToSpare { held, need_line } => {
                    format!("{head}: nothing to spare (holds {held}, needs {need_line})")
                }
            });
        }
        for &(m, units) in &self.went_without {
            out.push(format!("{} went without {units} {g}", name(m)));
        }
        out
    }
}
