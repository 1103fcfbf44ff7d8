//! `agora check`: scenarios and mods validated as the game loads them; fails on any error.

use std::path::PathBuf;
use std::process::ExitCode;

use agora::content;
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
}

pub fn run(a: Args) -> Result<ExitCode> {
    let report = content::check::check(&a.paths, &a.mods);
    let diags = &report.diagnostics;
    let errors = report.errors();
    if a.json {
        print_json(diags)?;
    } else {
        for d in diags {
            say(&format!("{d}\n"));
        }
        say(&format!(
            "checked {}: {errors} error(s), {} warning(s)",
            report.checked.join(", "),
            diags.len() - errors
        ));
    }
    Ok(passed(errors == 0))
}
