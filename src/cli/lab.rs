//! `agora lab`: many games — every seed of a range under every policy — in parallel; one CSV
//! row per game, then the summary and the scenario's thesis tests.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agora::content::diag::printable;
use agora::lab::batch;
use agora::lab::sim::SimSpec;
use agora::lab::thesis;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{Mods, Scenario};

#[derive(clap::Args)]
pub struct Args {
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
    #[command(flatten)]
    mods: Mods,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let content = a.scenario.with(a.mods);
    let (world, turns) = SimSpec::load_modded(&content, a.turns)?;
    let mut seeds = batch::parse_seeds(&a.seeds)?;
    if let Some(s) = &a.shard {
        seeds = batch::shard_seeds(seeds, batch::parse_shard(s)?);
    }
    let hypotheses = match &a.hypotheses {
        Some(p) => thesis::read(p)?,
        None => thesis::for_scenario(&content.scenario)?,
    };
    let jobs = jobs(a.jobs)?;
    let policies = match &a.policies {
        Some(p) => batch::parse_policies(p, &world)?,
        None => batch::default_policies(&world, &hypotheses)?,
    };
    let b = batch::Batch {
        world,
        turns,
        seeds: seeds.clone(),
        policies,
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
    let to_stdout = a.out.as_deref() == Some(Path::new("-"));
    let start = std::time::Instant::now();
    let tally = match &a.out {
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
    let summary = batch::summary_json(&b, &tally);
    let judged = thesis::judge(&hypotheses, &tally, &b.world);
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
    let text = printable(&text);
    if to_stdout {
        eprint!("{text}");
    } else {
        let mut o = std::io::stdout().lock();
        o.write_all(text.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
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
