//! `agora` with no command: the terminal game, from its new-game screen.

use std::path::PathBuf;
use std::process::ExitCode;

use agora::engine::world::difficulty::Difficulty;
use agora::lab::sim::SimSpec;
use agora::{save, tui};
use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
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
    /// With no command: the difficulty the new-game screen starts on (easy, normal, hard).
    #[arg(long, default_value = "normal", value_parser = Difficulty::parse)]
    difficulty: Difficulty,
    /// The saves folder (default `saves/` here, or `AGORA_SAVES`).
    #[arg(long)]
    saves: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<ExitCode> {
    // A scenario named on the command line must load: say why here, located, rather than
    // open the game on another one.
    if let Some(s) = &a.scenario {
        SimSpec::load(s, None)?;
    }
    // So must a mod named: one that is installed but broken is refused with its errors,
    // not left unticked.
    if !a.mods.is_empty() {
        agora::content::mods::named(&a.mods, &a.mod_dirs).map_err(|d| {
            let shown: Vec<String> = d.iter().map(ToString::to_string).collect();
            anyhow::anyhow!("{}", shown.join("\n"))
        })?;
        if let Some(s) = &a.scenario {
            let spec = agora::content::mods::reload::ContentSpec {
                scenario: s.clone(),
                mods: a.mods.clone(),
                dirs: a.mod_dirs.clone(),
                difficulty: a.difficulty,
            };
            SimSpec::load_modded(&spec, None)?;
        }
    }
    let signal = tui::play(&tui::Options {
        scenario: a.scenario,
        seed: a.seed,
        mods: a.mods,
        mod_dirs: a.mod_dirs,
        saves: save::store::dir(a.saves.as_deref()),
        difficulty: a.difficulty,
        ..Default::default()
    })?;
    // Ended by a signal: exit as the shell expects of a process that signal stopped.
    Ok(signal.map_or(ExitCode::SUCCESS, |n| {
        ExitCode::from(u8::try_from(128 + n).unwrap_or(u8::MAX))
    }))
}
