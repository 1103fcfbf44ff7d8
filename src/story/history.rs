//! A game's history as the front ends keep it: every turn's report, and the few member
//! figures reports leave out (standing, scrip, lines of work), snapshotted after each turn.

use serde::{Deserialize, Serialize};

use crate::engine::report::TurnReport;
use crate::engine::state::State;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Members at the start.
    pub start: Vec<Snapshot>,
    /// One report per turn played.
    pub reports: Vec<TurnReport>,
    /// Members after each turn, indexed like `reports`.
    pub after: Vec<Vec<Snapshot>>,
}

/// One member's figures at a moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub present: bool,
    pub standing: f64,
    pub scrip: u64,
    pub wellbeing: f64,
    /// Percentage of working time, by good.
    pub work: Vec<u32>,
}

fn snapshot(state: &State) -> Vec<Snapshot> {
    state
        .members
        .iter()
        .map(|m| Snapshot {
            present: m.present,
            standing: m.standing,
            scrip: m.scrip,
            wellbeing: m.wellbeing,
            work: m.work.clone(),
        })
        .collect()
}

impl History {
    /// A history beginning at `state` (a game's starting state).
    pub fn new(state: &State) -> History {
        History {
            start: snapshot(state),
            reports: Vec::new(),
            after: Vec::new(),
        }
    }

    /// Add a turn: its report and the state after it.
    pub fn record(&mut self, state: &State, report: &TurnReport) {
        self.reports.push(report.clone());
        self.after.push(snapshot(state));
    }

    pub fn turns(&self) -> u32 {
        self.reports.len() as u32
    }
}
