//! `agora sim`: one game headless, a line per turn or one JSON object; optionally saved as a
//! replay, told as an epilogue, or compared with the roads of the three regimes.

use std::path::PathBuf;
use std::process::ExitCode;

use agora::content::mods::{self, reload::ContentSpec};
use agora::engine::State;
use agora::engine::TurnReport;
use agora::engine::metrics::Metrics;
use agora::engine::world::difficulty::Difficulty;
use agora::lab::sim::{self, Policy, SimSpec};
use agora::save;
use agora::story::epilogue::Epilogue;
use agora::story::history::{self, History};
use agora::story::objectives::{self, grade};
use agora::story::roads;
use anyhow::Result;

use crate::cli::{Mods, Scenario, print_json, say, tell};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scenario: Scenario,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Turns to play (default: the scenario's length).
    #[arg(long)]
    turns: Option<u32>,
    /// mixed (the scenario's own regimes), commons, exchange or aid (every good), then any
    /// per-good changes: `mixed+medicine=exchange`, `mixed+medicine=exchange>aid+press=commons`.
    #[arg(long, default_value = "mixed")]
    policy: String,
    /// A RON list of commands to apply before given turns.
    #[arg(long)]
    commands: Option<PathBuf>,
    /// Grow the scenario to N members drawn from its own (deterministic from the seed),
    /// for scaling runs.
    #[arg(long, value_name = "N")]
    synthetic: Option<usize>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    json: bool,
    /// After the game, print the epilogue: each member's story, the figures, the objectives.
    #[arg(long)]
    epilogue: bool,
    /// Re-run the game under all-Commons, all-Exchange and all-Aid and compare the roads.
    #[arg(long)]
    compare: bool,
    #[command(flatten)]
    mods: Mods,
    /// Write the game as a save (a replay) to this file.
    #[arg(long)]
    save: Option<PathBuf>,
    /// With --save: write the save after every N turns too (atomically), not just at the end.
    #[arg(long, requires = "save")]
    save_every: Option<u32>,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let content = a.scenario.with(a.mods);
    let difficulty = content.difficulty;
    if let Some(path) = &a.save {
        // Refused now, not after the game: a save goes only over a save.
        save::store::replaceable(path)?;
    }
    let opened = SimSpec::open(&content, a.turns)?;
    let meta = sim_meta(&content, &opened.mods);
    let (mut world, turns) = (opened.world, opened.turns);
    if let Some(n) = a.synthetic {
        world = sim::synthetic(&world, n, a.seed)?;
        if a.save.is_some() {
            // Whatever the game writes it must read: a save's content is checked as files are.
            agora::content::load::check_parsed(&world.scenario, "synthetic").map_err(|d| {
                anyhow::anyhow!(
                    "a synthetic community of {n} cannot be saved, as its content is over a limit content must keep:\n{}",
                    d.iter().filter(|d| d.is_error()).map(|d| d.headline()).collect::<Vec<_>>().join("\n")
                )
            })?;
        }
    }
    let script = match &a.commands {
        Some(path) => sim::read_script(path)?,
        None => Vec::new(),
    };
    let policy = Policy::parse_for(&a.policy, &world)?;
    let spec = SimSpec {
        world,
        seed: a.seed,
        turns,
        policy,
        script,
    };
    if a.compare {
        let run = sim::run(&spec, |_, _| {})?;
        let cmp = roads::compare(spec.world.clone(), a.seed, run.game.log())?;
        if a.json {
            print_json(&cmp.json())?;
        } else {
            say(cmp.render().trim_end_matches('\n'));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !a.json {
        say(&format!(
            "{} — seed {}, policy {}, {turns} turns",
            spec.world.scenario.meta.name, a.seed, spec.policy.name
        ));
        println!("{}", sim::table_header());
    }
    let mut history: Option<History> = None;
    let mut reports: Vec<TurnReport> = Vec::new();
    let mut recorder = save::Recorder::default();
    let mut save_error = None;
    let run = sim::run(&spec, |game, report| {
        recorder.observe(game);
        if let (Some(path), Some(every)) = (&a.save, a.save_every)
            && game.turn().is_multiple_of(every.max(1))
            && let Err(e) =
                save::store::write_to(path, &save::Save::capture(game, &meta, &recorder.keyframes))
        {
            save_error.get_or_insert(e);
        }
        if a.json {
            reports.push(report.clone());
        } else {
            say(&sim::table_row(game.world(), report));
        }
        if a.epilogue {
            history
                .get_or_insert_with(|| History::new(&State::new(game.world(), a.seed)))
                .record(game.state(), report);
        }
    })?;
    if let Some(e) = save_error {
        anyhow::bail!("cannot save: {e}");
    }
    if let Some(path) = &a.save {
        let s = save::Save::capture(&run.game, &meta, &recorder.keyframes);
        save::store::write_to(path, &s)
            .map_err(|e| anyhow::anyhow!("cannot save to {}: {e}", path.display()))?;
        if !a.json {
            tell(&format!("saved {} turns to {}", s.turns(), path.display()));
        }
    }
    let told = history.map(|h| Epilogue::build(&spec.world, &h, run.game.state()));
    if a.json {
        let empty = Metrics::default();
        let mut j = sim::json(&spec, &run, &empty);
        j.mods = opened.mods;
        let mut v = serde_json::to_value(j)?;
        if let Some(e) = &told {
            v["epilogue"] = serde_json::to_value(e)?;
        }
        add_goals(&mut v, &spec, &run, &reports, difficulty)?;
        print_json(&v)?;
    } else {
        println!("hash {:016x}", run.game.hash());
        if let Some(e) = &told {
            say(&format!("\n{}", e.render().trim_end_matches('\n')));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The JSON's goals: the difficulty, each objective as judged, the grade, and every storylet
/// that fired with the choice taken.
fn add_goals(
    v: &mut serde_json::Value,
    spec: &SimSpec,
    run: &sim::SimRun,
    reports: &[TurnReport],
    difficulty: Difficulty,
) -> Result<()> {
    let judged = objectives::judge(&spec.world, reports, run.game.state());
    v["difficulty"] = serde_json::to_value(difficulty)?;
    v["grade"] = serde_json::to_value(grade::grade(&judged, reports))?;
    v["objectives"] = serde_json::to_value(&judged)?;
    v["storylets"] = serde_json::to_value(history::fired(reports))?;
    Ok(())
}

/// What a headless game's save records of where its content came from.
fn sim_meta(content: &ContentSpec, mods: &[mods::ModRef]) -> save::Meta {
    save::Meta {
        name: "sim".into(),
        source: content.scenario.clone(),
        mods: mods
            .iter()
            .map(|r| save::ModInfo {
                id: r.id.clone(),
                version: r.version.clone(),
            })
            .collect(),
        parent: None,
        difficulty: content.difficulty,
    }
}
