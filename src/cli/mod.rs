//! The subcommands of `agora`, one module each, and the options they share; `main.rs` parses
//! the command line and calls one of them.

pub mod check;
pub mod lab;
pub mod models;
pub mod play;
pub mod saves;
pub mod scenarios;
pub mod sim;

use std::path::PathBuf;
use std::process::ExitCode;

use agora::content::diag::{is_unsafe, printable};
use agora::content::{self, mods::reload::ContentSpec};
use agora::engine::world::difficulty::Difficulty;
use anyhow::Result;
use serde::Serialize;

/// `--scenario` of the headless commands. Apart from `--mod` and `--mods` (`Mods`) so each
/// command's help keeps its own order.
#[derive(clap::Args)]
pub struct Scenario {
    /// Scenario id or folder.
    #[arg(long, default_value = content::DEFAULT_SCENARIO)]
    scenario: String,
    /// easy, normal or hard: starting stocks, how often hardship strikes, how hard hunger
    /// bites (docs/MODDING.md, "Difficulty").
    #[arg(long, default_value = "normal", value_parser = Difficulty::parse)]
    difficulty: Difficulty,
}

/// `--mod` and `--mods` of the headless commands.
#[derive(clap::Args)]
pub struct Mods {
    /// A mod to play with (repeatable).
    #[arg(long = "mod")]
    mods: Vec<String>,
    /// Also look for mods in this folder (repeatable).
    #[arg(long = "mods")]
    mod_dirs: Vec<PathBuf>,
}

impl Scenario {
    /// The content a headless game plays: this scenario with these mods.
    pub fn with(self, mods: Mods) -> ContentSpec {
        ContentSpec {
            scenario: self.scenario,
            mods: mods.mods,
            dirs: mods.mod_dirs,
            difficulty: self.difficulty,
        }
    }
}

/// Print a value as pretty JSON, the form of every `--json`. serde_json escapes C0 controls;
/// the other characters that could drive a terminal (`diag::is_unsafe`) are escaped too, as
/// JSON allows (`\u009b`).
pub fn print_json(value: &impl Serialize) -> Result<()> {
    let text: String = serde_json::to_string_pretty(value)?
        .chars()
        .map(|c| match c {
            c if is_unsafe(c) => format!("\\u{:04x}", c as u32),
            c => c.to_string(),
        })
        .collect();
    println!("{text}");
    Ok(())
}

/// Print text that may hold content or save text (names, storylets, diagnostics), with any
/// character that could drive the terminal escaped (`diag::printable`).
pub fn say(text: &str) {
    println!("{}", printable(text));
}

/// `say` to standard error.
pub fn tell(text: &str) {
    eprintln!("{}", printable(text));
}

/// Success when everything checked passed, failure otherwise.
pub fn passed(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
