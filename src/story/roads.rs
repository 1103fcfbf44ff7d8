//! The roads not taken: the same scenario, seed and storylet choices re-run under
//! all-`Commons`, all-`Exchange`, all-`Aid` and the player's own history of policies, then
//! compared member by member and on the community's figures.
//!
//! The player's road replays the player's command log exactly. Another road puts every good
//! under its regime at the start and keeps the player's other policy commands, but not their
//! regime changes. Storylets there are answered as the player answered the same storylet (its
//! first, second … occurrence); a storylet the player never saw, or whose choice cannot apply
//! on that road, takes its first choice, and the comparison says so.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::command::CommandError;
use crate::engine::metrics::Metrics;
use crate::engine::report::Entry;
use crate::engine::report::events::How;
use crate::engine::types::GoodId;
use crate::engine::{Command, Game, Regime, World};
use crate::story::epilogue::{Tally, num};
use crate::story::history::History;
use crate::story::objectives::{self, Judged};
use crate::story::whatif::{self, WhatIf};

/// One road, played to its end.
#[derive(Debug, Clone)]
pub struct Road {
    /// `player`, `commons`, `exchange` or `aid`.
    pub name: &'static str,
    pub history: History,
    pub game: Game,
    /// Where this road's storylets could not follow the player's choices, and why.
    pub notes: Vec<String>,
}

/// Every road of one game.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub world: Arc<World>,
    pub seed: u64,
    pub roads: Vec<Road>,
    /// One good at a time under another regime, the player's game otherwise: those that
    /// changed most for someone (`whatif`).
    pub whatifs: Vec<WhatIf>,
}

/// Figures compared across roads: (metric, how it reads, whether higher is better).
pub const COMPARED: [(&str, &str, bool); 6] = [
    ("needs_met", "needs met (mean)", true),
    ("survival_met", "survival needs met (mean)", true),
    ("worst_wellbeing", "worst-off wellbeing (mean)", true),
    ("gini_wellbeing", "Gini of wellbeing (mean)", false),
    ("bond_density", "bond density (last turn)", true),
    ("present", "members present (last turn)", true),
];

/// Re-run the game whose command log is `log` down every road.
pub fn compare(world: Arc<World>, seed: u64, log: &[Command]) -> Result<Comparison, CommandError> {
    let player = play_player(&world, seed, log)?;
    let answers = answers_of(&player.history);
    let mut roads = vec![player];
    for (name, regime) in [
        ("commons", Regime::Commons),
        ("exchange", Regime::Exchange),
        ("aid", Regime::Aid),
    ] {
        let on = Fixed { regime, good: None };
        roads.push(play_road(&world, seed, log, name, on, &answers, &roads[0])?);
    }
    let whatifs = whatif::search(&roads[0], |good, regime| {
        let on = Fixed {
            regime,
            good: Some(good),
        };
        play_road(&world, seed, log, "what-if", on, &answers, &roads[0])
    })?;
    Ok(Comparison {
        world,
        seed,
        roads,
        whatifs,
    })
}

/// What a road holds fixed: every good (`good: None`) or one, under `regime` from the start;
/// the player's regime changes to it are not replayed.
#[derive(Debug, Clone, Copy)]
pub struct Fixed {
    pub regime: Regime,
    pub good: Option<GoodId>,
}

impl Fixed {
    fn holds(&self, g: GoodId) -> bool {
        self.good.is_none_or(|x| x == g)
    }
}

fn play_player(world: &Arc<World>, seed: u64, log: &[Command]) -> Result<Road, CommandError> {
    let mut game = Game::new(Arc::clone(world), seed);
    let mut history = History::new(game.state());
    for c in log {
        if let Some(r) = game.apply(c.clone())? {
            history.record(game.state(), &r);
        }
    }
    Ok(Road {
        name: "player",
        history,
        game,
        notes: Vec::new(),
    })
}

/// The player's answer to each storylet, by id, in the order they came up.
fn answers_of(history: &History) -> BTreeMap<String, Vec<(u32, String)>> {
    let mut out: BTreeMap<String, Vec<(u32, String)>> = BTreeMap::new();
    for r in &history.reports {
        for e in &r.chronicle {
            if let Entry::Storylet(s) = e
                && let Some(a) = &s.answer
            {
                let wanted = match a.how {
                    How::FellBack { wanted } => wanted,
                    How::Chosen | How::Unanswered => a.index,
                };
                out.entry(s.storylet.clone())
                    .or_default()
                    .push((wanted, a.label.clone()));
            }
        }
    }
    out
}

fn play_road(
    world: &Arc<World>,
    seed: u64,
    log: &[Command],
    name: &'static str,
    on: Fixed,
    answers: &BTreeMap<String, Vec<(u32, String)>>,
    player: &Road,
) -> Result<Road, CommandError> {
    let mut game = Game::new(Arc::clone(world), seed);
    for (i, g) in world.scenario.goods.iter().enumerate() {
        if on.holds(i) {
            game.apply(Command::SetRegime {
                good: g.id.clone(),
                regime: on.regime,
                fallback: None,
            })?;
        }
    }
    let mut history = History::new(game.state());
    let mut notes = Vec::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let unit = &world.scenario.meta.turn_unit;
    for c in log {
        if game.is_over() {
            break;
        }
        match c {
            // The road keeps its own regime; storylets are answered below.
            Command::SetRegime { good, .. } if world.good(good).is_none_or(|g| on.holds(g)) => {}
            Command::Choose { .. } => {}
            Command::EndTurn => {
                let turn = game.turn() + 1;
                let pending: Vec<(String, String, Vec<String>)> = game
                    .state()
                    .events
                    .pending
                    .iter()
                    .map(|p| (p.storylet.clone(), p.title.clone(), p.choices.clone()))
                    .collect();
                for (id, title, labels) in pending {
                    let k = used.entry(id.clone()).or_default();
                    match answers.get(&id).and_then(|v| v.get(*k)) {
                        Some((choice, label)) => {
                            *k += 1;
                            if *choice != 0
                                && game
                                    .apply(Command::Choose {
                                        storylet: id.clone(),
                                        choice: *choice,
                                    })
                                    .is_err()
                            {
                                notes.push(format!(
                                    "{unit} {turn}, “{title}”: the player's choice “{label}” cannot apply on this road; it took “{}”",
                                    labels.first().map_or("", String::as_str)
                                ));
                            }
                        }
                        None => notes.push(format!(
                            "{unit} {turn}, “{title}” did not come up this often on the player's road; it took “{}”",
                            labels.first().map_or("", String::as_str)
                        )),
                    }
                }
                if let Some(r) = game.apply(Command::EndTurn)? {
                    for e in &r.chronicle {
                        if let Entry::Storylet(s) = e
                            && let Some(a) = &s.answer
                            && let How::FellBack { .. } = a.how
                        {
                            notes.push(format!(
                                "{unit} {}, “{}”: the player's choice was no longer open when the turn ended; it took “{}”",
                                r.turn, s.title, a.label
                            ));
                        }
                    }
                    history.record(game.state(), &r);
                }
            }
            other => {
                if let Err(e) = game.apply(other.clone()) {
                    notes.push(format!("a command was refused on this road: {e}"));
                }
            }
        }
    }
    notes.extend(differences(&player.history, &history));
    Ok(Road {
        name,
        history,
        game,
        notes,
    })
}

/// Storylets that happened on one road and not the other.
fn differences(player: &History, road: &History) -> Vec<String> {
    let titles = |h: &History| -> BTreeMap<String, String> {
        h.reports
            .iter()
            .flat_map(|r| r.chronicle.iter())
            .filter_map(|e| match e {
                Entry::Storylet(s) => Some((s.storylet.clone(), s.title.clone())),
                _ => None,
            })
            .collect()
    };
    let (p, r) = (titles(player), titles(road));
    let missing: Vec<&str> = p
        .iter()
        .filter(|(id, _)| !r.contains_key(*id))
        .map(|(_, t)| t.as_str())
        .collect();
    let extra: Vec<&str> = r
        .iter()
        .filter(|(id, _)| !p.contains_key(*id))
        .map(|(_, t)| t.as_str())
        .collect();
    let mut out = Vec::new();
    if !missing.is_empty() {
        out.push(format!(
            "never happened on this road: {}",
            missing.join("; ")
        ));
    }
    if !extra.is_empty() {
        out.push(format!("happened only on this road: {}", extra.join("; ")));
    }
    out
}

impl Road {
    /// A compared figure: mean over the turns, or its last value (see `COMPARED`).
    pub fn figure(&self, metric: &str) -> f64 {
        let span = match metric {
            "bond_density" | "present" => crate::engine::world::story::Span::End,
            _ => crate::engine::world::story::Span::Mean,
        };
        objectives::figure(&self.history.reports, metric, span).unwrap_or(0.0)
    }

    /// Member `m`'s mean weighted share of needs met over the turns they were present.
    pub fn needs_met(&self, m: usize) -> Option<f64> {
        let xs: Vec<f64> = self
            .history
            .reports
            .iter()
            .filter_map(|r| r.members.iter().find(|x| x.member == m).map(|x| x.met))
            .collect();
        (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
    }

    /// For member `m`, their least-met need on this road and the reason most often given.
    pub fn shortfall(&self, m: usize) -> Option<String> {
        let world = self.game.world();
        // Per need (label, priority): turns it was unmet, turns it was needed, and the reasons.
        let mut count: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
        let mut why: BTreeMap<(String, String), Tally> = BTreeMap::new();
        for r in &self.history.reports {
            let Some(mr) = r.members.iter().find(|x| x.member == m) else {
                continue;
            };
            let mut this_turn: BTreeMap<(String, String), bool> = BTreeMap::new();
            for o in &mr.needs {
                let key = (
                    if o.label.is_empty() {
                        world.good_name(o.good).to_string()
                    } else {
                        o.label.clone()
                    },
                    o.priority.name().to_string(),
                );
                let unmet = this_turn.entry(key.clone()).or_default();
                if o.met < o.needed {
                    *unmet = true;
                    why.entry(key.clone()).or_default().add(world, o);
                }
            }
            for (key, unmet) in this_turn {
                let c = count.entry(key).or_default();
                c.1 += 1;
                c.0 += u32::from(unmet);
            }
        }
        let (key, (unmet, of)) = count
            .into_iter()
            .filter(|(_, (u, _))| *u > 0)
            .max_by(|a, b| (a.1.0 * b.1.1).cmp(&(b.1.0 * a.1.1)).then(b.0.cmp(&a.0)))?;
        let reason = why
            .get(&key)
            .and_then(Tally::most)
            .map(|w| format!(" — most often: {w}"))
            .unwrap_or_default();
        let unit = &world.scenario.meta.turn_unit;
        let s = if of == 1 { "" } else { "s" };
        Some(format!(
            "{} ({}) unmet {unmet} of {of} {unit}{s}{reason}",
            key.0, key.1
        ))
    }

    pub fn objectives(&self) -> Vec<Judged> {
        objectives::judge(self.game.world(), &self.history.reports, self.game.state())
    }
}

impl Comparison {
    /// The comparison as text: figures side by side, member by member with the reasons, notes.
    pub fn render(&self) -> String {
        let w = &self.world;
        let mut s = format!(
            "ROADS NOT TAKEN — {}, seed {}, {} turns\n\n",
            w.scenario.meta.name,
            self.seed,
            self.roads[0].history.turns()
        );
        let header: String = self
            .roads
            .iter()
            .map(|r| format!("{:>10}", r.name))
            .collect();
        s.push_str(&format!("{:<30}{header}\n", ""));
        for (metric, label, higher) in COMPARED {
            let vals: Vec<f64> = self.roads.iter().map(|r| r.figure(metric)).collect();
            let best = best_of(&vals, higher);
            let row: String = vals
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let mark = if best == Some(i) { "*" } else { " " };
                    format!("{:>9}{mark}", num(*v))
                })
                .collect();
            s.push_str(&format!("{label:<30}{row}\n"));
        }
        if !w.scenario.meta.objectives.is_empty() {
            s.push_str("\nObjectives (✓ met)\n");
            let judged: Vec<Vec<Judged>> = self.roads.iter().map(Road::objectives).collect();
            for (i, o) in w.scenario.meta.objectives.iter().enumerate() {
                let row: String = judged
                    .iter()
                    .map(|j| {
                        let ok = j[i].status.good();
                        format!("{:>10}", if ok { "✓" } else { "✗" })
                    })
                    .collect();
                s.push_str(&format!("{:<30}{row}\n", truncate(&o.text, 29)));
            }
        }
        if !self.whatifs.is_empty() {
            s.push_str(
                "\nOne good at a time: the player's game with one good under another regime\n",
            );
            for x in &self.whatifs {
                s.push_str(&format!("  · {}\n", x.sentence(w)));
            }
        }
        s.push_str(&format!(
            "\nMember by member: needs met, mean over the {}s present (* best road)\n",
            w.scenario.meta.turn_unit
        ));
        for (m, def) in w.scenario.members.iter().enumerate() {
            let vals: Vec<Option<f64>> = self.roads.iter().map(|r| r.needs_met(m)).collect();
            if vals.iter().all(Option::is_none) {
                continue;
            }
            let known: Vec<f64> = vals.iter().map(|v| v.unwrap_or(-1.0)).collect();
            let best = best_of(&known, true);
            let row: String = vals
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Some(v) => {
                        let mark = if best == Some(i) { "*" } else { " " };
                        format!("{:>8.0}%{mark}", v * 100.0)
                    }
                    None => format!("{:>10}", "—"),
                })
                .collect();
            s.push_str(&format!("{:<30}{row}\n", truncate(&def.name, 29)));
            let top = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            for (i, r) in self.roads.iter().enumerate() {
                if known[i] >= 0.0
                    && top - known[i] >= 0.1
                    && let Some(why) = r.shortfall(m)
                {
                    s.push_str(&format!("    {:<9} {why}\n", r.name));
                }
            }
        }
        for r in &self.roads {
            if !r.notes.is_empty() {
                s.push_str(&format!("\nNotes on the {} road\n", r.name));
                for n in &r.notes {
                    s.push_str(&format!("  · {n}\n"));
                }
            }
        }
        s
    }

    /// `{ road: { metrics, figures, members: { id: { needs_met, wellbeing, present } }, notes },
    /// one_good_at_a_time: [ { good, regime, member, need, met, of, player_met, player_of,
    /// text } ] }`.
    pub fn json(&self) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        for r in &self.roads {
            let last = r.history.reports.last().map(|x| x.metrics.clone());
            let members: serde_json::Map<String, serde_json::Value> = self
                .world
                .scenario
                .members
                .iter()
                .enumerate()
                .map(|(m, def)| {
                    (
                        def.id.clone(),
                        serde_json::json!({
                            "needs_met": r.needs_met(m),
                            "wellbeing": r.game.state().members[m].wellbeing,
                            "present": r.game.state().members[m].present,
                        }),
                    )
                })
                .collect();
            let figures: serde_json::Map<String, serde_json::Value> = COMPARED
                .iter()
                .map(|(metric, _, _)| (metric.to_string(), serde_json::json!(r.figure(metric))))
                .collect();
            out.insert(
                r.name.to_string(),
                serde_json::json!({
                    "metrics": last.unwrap_or_else(Metrics::default),
                    "figures": figures,
                    "members": members,
                    "objectives": r.objectives(),
                    "hash": format!("{:016x}", r.game.hash()),
                    "notes": r.notes,
                }),
            );
        }
        let whatifs: Vec<serde_json::Value> = self
            .whatifs
            .iter()
            .map(|x| {
                serde_json::json!({
                    "good": self.world.scenario.goods[x.good].id,
                    "regime": x.regime,
                    "member": self.world.scenario.members[x.member].id,
                    "need": x.need,
                    "met": x.met,
                    "of": x.of,
                    "player_met": x.player_met,
                    "player_of": x.player_of,
                    "text": x.sentence(&self.world),
                })
            })
            .collect();
        out.insert(
            "one_good_at_a_time".into(),
            serde_json::Value::Array(whatifs),
        );
        serde_json::Value::Object(out)
    }
}

/// Index of the best value (the first of equals), if they are not all equal.
fn best_of(vals: &[f64], higher: bool) -> Option<usize> {
    let pick =
        vals.iter()
            .enumerate()
            .fold(None, |acc: Option<(usize, f64)>, (i, &v)| match acc {
                Some((_, b)) if (higher && v <= b) || (!higher && v >= b) => acc,
                _ => Some((i, v)),
            })?;
    let all_equal = vals.iter().all(|v| (v - pick.1).abs() < 1e-12);
    (!all_equal).then_some(pick.0)
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
