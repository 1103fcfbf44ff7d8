//! The "Blurring the lines" table of docs/MODELS.md: six arrangements of the default
//! scenario over seeds 0..N (default 50), 40 turns each.
//! `cargo run --release --example blurring_table -- 50`

fn main() -> anyhow::Result<()> {
    let seeds = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let (world, _) = agora::lab::sim::SimSpec::load("riverside", Some(40))?;
    let rows = agora::lab::blurring::table(&world, seeds, 40)?;
    print!("{}", agora::lab::blurring::markdown(&rows));
    Ok(())
}
