//! The lab's CSV, written and read back with the `csv` crate: one row per game, so shards
//! written on many machines can be merged (`agora lab merge`) into exactly the whole run.
//!
//! Floats are written in Rust's shortest round-trip form, so reading a row back gives the
//! very values the run folded into its statistics; a figure with nothing to measure (NaN) is
//! an empty field.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::lab::batch::{Batch, KEYS, Row};

/// Writes a batch's rows, header first.
pub struct Writer<W: Write> {
    csv: csv::Writer<W>,
    fields: Vec<String>,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, b: &Batch) -> Result<Self> {
        let mut csv = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        csv.write_record(crate::lab::batch::header(b))
            .map_err(written)?;
        Ok(Writer {
            csv,
            fields: Vec::new(),
        })
    }

    pub fn row(&mut self, b: &Batch, r: &Row) -> Result<()> {
        let p = &b.played;
        let f = &mut self.fields;
        f.clear();
        f.push(p.scenario.clone());
        f.push(format!("{:016x}", p.content_hash));
        f.push(p.mods_field());
        f.push(format!("{}..{}", p.seeds.start, p.seeds.end));
        f.push(p.turns.to_string());
        f.push(r.seed.to_string());
        f.push(b.policies[r.policy].name.clone());
        f.push(r.turns.to_string());
        f.push(format!("{:016x}", r.hash));
        f.extend(b.sweep.points[r.point].values.iter().map(|v| v.to_string()));
        f.extend(r.values.iter().map(|v| {
            if v.is_nan() {
                String::new()
            } else {
                v.to_string()
            }
        }));
        self.csv.write_record(&*f).map_err(written)
    }

    pub fn flush(&mut self) -> Result<()> {
        self.csv.flush()?;
        Ok(())
    }
}

/// A write's error with its I/O error kept as the cause, so a reader that has gone away
/// (`agora lab --out - | head`) is recognised as such.
fn written(e: csv::Error) -> anyhow::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        other => anyhow::anyhow!("cannot write the CSV: {other:?}"),
    }
}

/// A row read back from a shard: its [`KEYS`] as text, its grid point's values and its
/// figures, with where it was read.
#[derive(Debug, Clone)]
pub struct ReadRow {
    /// `scenario, content_hash, mods, run_seeds, run_turns`: what the run played.
    pub run: [String; 5],
    pub seed: u64,
    pub policy: String,
    pub turns: u32,
    pub hash: u64,
    pub point: Vec<f64>,
    pub values: Vec<f64>,
    /// The line of the file it was on.
    pub line: u64,
}

/// A shard read whole: its header and its rows.
#[derive(Debug, Clone)]
pub struct Shard {
    pub file: String,
    pub header: Vec<String>,
    /// The varied parameters' columns (between [`KEYS`] and the figures).
    pub varied: Vec<String>,
    pub rows: Vec<ReadRow>,
}

/// Read a lab CSV; `first_figure` is the first figure column (`lpq_needs_met`), which ends
/// the varied parameters' columns.
pub fn read(path: &Path, first_figure: &str) -> Result<Shard> {
    let file = path.display().to_string();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .with_context(|| format!("cannot read {file}"))?;
    let header: Vec<String> = r
        .headers()
        .with_context(|| format!("{file}: no CSV header"))?
        .iter()
        .map(str::to_string)
        .collect();
    if header.len() < KEYS.len() || header[..KEYS.len()] != KEYS {
        bail!(
            "{file}:1: not a lab CSV of this version: it should start with the columns {}",
            KEYS.join(",")
        );
    }
    let Some(fig) = header.iter().position(|h| h == first_figure) else {
        bail!("{file}:1: no `{first_figure}` column: not a lab CSV of this version");
    };
    let varied = header[KEYS.len()..fig].to_vec();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.with_context(|| format!("{file}: not a well-formed CSV"))?;
        let line = rec.position().map_or(0, |p| p.line());
        let at = |what: &str| format!("{file}:{line}: {what}");
        let field = |i: usize| rec.get(i).unwrap_or("");
        let num = |i: usize| -> Result<f64> {
            let s = field(i);
            if s.is_empty() {
                return Ok(f64::NAN);
            }
            s.parse::<f64>().map_err(|_| {
                anyhow::anyhow!(at(&format!("`{}` is `{s}`, not a number", header[i])))
            })
        };
        let hex = |i: usize| {
            u64::from_str_radix(field(i), 16)
                .map_err(|_| anyhow::anyhow!(at(&format!("`{}` is not 16 hex digits", header[i]))))
        };
        let seed = field(5)
            .parse()
            .map_err(|_| anyhow::anyhow!(at("`seed` is not a whole number")))?;
        let turns = field(7)
            .parse()
            .map_err(|_| anyhow::anyhow!(at("`turns` is not a whole number")))?;
        rows.push(ReadRow {
            run: std::array::from_fn(|i| field(i).to_string()),
            seed,
            policy: field(6).to_string(),
            turns,
            hash: hex(8)?,
            point: (KEYS.len()..fig).map(num).collect::<Result<_>>()?,
            values: (fig..header.len()).map(num).collect::<Result<_>>()?,
            line,
        });
    }
    Ok(Shard {
        file,
        header,
        varied,
        rows,
    })
}
