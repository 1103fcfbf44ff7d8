//! Blurring the lines (issue 12): the default scenario played under pure and layered
//! regimes over many seeds, measured on who each arrangement serves.
//!
//! Every policy is a list of ordinary commands applied before the first turn, so a run is
//! a replay like any other. Nothing here is tuned: the figures are whatever the engine's
//! mechanics produce with the scenario's shipped parameters.

use std::sync::Arc;

use anyhow::{Context, Result};

use crate::engine::report::TurnReport;
use crate::engine::types::{Mark, Priority};
use crate::engine::world::scenario::Member;
use crate::engine::{Command, Game, Regime, World};

/// One arrangement of the community's institutions.
#[derive(Debug, Clone)]
pub struct Arrangement {
    pub name: &'static str,
    pub commands: Vec<Command>,
}

/// Every good under `regime`, with `fallback`.
fn all(world: &World, regime: Regime, fallback: Option<Regime>) -> Vec<Command> {
    world
        .scenario
        .goods
        .iter()
        .map(|g| Command::SetRegime {
            good: g.id.clone(),
            regime,
            fallback,
        })
        .collect()
}

/// The six arrangements of the table.
pub fn arrangements(world: &World) -> Vec<Arrangement> {
    let mut exchange_aid = all(world, Regime::Exchange, Some(Regime::Aid));
    exchange_aid.extend([Command::SetDemurrage(50), Command::SetDividend(true)]);
    let mut commons_exchange = all(world, Regime::Commons, Some(Regime::Exchange));
    commons_exchange.push(Command::SetContributionCredits(true));
    vec![
        Arrangement {
            name: "all Commons",
            commands: all(world, Regime::Commons, None),
        },
        Arrangement {
            name: "all Exchange",
            commands: all(world, Regime::Exchange, None),
        },
        Arrangement {
            name: "all Aid",
            commands: all(world, Regime::Aid, None),
        },
        Arrangement {
            name: "the scenario's own mix",
            commands: Vec::new(),
        },
        Arrangement {
            name: "Exchange → Aid, demurrage 5% + dividend",
            commands: exchange_aid,
        },
        Arrangement {
            name: "Commons → Exchange, contribution credits",
            commands: commons_exchange,
        },
    ]
}

/// The measures of one game.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Measures {
    /// Share of all survival need units met, over the game.
    pub survival: f64,
    /// Share of the care member's needs of the care good met, over the game.
    pub care: f64,
    /// Share of the member who cannot work's survival needs met, over the game.
    pub cannot_work: f64,
    /// Mean over turns of the lowest wellbeing.
    pub worst_off: f64,
    /// Mean over turns of the Gini of wellbeing.
    pub gini: f64,
    /// Bond density at the end.
    pub density: f64,
}

pub const COLUMNS: [&str; 6] = [
    "survival needs met",
    "Ava: care met",
    "Tom: survival met",
    "worst-off wellbeing",
    "Gini of wellbeing",
    "bond density",
];

impl Measures {
    pub fn values(&self) -> [f64; 6] {
        [
            self.survival,
            self.care,
            self.cannot_work,
            self.worst_off,
            self.gini,
            self.density,
        ]
    }
}

/// Who the care and cannot-work columns are about, found from the scenario's declarations
/// (no member is named): the care column follows the most-marked member who needs care (a
/// `Health` need) and can work, in that need's good; the cannot-work column the first member
/// who needs care and has no skill. In Riverside these are Ava (medicine) and Tom.
#[derive(Debug, Clone)]
pub struct Subjects {
    /// The member needing care and the good that is their care.
    pub care: (usize, usize),
    /// The member who cannot work.
    pub cannot_work: usize,
}

impl Subjects {
    pub fn of(world: &World) -> Result<Subjects> {
        let members = &world.scenario.members;
        let care_good = |m: &Member| {
            m.needs
                .iter()
                .find(|n| n.priority == Priority::Health)
                .and_then(|n| world.good(&n.good))
        };
        let low = |m: &Member| m.marks.values().filter(|k| **k == Mark::Low).count();
        let mut care: Option<(usize, usize, usize)> = None;
        for (i, m) in members.iter().enumerate() {
            if let Some(g) = care_good(m)
                && !m.skills.is_empty()
                && care.is_none_or(|(_, _, l)| low(m) > l)
            {
                care = Some((i, g, low(m)));
            }
        }
        let (care_member, good, _) =
            care.context("no member who needs care (a Health need) and can work")?;
        let cannot_work = members
            .iter()
            .position(|m| care_good(m).is_some() && m.skills.is_empty())
            .context("no member who needs care (a Health need) and has no skill")?;
        Ok(Subjects {
            care: (care_member, good),
            cannot_work,
        })
    }
}

/// Units (met, needed) of member `m`'s needs matching `which` this turn; a member who is
/// gone still needs what they needed (leaving is not being served).
fn tally(
    game: &Game,
    r: &TurnReport,
    m: usize,
    which: impl Fn(usize, Priority) -> bool,
) -> (u64, u64) {
    match r.members.iter().find(|x| x.member == m) {
        Some(mr) => mr
            .needs
            .iter()
            .filter(|o| which(o.good, o.priority))
            .fold((0, 0), |(a, b), o| {
                (a + o.met.min(o.needed) as u64, b + o.needed as u64)
            }),
        None => {
            let needs = &game.state().members[m].needs;
            let needed = needs
                .iter()
                .filter(|n| which(n.good, n.priority))
                .map(|n| n.amount as u64)
                .sum();
            (0, needed)
        }
    }
}

/// Play one game of `turns` turns under `arr` and measure it.
pub fn play(
    world: &Arc<World>,
    subjects: &Subjects,
    arr: &Arrangement,
    seed: u64,
    turns: u32,
) -> Result<Measures> {
    let mut game = Game::new(Arc::clone(world), seed);
    for c in &arr.commands {
        game.apply(c.clone())?;
    }
    let (mut surv_met, mut surv_need) = (0u64, 0u64);
    let mut care = (0u64, 0u64);
    let mut tom = (0u64, 0u64);
    let (mut worst, mut gini, mut n) = (0.0, 0.0, 0u32);
    let mut density = 0.0;
    for _ in 0..turns {
        if game.is_over() {
            break;
        }
        let Some(r) = game.apply(Command::EndTurn)? else {
            break;
        };
        for mr in &r.members {
            for o in mr.needs.iter().filter(|o| o.priority == Priority::Survival) {
                surv_met += o.met.min(o.needed) as u64;
                surv_need += o.needed as u64;
            }
        }
        let (who, good) = subjects.care;
        let c = tally(&game, &r, who, |g, _| g == good);
        care = (care.0 + c.0, care.1 + c.1);
        let t = tally(&game, &r, subjects.cannot_work, |_, p| {
            p == Priority::Survival
        });
        tom = (tom.0 + t.0, tom.1 + t.1);
        worst += r.metrics.worst_wellbeing;
        gini += r.metrics.gini_wellbeing;
        density = r.metrics.bond_density;
        n += 1;
    }
    let share = |(a, b): (u64, u64)| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let n = n.max(1) as f64;
    Ok(Measures {
        survival: share((surv_met, surv_need)),
        care: share(care),
        cannot_work: share(tom),
        worst_off: worst / n,
        gini: gini / n,
        density,
    })
}

/// Mean and standard deviation of each column over the seeds.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: &'static str,
    pub mean: [f64; 6],
    pub sd: [f64; 6],
}

/// Play every arrangement over `seeds` seeds of `turns` turns.
pub fn table(world: &Arc<World>, seeds: u64, turns: u32) -> Result<Vec<Row>> {
    let subjects = Subjects::of(world)?;
    let mut rows = Vec::new();
    for arr in arrangements(world) {
        let runs: Vec<[f64; 6]> = (0..seeds)
            .map(|s| play(world, &subjects, &arr, s, turns).map(|m| m.values()))
            .collect::<Result<_>>()?;
        let k = runs.len().max(1) as f64;
        let mut mean = [0.0; 6];
        let mut sd = [0.0; 6];
        for c in 0..6 {
            mean[c] = runs.iter().map(|r| r[c]).sum::<f64>() / k;
            let var = runs.iter().map(|r| (r[c] - mean[c]).powi(2)).sum::<f64>() / k;
            sd[c] = var.sqrt();
        }
        rows.push(Row {
            name: arr.name,
            mean,
            sd,
        });
    }
    Ok(rows)
}

/// For each column, the rows best on it (highest, but lowest for the Gini), within 0.0005.
pub fn best(rows: &[Row]) -> [Vec<usize>; 6] {
    std::array::from_fn(|c| {
        let lower_better = c == 4;
        let key = |r: &Row| if lower_better { -r.mean[c] } else { r.mean[c] };
        let top = rows.iter().map(key).fold(f64::NEG_INFINITY, f64::max);
        (0..rows.len())
            .filter(|&i| key(&rows[i]) >= top - 0.0005)
            .collect()
    })
}

/// The table in Markdown: "mean ± sd", the best of each column in bold.
pub fn markdown(rows: &[Row]) -> String {
    let best = best(rows);
    let mut s = format!("| policy | {} |\n|---|", COLUMNS.join(" | "));
    s.push_str(&"---|".repeat(6));
    s.push('\n');
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&format!("| {} |", r.name));
        for (c, winners) in best.iter().enumerate() {
            let cell = format!("{:.3} ± {:.3}", r.mean[c], r.sd[c]);
            if winners.contains(&i) {
                s.push_str(&format!(" **{cell}** |"));
            } else {
                s.push_str(&format!(" {cell} |"));
            }
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::sim::SimSpec;

    #[test]
    fn a_small_table_is_deterministic_and_in_range() {
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        let a = table(&world, 2, 4).unwrap();
        let b = table(&world, 2, 4).unwrap();
        assert_eq!(a.len(), 6);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.mean, y.mean);
            for v in x.mean {
                assert!((0.0..=1.0).contains(&v), "{v}");
            }
        }
        let md = markdown(&a);
        assert_eq!(md.lines().count(), 8);
        assert!(md.contains("Commons → Exchange"));
    }
}
