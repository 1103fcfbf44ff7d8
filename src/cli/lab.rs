//! `agora lab`: many games — every seed of a range under every policy — in parallel; one CSV
//! row per game, then the summary and the scenario's thesis tests.

use agora::engine::world::difficulty::Difficulty;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agora::content::diag::printable;
use agora::content::mods::reload::ContentSpec;
use agora::lab::batch;
use agora::lab::sim::SimSpec;
use agora::lab::summary::Outcome;
use agora::lab::sweep::{self, Sweep};
use agora::lab::{merge, thesis};
use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{Mods, Scenario};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    #[command(flatten)]
    run: Run,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Merge the CSVs of a run's shards (`--shard i/n`, played anywhere) and print the summary
    /// and thesis tests the whole run prints.
    Merge(MergeArgs),
}

#[derive(clap::Args)]
struct MergeArgs {
    /// The shards' CSV files, in any order.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print the summary and thesis tests as JSON.
    #[arg(long)]
    json: bool,
    /// A hypotheses file instead of the scenario's own (as the run was given).
    #[arg(long)]
    hypotheses: Option<PathBuf>,
    /// Draw each headline metric by policy with its 95% interval as an SVG file.
    #[arg(long, value_name = "FILE.svg")]
    plot: Option<PathBuf>,
    /// The scenario id or folder the run played (default: the id the shards name).
    #[arg(long)]
    scenario: Option<String>,
    /// The difficulty the run played (its content hash tells a mismatch).
    #[arg(long, default_value = "normal", value_parser = Difficulty::parse)]
    difficulty: Difficulty,
    #[command(flatten)]
    mods: Mods,
}

#[derive(clap::Args)]
struct Run {
    #[command(flatten)]
    scenario: Scenario,
    /// Seeds `A..B` (B excluded), `A..=B` or one seed.
    #[arg(long, default_value = "0..100")]
    seeds: String,
    /// Comma-separated policies — `commons`, `exchange`, `aid`, `mixed`, or per good
    /// `BASE+GOOD=REGIME[>FALLBACK]` (`mixed+medicine=exchange>aid`) — or a RON file of
    /// policy scripts. Default: commons,exchange,aid,mixed and every policy a thesis test names.
    #[arg(long)]
    policies: Option<String>,
    /// Turns per game (default: the scenario's length).
    #[arg(long)]
    turns: Option<u32>,
    /// Write the CSV here (`-` for standard output, the summary then goes to standard error).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Threads (default: all cores; at most four per core). The output is the same whatever
    /// the number.
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
    /// Sweep a parameter over values: `PATH=V1,V2,…` with PATH as in the parameter table
    /// (`meeting.lambda0=0.5,0.7,0.9`). Repeatable: every combination is played.
    #[arg(long, value_name = "PATH=V1,V2,…")]
    vary: Vec<String>,
    /// Draw each headline metric by policy (and grid point) with its 95% interval as an SVG
    /// file.
    #[arg(long, value_name = "FILE.svg")]
    plot: Option<PathBuf>,
    #[command(flatten)]
    mods: Mods,
}

pub fn run(a: Args) -> Result<ExitCode> {
    match a.command {
        Some(Sub::Merge(m)) => run_merge(m),
        None => run_lab(a.run),
    }
}

fn run_lab(a: Run) -> Result<ExitCode> {
    let content = a.scenario.with(a.mods);
    let opened = SimSpec::open(&content, a.turns)?;
    let (world, turns) = (opened.world, opened.turns);
    let all_seeds = batch::parse_seeds(&a.seeds)?;
    let mut seeds = all_seeds.clone();
    if let Some(s) = &a.shard {
        seeds = batch::shard_seeds(seeds, batch::parse_shard(s)?);
    }
    let varies = a
        .vary
        .iter()
        .map(|v| sweep::parse_vary(v))
        .collect::<Result<Vec<_>>>()?;
    let sweep = Sweep::new(&world, &varies)?;
    if let Some(p) = &a.plot {
        // Refused now, not after the games.
        plot_replaceable(p)?;
    }
    let hypotheses = match &a.hypotheses {
        Some(p) => thesis::read(p)?,
        None => thesis::for_content(&content.scenario, &content.mods, &content.dirs)?,
    };
    let jobs = jobs(a.jobs)?;
    let policies = match &a.policies {
        Some(p) => batch::parse_policies(p, &world)?,
        None => batch::default_policies(&world, &hypotheses)?,
    };
    let b = batch::Batch {
        played: batch::Played::of(&world, opened.mods, all_seeds),
        sweep,
        world,
        turns,
        seeds: seeds.clone(),
        policies,
        jobs,
        synthetic: a.synthetic,
    };
    let games = (seeds.end - seeds.start) * (b.policies.len() * b.sweep.points.len()) as u64;
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
    let to_stdout = a.out.as_deref() == Some(Path::new("-"));
    let start = std::time::Instant::now();
    let tallies = match &a.out {
        None => batch::run(&b, None, &bar)?,
        Some(_) if to_stdout => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            batch::run(&b, Some(&mut w), &bar)?
        }
        Some(p) => {
            replaceable(p)?;
            let f = std::fs::File::create(p)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", p.display()))?;
            let mut w = std::io::BufWriter::new(f);
            batch::run(&b, Some(&mut w), &bar)?
        }
    };
    bar.finish_and_clear();
    let secs = start.elapsed().as_secs_f64();
    let played: u64 = tallies.iter().map(|t| t.games).sum();
    let outcome = Outcome {
        played: &b.played,
        seeds: seeds.clone(),
        paths: &b.sweep.paths,
        points: b.sweep.points.iter().map(|p| p.values.clone()).collect(),
        tallies: &tallies,
    };
    if let Some(path) = &a.plot {
        let title = format!(
            "{} — seeds {}..{}, {turns} turns: mean and 95% interval by policy",
            b.world.scenario.meta.name, seeds.start, seeds.end
        );
        write_plot(path, &outcome.plot(&title)?)?;
    }
    let text = if a.json {
        let mut v = outcome.json(&hypotheses, &b.world)?;
        v["seconds"] = serde_json::json!(secs);
        v["jobs"] = serde_json::json!(jobs);
        serde_json::to_string_pretty(&v)? + "\n"
    } else {
        format!(
            "{} — seeds {}..{}, {} turns, {} games in {:.1} s ({:.0} games/s, {} jobs)\n{}",
            b.world.scenario.meta.name,
            seeds.start,
            seeds.end,
            turns,
            played,
            secs,
            played as f64 / secs.max(1e-9),
            jobs,
            outcome.text(&hypotheses, &b.world)
        )
    };
    show(&text, to_stdout)
}

/// Print the summary: on standard output, or standard error when the CSV goes there.
fn show(text: &str, to_stderr: bool) -> Result<ExitCode> {
    let text = printable(text);
    if to_stderr {
        eprint!("{text}");
    } else {
        let mut o = std::io::stdout().lock();
        o.write_all(text.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `agora lab merge`: the shards checked to be one run and merged; the scenario opened again
/// (by the id the shards name, or as given) to judge the thesis tests, and refused if its
/// content is not the content the shards were played with.
fn run_merge(a: MergeArgs) -> Result<ExitCode> {
    if let Some(p) = &a.plot {
        plot_replaceable(p)?;
    }
    let m = merge::files(&a.files)?;
    let p = &m.played;
    let content = ContentSpec {
        scenario: a.scenario.unwrap_or_else(|| p.scenario.clone()),
        mods: if a.mods.mods.is_empty() {
            p.mods.iter().map(|m| m.id.clone()).collect()
        } else {
            a.mods.mods
        },
        dirs: a.mods.mod_dirs,
        difficulty: a.difficulty,
    };
    let opened = SimSpec::open(&content, Some(p.turns)).map_err(|e| {
        anyhow::anyhow!(
            "cannot open the scenario the shards were played with (give --scenario, --difficulty, --mod and --mods as the run had them):\n{e:#}"
        )
    })?;
    let hash = agora::engine::reload::content_hash(&opened.world);
    if hash != p.content_hash {
        anyhow::bail!(
            "the shards were played with content {:016x}, but scenario `{}` with {} is {hash:016x} now: give --scenario, --difficulty, --mod and --mods as the run had them",
            p.content_hash,
            content.scenario,
            if content.mods.is_empty() {
                "no mods".to_string()
            } else {
                format!("mods {}", content.mods.join(", "))
            }
        );
    }
    let hypotheses = match &a.hypotheses {
        Some(path) => thesis::read(path)?,
        None => thesis::for_content(&content.scenario, &content.mods, &content.dirs)?,
    };
    let games: u64 = m.tallies.iter().map(|t| t.games).sum();
    let outcome = Outcome {
        played: p,
        seeds: p.seeds.clone(),
        paths: &m.paths,
        points: m.points.clone(),
        tallies: &m.tallies,
    };
    if let Some(path) = &a.plot {
        let title = format!(
            "{} — seeds {}..{}, {} turns: mean and 95% interval by policy",
            opened.world.scenario.meta.name, p.seeds.start, p.seeds.end, p.turns
        );
        write_plot(path, &outcome.plot(&title)?)?;
    }
    let text = if a.json {
        let mut v = outcome.json(&hypotheses, &opened.world)?;
        v["shards"] = serde_json::json!(a.files.len());
        serde_json::to_string_pretty(&v)? + "\n"
    } else {
        format!(
            "{} — seeds {}..{}, {} turns, {games} games merged from {} shards\n{}",
            opened.world.scenario.meta.name,
            p.seeds.start,
            p.seeds.end,
            p.turns,
            a.files.len(),
            outcome.text(&hypotheses, &opened.world)
        )
    };
    show(&text, false)
}

/// The threads to run: all cores when not given; 0 is refused, and more than four per core
/// (which only adds switching) is capped, saying so.
fn jobs(asked: Option<usize>) -> Result<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = 4 * cores;
    match asked {
        None => Ok(cores),
        Some(0) => anyhow::bail!(
            "--jobs 0 runs nothing; give at least 1 (the default is {cores}, one per core)"
        ),
        Some(n) if n > most => {
            eprintln!(
                "agora: --jobs {n} capped at {most} (four per core; this machine has {cores})"
            );
            Ok(most)
        }
        Some(n) => Ok(n),
    }
}

/// `--out` replaces only a lab CSV (or nothing): any other file is left as it is.
fn replaceable(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.is_file() {
        let mut start = [0u8; 16];
        let n = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut start))
            .unwrap_or(0);
        let ours = format!("{},", batch::KEYS[0]);
        if n == 0 || start[..n].starts_with(ours.as_bytes()) {
            return Ok(());
        }
    }
    anyhow::bail!(
        "{} exists and is not a lab CSV; it is left as it is (choose another --out)",
        path.display()
    )
}

/// `--plot` replaces only an SVG (or nothing): any other file is left as it is.
fn plot_replaceable(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.is_file() {
        let mut start = [0u8; 256];
        let n = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut start))
            .unwrap_or(0);
        let head = String::from_utf8_lossy(&start[..n]);
        if n == 0 || head.trim_start().starts_with("<svg") || head.trim_start().starts_with("<?xml")
        {
            return Ok(());
        }
    }
    anyhow::bail!(
        "{} exists and is not an SVG; it is left as it is (choose another --plot)",
        path.display()
    )
}

fn write_plot(path: &Path, svg: &str) -> Result<()> {
    std::fs::write(path, svg).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}
