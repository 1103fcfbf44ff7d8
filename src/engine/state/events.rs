//! What the storylets keep between turns: choices waiting for the player, when each
//! storylet last fired, timed effects, need streaks and last turn's figures.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::metrics::Metrics;
use crate::engine::types::{GoodId, MemberId, Priority};

/// Members bound to each role of a storylet, in role order.
pub type Bindings = Vec<(String, Vec<MemberId>)>;

/// What the storylets keep between turns. Hashed with the rest of the state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventsState {
    /// Storylets drawn after the last turn, waiting for the player's answer.
    pub pending: Vec<Pending>,
    /// The turn each storylet last fired, by id.
    pub fired: BTreeMap<String, u32>,
    /// Effects that last some turns, undone at the start of turn `ends`.
    pub timers: Vec<Timer>,
    /// Per member, per good they need: turns fully met and turns unmet, running.
    pub streaks: Vec<Vec<Streak>>,
    /// Last turn's figures, read by `MetricBelow`/`MetricAbove`.
    pub metrics: Option<Metrics>,
}

/// A storylet waiting for the player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub storylet: String,
    pub title: String,
    /// The text, placeholders filled when it was drawn.
    pub text: String,
    pub roles: Bindings,
    /// Each choice's label, placeholders filled.
    pub choices: Vec<String>,
    /// The player's answer so far.
    pub answer: Option<u32>,
    /// The turn whose start applies the answer.
    pub turn: u32,
}

/// A timed effect and the turn at whose start it is undone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timer {
    pub ends: u32,
    pub what: Timed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Timed {
    Flag(String),
    Need {
        member: MemberId,
        good: GoodId,
        amount: u32,
        priority: Priority,
        label: String,
    },
    /// Output scaled to `percent`, for some members (all when `None`) and goods (all when `None`).
    Output {
        members: Option<Vec<MemberId>>,
        good: Option<GoodId>,
        percent: u32,
    },
    /// A parameter changed; `old` is restored.
    Param {
        path: String,
        old: f64,
    },
}

/// Turns running that a member's needs of one good were fully met, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streak {
    pub good: GoodId,
    pub met: u32,
    pub unmet: u32,
}

impl EventsState {
    pub fn new(members: usize) -> EventsState {
        EventsState {
            streaks: vec![Vec::new(); members],
            ..EventsState::default()
        }
    }

    /// The streak of member `m` in good `g`, if they need it.
    pub fn streak(&self, m: MemberId, g: GoodId) -> Option<Streak> {
        self.streaks.get(m)?.iter().find(|s| s.good == g).copied()
    }
}
