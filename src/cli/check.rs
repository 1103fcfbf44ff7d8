//! `agora check`: scenarios and mods validated as the game loads them; fails on any error.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{passed, print_json, say};

#[derive(clap::Args)]
pub struct Args {
    paths: Vec<String>,
    #[arg(long)]
    json: bool,
    /// Also look for mods in this folder (repeatable).
    #[arg(long)]
    mods: Vec<PathBuf>,
    /// Check the scenarios with this mod on, as the game loads it (repeatable: the
    /// combination, in load order).
    #[arg(long = "mod")]
    with: Vec<String>,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let report = agora::check::check_with(&a.paths, &a.mods, &a.with);
    let diags = &report.diagnostics;
    let errors = report.errors();
    if a.json {
        print_json(diags)?;
    } else {
        for d in diags {
            // What follows from a root cause is one line under it.
            let gap = if d.follows.is_some() { "" } else { "\n" };
            say(&format!("{d}{gap}"));
        }
        say(&format!(
            "checked {}: {errors} error(s), {} warning(s)",
            report.checked.join(", "),
            diags.len() - errors
        ));
    }
    Ok(passed(errors == 0))
}
