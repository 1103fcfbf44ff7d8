//! What a workplace remembers between turns: whether it is working, who runs it, its wage,
//! its fractional output, and any strike.

use serde::{Deserialize, Serialize};

use crate::engine::world::scenario::{Run, Workplace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkplaceState {
    pub open: bool,
    pub run_by: Run,
    /// Scrip a day paid to each worker (under an owner or shares).
    pub wage: u32,
    /// Output carried between turns, in thousandths of a unit.
    pub progress: u32,
    /// Turns left of a strike a storylet called.
    pub called: u32,
    /// The crew withheld its days last turn.
    pub struck: bool,
}

impl WorkplaceState {
    pub fn new(w: &Workplace) -> WorkplaceState {
        WorkplaceState {
            open: w.open,
            run_by: w.run_by,
            wage: w.wage,
            progress: 0,
            called: 0,
            struck: false,
        }
    }
}
