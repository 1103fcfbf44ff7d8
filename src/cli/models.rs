//! `agora models`: the published models run through the engine's code against their targets;
//! `agora models market` runs one double auction of the modeller's own.

use std::path::PathBuf;
use std::process::ExitCode;

use agora::lab::models::{self, market};
use anyhow::Result;

use crate::cli::{passed, print_json};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    model: Option<Model>,
}

#[derive(clap::Subcommand)]
enum Model {
    /// Run a double auction given as a RON schedule file and print its efficiency.
    Market(Market),
}

#[derive(clap::Args)]
struct Market {
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
}

pub fn run(a: Args) -> Result<ExitCode> {
    match a.model {
        Some(Model::Market(m)) => auction(m),
        None => {
            let rows = models::rows();
            if a.json {
                print_json(&rows)?;
            } else {
                print!("{}", models::table(&rows));
            }
            Ok(passed(rows.iter().all(|r| r.pass)))
        }
    }
}

fn auction(m: Market) -> Result<ExitCode> {
    let kind = market::parse_trader(&m.trader)?;
    let s = market::Schedule::read(&m.schedule)?;
    let book = market::parse_book(&m.book)?;
    let e = market::efficiency(&s, kind, book, m.shouts, m.periods, m.seeds);
    if m.json {
        print_json(&e)?;
    } else {
        println!("{}", e.describe());
    }
    Ok(ExitCode::SUCCESS)
}
