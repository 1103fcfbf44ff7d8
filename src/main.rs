//! The `agora` command line: parsing and dispatch only; each subcommand is a module of `cli`.

mod cli;

use std::process::ExitCode;

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
    /// With no command, the terminal game's options.
    #[command(flatten)]
    play: cli::play::Args,
}

#[derive(Subcommand)]
enum Cmd {
    /// Play a game headless and print one line per turn (or JSON).
    Sim(cli::sim::Args),
    /// Load a save and play on in the terminal game.
    Load(cli::saves::Load),
    /// Watch a save as a replay in the terminal, or check it with --verify.
    Replay(cli::saves::Replay),
    /// Play many games — every seed of a range under every policy — in parallel; write one
    /// CSV row per game and print the summary and the scenario's thesis tests.
    Lab(Box<cli::lab::Args>),
    /// List the scenarios available.
    Scenarios(cli::scenarios::Args),
    /// Run the published models through the engine's code and compare with their targets.
    Models(cli::models::Args),
    /// Validate scenarios and mods as the game loads them: everything available, or the
    /// scenario and mod folders given.
    Check(cli::check::Args),
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    catch_file_too_large();
    match run(Cli::parse()) {
        Ok(code) => code,
        // `agora lab --out - | head`: the reader has enough, as with a panic below.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "agora: {}",
                agora::content::diag::printable(&format!("{e:#}"))
            );
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

/// Whether an error is a write to a pipe whose reader has gone.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A write past the file-size limit (`ulimit -f`) raises SIGXFSZ, whose default action kills
/// the process mid-write, leaving the terminal raw. Caught, the write fails with an error
/// instead, which every writer handles: the old file kept, the terminal restored, the player
/// told.
fn catch_file_too_large() {
    #[cfg(unix)]
    {
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, seen);
    }
}

fn run(args: Cli) -> Result<ExitCode> {
    match args.command {
        None => cli::play::run(args.play),
        Some(Cmd::Sim(a)) => cli::sim::run(a),
        Some(Cmd::Load(a)) => cli::saves::load(a),
        Some(Cmd::Replay(a)) => cli::saves::replay(a),
        Some(Cmd::Lab(a)) => cli::lab::run(*a),
        Some(Cmd::Scenarios(a)) => cli::scenarios::run(a),
        Some(Cmd::Models(a)) => cli::models::run(a),
        Some(Cmd::Check(a)) => cli::check::run(a),
    }
}
