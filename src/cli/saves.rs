//! `agora load` and `agora replay`: a save played on or watched in the terminal game, or
//! checked headless (`replay --verify`). The file is read before the terminal is taken, so a
//! bad one is one line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agora::save::{self, Save, SaveError};
use agora::tui;
use anyhow::Result;

use crate::cli::{print_json, say};

#[derive(clap::Args)]
pub struct Load {
    file: PathBuf,
    /// The saves folder for autosaves and named saves.
    #[arg(long)]
    saves: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct Replay {
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
}

pub fn load(a: Load) -> Result<ExitCode> {
    Save::read(&a.file)
        .and_then(|s| s.load().map(|_| ()))
        .map_err(|e| named(&a.file, e))?;
    terminal(
        tui::Options {
            load: Some(a.file),
            ..Default::default()
        },
        a.saves.as_deref(),
    )
}

pub fn replay(a: Replay) -> Result<ExitCode> {
    if a.verify || a.json {
        return verify(&a.file, a.json);
    }
    Save::read(&a.file).map_err(|e| named(&a.file, e))?;
    terminal(
        tui::Options {
            watch: Some(a.file),
            ..Default::default()
        },
        a.saves.as_deref(),
    )
}

/// A save's problem, named with its file.
fn named(file: &Path, e: SaveError) -> anyhow::Error {
    anyhow::anyhow!("{}: {e}", file.display())
}

/// The terminal game on a save, with the saves folder for what it saves.
fn terminal(options: tui::Options, saves: Option<&Path>) -> Result<ExitCode> {
    tui::play(&tui::Options {
        saves: save::store::dir(saves),
        ..options
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `agora replay FILE --verify [--json]`.
fn verify(file: &Path, json: bool) -> Result<ExitCode> {
    let start = std::time::Instant::now();
    let result = Save::read(file).and_then(|s| s.verify().map(|g| (s, g)));
    let seconds = start.elapsed().as_secs_f64();
    match result {
        Ok((s, game)) => {
            if json {
                print_json(&serde_json::json!({
                    "ok": true, "file": file.display().to_string(),
                    "scenario": s.header.scenario, "turns": s.turns(),
                    "hash": format!("{:016x}", game.hash()), "seconds": seconds,
                }))?;
            } else {
                say(&format!(
                    "ok: {} turns of {} verified (hash {:016x}) in {:.3}s",
                    s.turns(),
                    s.header.scenario,
                    game.hash(),
                    seconds
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if json => {
            let mut v = serde_json::json!({
                "ok": false, "file": file.display().to_string(),
                "error": e.kind(), "message": e.to_string(),
            });
            if let SaveError::Tampered {
                turn,
                commands,
                parts,
            } = &e
            {
                v["turn"] = serde_json::json!(turn);
                v["commands"] = serde_json::json!(commands);
                v["parts"] = serde_json::json!(parts);
            }
            print_json(&v)?;
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(named(file, e)),
    }
}
