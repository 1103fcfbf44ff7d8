//! The `agora` command line: parsing and dispatch only.

use std::path::PathBuf;
use std::process::ExitCode;

use agora::content;
use agora::engine::State;
use agora::engine::metrics::Metrics;
use agora::lab::models;
use agora::lab::sim::{self, PolicyChoice, SimSpec};
use agora::save;
use agora::story::epilogue::Epilogue;
use agora::story::history::History;
use agora::story::roads;
use agora::tui;
use anyhow::Result;
use clap::{Parser, Subcommand};

/// A turn allocates and frees many small buffers; mimalloc serves them faster than the
/// system allocator (docs/PERFORMANCE.md). Results cannot change: only where memory lives.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "agora",
    version,
    about = "A game about how a small community shares what it has."
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// With no command: the scenario the new-game screen starts on.
    #[arg(long)]
    scenario: Option<String>,
    /// With no command: the seed the new-game screen starts with.
    #[arg(long)]
    seed: Option<u64>,
    /// With no command: a mod to play with (repeatable; see `docs/MODDING.md`).
    #[arg(long = "mod")]
    mods: Vec<String>,
    /// With no command: also look for mods in this folder (repeatable).
    #[arg(long = "mods")]
    mod_dirs: Vec<PathBuf>,
    /// The saves folder (default `saves/` here, or `AGORA_SAVES`).
    #[arg(long)]
    saves: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Play a game headless and print one line per turn (or JSON).
    Sim {
        /// Scenario id or folder.
        #[arg(long, default_value = content::DEFAULT_SCENARIO)]
        scenario: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Turns to play (default: the scenario's length).
        #[arg(long)]
        turns: Option<u32>,
        /// mixed (the scenario's own regimes), commons, exchange or aid (every good).
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
        /// A mod to play with (repeatable).
        #[arg(long = "mod")]
        mods: Vec<String>,
        /// Also look for mods in this folder (repeatable).
        #[arg(long = "mods")]
        mod_dirs: Vec<PathBuf>,
        /// Write the game as a save (a replay) to this file.
        #[arg(long)]
        save: Option<PathBuf>,
        /// With --save: write the save after every N turns too (atomically), not just at the end.
        #[arg(long, requires = "save")]
        save_every: Option<u32>,
    },
    /// Load a save and play on in the terminal game.
    Load {
        file: PathBuf,
        /// The saves folder for autosaves and named saves.
        #[arg(long)]
        saves: Option<PathBuf>,
    },
    /// Watch a save as a replay in the terminal, or check it with --verify.
    Replay {
        file: PathBuf,
        /// Re-simulate headless from the start and check every turn's hash; exit 1 on a mismatch.
        #[arg(long)]
        verify: bool,
        /// With --verify: print one JSON object.
        #[arg(long)]
        json: bool,
        /// The saves folder (for taking over a replay).
        #[arg(long)]
        saves: Option<PathBuf>,
    },
    /// Play many games — every seed of a range under every policy — in parallel; write one
    /// CSV row per game and print the summary and the scenario's thesis tests.
    Lab {
        /// Scenario id or folder.
        #[arg(long, default_value = content::DEFAULT_SCENARIO)]
        scenario: String,
        /// Seeds `A..B` (B excluded), `A..=B` or one seed.
        #[arg(long, default_value = "0..100")]
        seeds: String,
        /// Comma-separated `commons,exchange,aid,mixed`, or a RON file of policy scripts.
        #[arg(long, default_value = "commons,exchange,aid")]
        policies: String,
        /// Turns per game (default: the scenario's length).
        #[arg(long)]
        turns: Option<u32>,
        /// Write the CSV here (`-` for standard output, the summary then goes to standard error).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Threads (default: all cores). The output is the same whatever the number.
        #[arg(long)]
        jobs: Option<usize>,
        /// Run only the i-th (from 0) of n contiguous slices of the seeds: `i/n`.
        #[arg(long)]
        shard: Option<String>,
        /// Print the summary and thesis tests as JSON.
        #[arg(long)]
        json: bool,
        /// A hypotheses file instead of the scenario's own `hypotheses.ron`.
        #[arg(long)]
        hypotheses: Option<PathBuf>,
        /// Grow the scenario to N members drawn from its own (deterministic from each seed),
        /// for scaling runs.
        #[arg(long, value_name = "N")]
        synthetic: Option<usize>,
        /// A mod to play with (repeatable).
        #[arg(long = "mod")]
        mods: Vec<String>,
        /// Also look for mods in this folder (repeatable).
        #[arg(long = "mods")]
        mod_dirs: Vec<PathBuf>,
    },
    /// List the scenarios available.
    Scenarios {
        #[arg(long)]
        json: bool,
    },
    /// Run the published models through the engine's code and compare with their targets.
    Models {
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        model: Option<ModelCmd>,
    },
    /// Validate scenarios and mods as the game loads them: everything available, or the
    /// scenario and mod folders given.
    Check {
        paths: Vec<String>,
        #[arg(long)]
        json: bool,
        /// Also look for mods in this folder (repeatable).
        #[arg(long)]
        mods: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ModelCmd {
    /// Run a double auction given as a RON schedule file and print its efficiency.
    Market {
        /// RON file: `(buyers: [[values…]…], sellers: [[costs…]…], price_range: (lo, hi))`.
        #[arg(long)]
        schedule: PathBuf,
        /// zic (constrained) or ziu (unconstrained) traders.
        #[arg(long, default_value = "zic")]
        trader: String,
        /// What a trade leaves in the book: clears (Gode & Sunder's rule, the game's) or keeps
        /// (a variant: only the crossed order goes, the shout's side keeps its standing order).
        #[arg(long, default_value = "clears")]
        book: String,
        /// Shouts per period.
        #[arg(long, default_value_t = 2000)]
        shouts: u32,
        #[arg(long, default_value_t = 6)]
        periods: u32,
        #[arg(long, default_value_t = 100)]
        seeds: u32,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("agora: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `agora sim | head` closes the pipe early; printing to it then is how the reader says it
/// has enough, not a crash: exit quietly instead of printing a panic.
fn quiet_on_closed_pipe() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        previous(info);
    }));
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => {
            // A scenario named on the command line must load: say why here, located, rather
            // than open the game on another one.
            if let Some(s) = &cli.scenario {
                SimSpec::load(s, None)?;
            }
            let signal = tui::play(&tui::Options {
                scenario: cli.scenario,
                seed: cli.seed,
                mods: cli.mods,
                mod_dirs: cli.mod_dirs,
                saves: save::store::dir(cli.saves.as_deref()),
                ..Default::default()
            })?;
            // Ended by a signal: exit as the shell expects of a process that signal stopped.
            Ok(signal.map_or(ExitCode::SUCCESS, |n| {
                ExitCode::from(u8::try_from(128 + n).unwrap_or(u8::MAX))
            }))
        }
        Some(Cmd::Sim {
            scenario,
            seed,
            turns,
            policy,
            commands,
            synthetic,
            json,
            epilogue,
            compare,
            mods,
            mod_dirs,
            save: save_path,
            save_every,
        }) => {
            let content = content::mods::reload::ContentSpec {
                scenario: scenario.clone(),
                mods: mods.clone(),
                dirs: mod_dirs.clone(),
            };
            let meta = sim_meta(&scenario, &mods, &mod_dirs);
            let (mut world, turns) = SimSpec::load_modded(&content, turns)?;
            if let Some(n) = synthetic {
                world = sim::synthetic(&world, n, seed)?;
            }
            let script = match commands {
                Some(path) => sim::read_script(&path)?,
                None => Vec::new(),
            };
            let spec = SimSpec {
                world,
                seed,
                turns,
                policy: PolicyChoice::parse(&policy)?,
                script,
            };
            if compare {
                let run = sim::run(&spec, |_, _| {})?;
                let cmp = roads::compare(spec.world.clone(), seed, run.game.log())?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&cmp.json())?);
                } else {
                    print!("{}", cmp.render());
                }
                return Ok(ExitCode::SUCCESS);
            }
            if !json {
                println!(
                    "{} — seed {seed}, policy {}, {turns} turns",
                    spec.world.scenario.meta.name,
                    spec.policy.name()
                );
                println!("{}", sim::table_header());
            }
            let mut history: Option<History> = None;
            let mut recorder = save::Recorder::default();
            let mut save_error = None;
            let run = sim::run(&spec, |game, report| {
                recorder.observe(game);
                if let (Some(path), Some(every)) = (&save_path, save_every)
                    && game.turn().is_multiple_of(every.max(1))
                    && let Err(e) = save::store::write_to(
                        path,
                        &save::Save::capture(game, &meta, &recorder.keyframes),
                    )
                {
                    save_error.get_or_insert(e);
                }
                if !json {
                    println!("{}", sim::table_row(game.world(), report));
                }
                if epilogue {
                    history
                        .get_or_insert_with(|| History::new(&State::new(game.world(), seed)))
                        .record(game.state(), report);
                }
            })?;
            if let Some(e) = save_error {
                anyhow::bail!("cannot save: {e}");
            }
            if let Some(path) = &save_path {
                let s = save::Save::capture(&run.game, &meta, &recorder.keyframes);
                save::store::write_to(path, &s)
                    .map_err(|e| anyhow::anyhow!("cannot save to {}: {e}", path.display()))?;
                if !json {
                    eprintln!("saved {} turns to {}", s.turns(), path.display());
                }
            }
            let told = history.map(|h| Epilogue::build(&spec.world, &h, run.game.state()));
            if json {
                let empty = Metrics::default();
                let mut v = serde_json::to_value(sim::json(&spec, &run, &empty))?;
                if let Some(e) = &told {
                    v["epilogue"] = serde_json::to_value(e)?;
                }
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!("hash {:016x}", run.game.hash());
                if let Some(e) = &told {
                    print!("\n{}", e.render());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Load { file, saves }) => {
            // Read and check it before taking over the terminal, so a bad file is one line.
            save::Save::read(&file)
                .and_then(|s| s.load().map(|_| ()))
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            tui::play(&tui::Options {
                load: Some(file),
                saves: save::store::dir(saves.as_deref()),
                ..Default::default()
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Replay {
            file,
            verify,
            json,
            saves,
        }) => {
            if verify || json {
                return verify_save(&file, json);
            }
            save::Save::read(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            tui::play(&tui::Options {
                watch: Some(file),
                saves: save::store::dir(saves.as_deref()),
                ..Default::default()
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Lab {
            scenario,
            seeds,
            policies,
            turns,
            out,
            jobs,
            shard,
            json,
            hypotheses,
            synthetic,
            mods,
            mod_dirs,
        }) => lab(LabArgs {
            content: content::mods::reload::ContentSpec {
                scenario,
                mods,
                dirs: mod_dirs,
            },
            seeds,
            policies,
            turns,
            out,
            jobs,
            shard,
            json,
            hypotheses,
            synthetic,
        }),
        Some(Cmd::Scenarios { json }) => {
            let mut rows = Vec::new();
            for id in content::catalog_ids() {
                match content::open(&id) {
                    Ok((loaded, _)) => rows.push(loaded.scenario.meta),
                    Err(diags) => eprintln!("{id}: does not load ({} errors)", diags.len()),
                }
            }
            if json {
                let list: Vec<_> = rows
                    .iter()
                    .map(|m| {
                        serde_json::json!({
                            "id": m.id, "name": m.name, "description": m.description,
                            "question": m.question, "turns": m.turns,
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for m in rows {
                    println!("{:<12} {} — {}", m.id, m.name, m.question);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Models {
            model:
                Some(ModelCmd::Market {
                    schedule,
                    trader,
                    book,
                    shouts,
                    periods,
                    seeds,
                    json,
                }),
            ..
        }) => {
            let kind = models::market::parse_trader(&trader)?;
            let s = models::market::Schedule::read(&schedule)?;
            let book = models::market::parse_book(&book)?;
            let e = models::market::efficiency(&s, kind, book, shouts, periods, seeds);
            if json {
                println!("{}", serde_json::to_string_pretty(&e)?);
            } else {
                println!("{}", e.describe());
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Models { json, model: None }) => {
            let rows = models::rows();
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                print!("{}", models::table(&rows));
            }
            Ok(if rows.iter().all(|r| r.pass) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Some(Cmd::Check { paths, json, mods }) => {
            let report = content::check::check(&paths, &mods);
            let diags = &report.diagnostics;
            let errors = report.errors();
            if json {
                println!("{}", serde_json::to_string_pretty(diags)?);
            } else {
                for d in diags {
                    println!("{d}\n");
                }
                println!(
                    "checked {}: {errors} error(s), {} warning(s)",
                    report.checked.join(", "),
                    diags.len() - errors
                );
            }
            Ok(if errors == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}

/// What a headless game's save records of where its content came from.
fn sim_meta(scenario: &str, mods: &[String], dirs: &[PathBuf]) -> save::Meta {
    let mods = content::mods::open(scenario, mods, dirs)
        .map(|m| {
            m.mods
                .iter()
                .map(|r| save::ModInfo {
                    id: r.id.clone(),
                    version: r.version.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    save::Meta {
        name: "sim".into(),
        source: scenario.to_string(),
        mods,
        parent: None,
    }
}

/// `agora replay FILE --verify [--json]`.
fn verify_save(file: &std::path::Path, json: bool) -> Result<ExitCode> {
    let start = std::time::Instant::now();
    let result = save::Save::read(file).and_then(|s| s.verify().map(|g| (s, g)));
    let seconds = start.elapsed().as_secs_f64();
    match result {
        Ok((s, game)) => {
            if json {
                let v = serde_json::json!({
                    "ok": true, "file": file.display().to_string(),
                    "scenario": s.header.scenario, "turns": s.turns(),
                    "hash": format!("{:016x}", game.hash()), "seconds": seconds,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!(
                    "ok: {} turns of {} verified (hash {:016x}) in {:.3}s",
                    s.turns(),
                    s.header.scenario,
                    game.hash(),
                    seconds
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            if json {
                let mut v = serde_json::json!({
                    "ok": false, "file": file.display().to_string(),
                    "error": e.kind(), "message": e.to_string(),
                });
                if let save::SaveError::Tampered {
                    turn,
                    commands,
                    parts,
                } = &e
                {
                    v["turn"] = serde_json::json!(turn);
                    v["commands"] = serde_json::json!(commands);
                    v["parts"] = serde_json::json!(parts);
                }
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                eprintln!("agora: {}: {e}", file.display());
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

struct LabArgs {
    content: content::mods::reload::ContentSpec,
    seeds: String,
    policies: String,
    turns: Option<u32>,
    out: Option<PathBuf>,
    jobs: Option<usize>,
    shard: Option<String>,
    json: bool,
    hypotheses: Option<PathBuf>,
    synthetic: Option<usize>,
}

fn lab(a: LabArgs) -> Result<ExitCode> {
    use std::io::{IsTerminal, Write};

    use agora::lab::{batch, thesis};
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

    let (world, turns) = SimSpec::load_modded(&a.content, a.turns)?;
    let mut seeds = batch::parse_seeds(&a.seeds)?;
    if let Some(s) = &a.shard {
        seeds = batch::shard_seeds(seeds, batch::parse_shard(s)?);
    }
    let hypotheses = match &a.hypotheses {
        Some(p) => thesis::read(p)?,
        None => thesis::for_scenario(&a.content.scenario)?,
    };
    let jobs = a.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let b = batch::Batch {
        world,
        turns,
        seeds: seeds.clone(),
        policies: batch::parse_policies(&a.policies)?,
        jobs,
        synthetic: a.synthetic,
    };
    let games = (seeds.end - seeds.start) * b.policies.len() as u64;
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(Some(games), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:40} {pos}/{len} games, {per_sec}, {elapsed} elapsed, {eta} left",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let to_stdout = a.out.as_deref() == Some(std::path::Path::new("-"));
    let start = std::time::Instant::now();
    let tally = match &a.out {
        None => batch::run(&b, None, &bar)?,
        Some(_) if to_stdout => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            batch::run(&b, Some(&mut w), &bar)?
        }
        Some(p) => {
            let f = std::fs::File::create(p)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", p.display()))?;
            let mut w = std::io::BufWriter::new(f);
            batch::run(&b, Some(&mut w), &bar)?
        }
    };
    bar.finish_and_clear();
    let secs = start.elapsed().as_secs_f64();
    let summary = batch::summary_json(&b, &tally);
    let judged = thesis::judge(&hypotheses, &tally);
    let text = if a.json {
        let mut v = serde_json::to_value(&summary)?;
        v["thesis"] = serde_json::to_value(&judged)?;
        v["seconds"] = serde_json::json!(secs);
        v["jobs"] = serde_json::json!(jobs);
        serde_json::to_string_pretty(&v)? + "\n"
    } else {
        let mut t = format!(
            "{} — seeds {}..{}, {} turns, {} games in {:.1} s ({:.0} games/s, {} jobs)\n\n",
            b.world.scenario.meta.name,
            seeds.start,
            seeds.end,
            turns,
            tally.games,
            secs,
            tally.games as f64 / secs.max(1e-9),
            jobs
        );
        t.push_str(&batch::summary_table(&summary));
        if !judged.is_empty() {
            t.push_str("\nthesis tests\n");
            t.push_str(&thesis::render(&judged));
        }
        t
    };
    if to_stdout {
        eprint!("{text}");
    } else {
        let mut o = std::io::stdout().lock();
        o.write_all(text.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
