//! What a workplace did in a turn, as data: who worked, who struck and why, what was paid,
//! what was made, and who took it. Front ends render it with `describe`.

use serde::{Deserialize, Serialize};

use crate::engine::types::MemberId;
use crate::engine::world::World;
use crate::engine::world::scenario::Run;

/// One workplace's turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shift {
    pub workplace: usize,
    pub run_by: Run,
    /// Crew who worked, with their days.
    pub worked: Vec<(MemberId, u32)>,
    /// Crew who withheld their days.
    pub struck: Vec<MemberId>,
    /// Crew who held the wage unfair but worked: they could not afford to go without it.
    pub crossed: Vec<MemberId>,
    /// A storylet called the strike (else the wage called it).
    pub called: bool,
    /// The wage a day, and the least a day's work there is fairly paid (the crew's mean).
    pub wage: u32,
    pub fair: u32,
    /// Scrip paid in wages.
    pub wages: u64,
    /// Days the payers could not pay for (not worked).
    pub unpaid: u32,
    /// Units made this turn, and who took them.
    pub units: u32,
    pub shared: Vec<(MemberId, u32)>,
    /// Under its workers: the share of the output their meeting settled to divide by what
    /// each made (the rest equally).
    pub by_work: Option<f64>,
}

impl Shift {
    /// Whether the crew struck.
    pub fn strike(&self) -> bool {
        !self.struck.is_empty()
    }

    /// "The mill (its owner): 4 struck — the wage, 2 a day, is below 5, half of what a day
    /// there makes; Ada worked, unable to afford to strike; 3 flour to Hal".
    pub fn describe(&self, world: &World) -> String {
        let def = &world.scenario.meta.workplaces[self.workplace];
        let good = world.good_name(world.workplaces[self.workplace].good);
        let names = |v: &[MemberId]| {
            v.iter()
                .map(|&m| first(world.member_name(m)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let by = match self.run_by {
            Run::Owner => "its owner",
            Run::Shares => "its shareholders",
            Run::Workers => "its workers",
        };
        let mut s = format!("{} (run by {by})", capital(&def.name));
        if self.strike() {
            let why = if self.called {
                "a strike was called".to_string()
            } else {
                format!(
                    "the wage, {} a day, is below {}, {}% of what a day there makes",
                    self.wage, self.fair, def.fair_pct
                )
            };
            s.push_str(&format!(": {} struck — {why}", names(&self.struck)));
            if !self.crossed.is_empty() {
                s.push_str(&format!(
                    "; {} worked, unable to afford to go without the wage",
                    names(&self.crossed)
                ));
            }
        } else {
            let days: u32 = self.worked.iter().map(|w| w.1).sum();
            s.push_str(&format!(": {} worked {days} days", self.worked.len()));
            if self.run_by != Run::Workers {
                s.push_str(&format!(
                    " for {} scrip a day ({} in all)",
                    self.wage, self.wages
                ));
            }
        }
        if self.unpaid > 0 {
            s.push_str(&format!(
                "; {} days went unworked, nobody could pay them",
                self.unpaid
            ));
        }
        let shared: Vec<String> = self
            .shared
            .iter()
            .map(|&(m, u)| format!("{u} to {}", first(world.member_name(m))))
            .collect();
        if self.units > 0 {
            s.push_str(&format!(
                "; {} {good} made: {}",
                self.units,
                shared.join(", ")
            ));
        }
        if let Some(t) = self.by_work {
            s.push_str(&format!(
                " (their meeting settled on {:.0}% by what each made, the rest equally)",
                t * 100.0
            ));
        }
        s
    }
}

fn first(name: &str) -> &str {
    name.split(' ').next().unwrap_or(name)
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
