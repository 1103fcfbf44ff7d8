//! `agora scenarios`: the scenarios available, the default first.

use std::process::ExitCode;

use agora::content;
use anyhow::Result;

use crate::cli::{print_json, say, tell};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let mut rows = Vec::new();
    for id in content::catalog_ids() {
        match content::open(&id) {
            Ok((loaded, _)) => rows.push(loaded.scenario.meta),
            Err(diags) => tell(&format!("{id}: does not load ({} errors)", diags.len())),
        }
    }
    if a.json {
        let list: Vec<_> = rows
            .iter()
            .map(|m| {
                serde_json::json!({
                    "id": m.id, "name": m.name, "description": m.description,
                    "question": m.question, "turns": m.turns,
                })
            })
            .collect();
        print_json(&list)?;
    } else {
        for m in rows {
            say(&format!("{:<12} {} — {}", m.id, m.name, m.question));
        }
    }
    Ok(ExitCode::SUCCESS)
}
