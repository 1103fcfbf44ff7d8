//! A game's history as the front ends keep it: every turn's report, and the few member
//! figures reports leave out (standing, scrip, lines of work), snapshotted after each turn.

use serde::{Deserialize, Serialize};

use crate::engine::report::{Entry, TurnReport};
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

/// A storylet as it happened: the turn it fired (for one with choices, the turn it was
/// offered), its id, and the choice taken (`None` for one without choices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fired {
    pub turn: u32,
    pub id: String,
    pub choice: Option<String>,
}

/// Every storylet that fired in these reports, in order.
pub fn fired(reports: &[TurnReport]) -> Vec<Fired> {
    let mut offered: std::collections::BTreeMap<&str, u32> = Default::default();
    let mut out = Vec::new();
    for r in reports {
        for e in &r.chronicle {
            match e {
                Entry::Offered(o) => {
                    offered.insert(&o.storylet, r.turn);
                }
                Entry::Storylet(s) => out.push(Fired {
                    turn: match &s.answer {
                        Some(_) => offered.remove(s.storylet.as_str()).unwrap_or(r.turn),
                        None => r.turn,
                    },
                    id: s.storylet.clone(),
                    choice: s.answer.as_ref().map(|a| a.label.clone()),
                }),
                _ => {}
            }
        }
    }
    out
}
