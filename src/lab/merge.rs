//! `agora lab merge`: shards of one lab run, played anywhere, read back and folded into the
//! statistics in the order the whole run folds them (seed, then grid point, then policy), so
//! the merged summary is the whole run's to the last digit.
//!
//! Shards are refused unless they come from the same run: the same columns, scenario,
//! content hash, mods, seeds and game length in every row, the same policies and grid points
//! for every seed, and every seed of the run exactly once.

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::{Result, bail};

use crate::content::mods::ModRef;
use crate::lab::batch::{KEYS, Played, Row, Tally, WHOLE_GAME};
use crate::lab::rows::{ReadRow, Shard};

/// Shards merged: what the run played and its statistics, one [`Tally`] per grid point.
#[derive(Debug, Clone)]
pub struct Merged {
    pub played: Played,
    pub paths: Vec<String>,
    pub points: Vec<Vec<f64>>,
    pub tallies: Vec<Tally>,
}

/// The first figure column, which ends a row's varied parameters.
pub fn first_figure() -> &'static str {
    WHOLE_GAME[0]
}

/// Read and merge shard files.
pub fn files(paths: &[std::path::PathBuf]) -> Result<Merged> {
    if paths.is_empty() {
        bail!("no shards given: agora lab merge A.csv B.csv …");
    }
    for (i, p) in paths.iter().enumerate() {
        let same = |q: &std::path::PathBuf| {
            q == p || (q.canonicalize().ok()).is_some_and(|c| Some(c) == p.canonicalize().ok())
        };
        if paths[..i].iter().any(same) {
            bail!("{} is given twice: merge each shard once", p.display());
        }
    }
    let shards = paths
        .iter()
        .map(|p| crate::lab::rows::read(p, first_figure()))
        .collect::<Result<Vec<_>>>()?;
    merge(&shards)
}

/// Where a row was read: `file:line`.
fn at(s: &Shard, r: &ReadRow) -> String {
    format!("{}:{}", s.file, r.line)
}

/// Merge shards already read.
pub fn merge(shards: &[Shard]) -> Result<Merged> {
    let first = &shards[0];
    for s in &shards[1..] {
        if s.header != first.header {
            let i = (0..s.header.len().max(first.header.len()))
                .find(|&i| s.header.get(i) != first.header.get(i))
                .unwrap_or(0);
            let col = |h: &[String]| h.get(i).map_or("no column".into(), |c| format!("`{c}`"));
            bail!(
                "{} and {} have different columns (column {}: {} and {}): they are not shards of one run",
                first.file,
                s.file,
                i + 1,
                col(&first.header),
                col(&s.header)
            );
        }
    }
    // The run every row must name: the first row's.
    let Some((s0, r0)) = shards.iter().find_map(|s| s.rows.first().map(|r| (s, r))) else {
        bail!("the shards have no rows: nothing to merge");
    };
    for s in shards {
        for r in &s.rows {
            // The cause before what follows from it: the content hash changes with the
            // scenario, its length and its mods.
            if let Some(k) = [0, 4, 3, 2, 1].into_iter().find(|&k| r.run[k] != r0.run[k]) {
                bail!(
                    "{}: {} is `{}`, but {} has `{}`: shards of different runs cannot be merged",
                    at(s, r),
                    KEYS[k],
                    r.run[k],
                    at(s0, r0),
                    r0.run[k]
                );
            }
        }
    }
    let played = played(&r0.run).map_err(|e| anyhow::anyhow!("{}: {e}", at(s0, r0)))?;

    // Each seed's block of rows, found once.
    let mut blocks: BTreeMap<u64, (&Shard, Vec<&ReadRow>)> = BTreeMap::new();
    for s in shards {
        let mut i = 0;
        while i < s.rows.len() {
            let seed = s.rows[i].seed;
            let n = s.rows[i..].iter().take_while(|r| r.seed == seed).count();
            let block: Vec<&ReadRow> = s.rows[i..i + n].iter().collect();
            if let Some((other, rows)) = blocks.get(&seed) {
                bail!(
                    "seed {seed} is played twice, at {} and at {}: the shards overlap (merge each shard once)",
                    at(other, rows[0]),
                    at(s, block[0])
                );
            }
            blocks.insert(seed, (s, block));
            i += n;
        }
    }
    let seeds = &played.seeds;
    if let Some((&seed, (s, rows))) = blocks.iter().find(|(k, _)| !seeds.contains(k)) {
        bail!(
            "{}: seed {seed} is not among the run's seeds {}..{}",
            at(s, rows[0]),
            seeds.start,
            seeds.end
        );
    }
    let missing = gaps(seeds, blocks.keys().copied());
    if !missing.is_empty() {
        let shown: Vec<String> = missing
            .iter()
            .map(|g| {
                if g.end - g.start == 1 {
                    g.start.to_string()
                } else {
                    format!("{}..{}", g.start, g.end)
                }
            })
            .collect();
        bail!(
            "seeds {} of the run {}..{} are in none of the shards: merge every shard of the run",
            shown.join(", "),
            seeds.start,
            seeds.end
        );
    }

    // Every seed plays the same (grid point, policy) games in the same order as the first.
    let (&seed0, (sh0, arms0)) = blocks.iter().next().expect("seeds checked above");
    let arm = |r: &ReadRow| (r.point.clone(), r.policy.clone());
    let expected: Vec<(Vec<f64>, String)> = arms0.iter().map(|r| arm(r)).collect();
    let mut points: Vec<Vec<f64>> = Vec::new();
    let mut policies: Vec<String> = Vec::new();
    for (p, name) in &expected {
        if !points.iter().any(|q| same(q, p)) {
            points.push(p.clone());
        }
        if !policies.contains(name) {
            policies.push(name.clone());
        }
    }
    let k = policies.len();
    if expected.len() != points.len() * k {
        bail!(
            "{}: seed {seed0} does not play every policy at every grid point once",
            at(sh0, arms0[0])
        );
    }
    for (&seed, (s, rows)) in &blocks {
        let got: Vec<(Vec<f64>, String)> = rows.iter().map(|r| arm(r)).collect();
        let differs = got.len() != expected.len()
            || got
                .iter()
                .zip(&expected)
                .any(|(a, b)| a.1 != b.1 || !same(&a.0, &b.0));
        if differs {
            let names = |v: &[(Vec<f64>, String)]| {
                let mut n: Vec<&str> = Vec::new();
                for (_, p) in v {
                    if !n.contains(&p.as_str()) {
                        n.push(p);
                    }
                }
                n.join(",")
            };
            bail!(
                "{}: seed {seed} plays policies {} ({} games), but seed {seed0} at {} plays {} ({} games): shards of different runs cannot be merged",
                at(s, rows[0]),
                names(&got),
                got.len(),
                at(sh0, arms0[0]),
                names(&expected),
                expected.len()
            );
        }
    }

    let columns: Vec<String> = first.header[KEYS.len() + first.varied.len()..].to_vec();
    let mut tallies = vec![Tally::new(columns, policies.clone()); points.len()];
    for (&seed, (_, rows)) in &blocks {
        for (g, chunk) in rows.chunks(k).enumerate() {
            let rows: Vec<Row> = chunk
                .iter()
                .enumerate()
                .map(|(p, r)| Row {
                    seed,
                    point: g,
                    policy: p,
                    turns: r.turns,
                    hash: r.hash,
                    values: r.values.clone(),
                })
                .collect();
            tallies[g].add_seed(&rows);
        }
    }
    Ok(Merged {
        played,
        paths: first.varied.clone(),
        points,
        tallies,
    })
}

/// Grid points compare by bits (a value read back is the value written).
fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

/// The run recorded in a row's first columns.
fn played(run: &[String; 5]) -> Result<Played> {
    let [scenario, hash, mods, seeds, turns] = run;
    let content_hash = u64::from_str_radix(hash, 16)
        .map_err(|_| anyhow::anyhow!("content_hash `{hash}` is not 16 hex digits"))?;
    let mods = mods
        .split(';')
        .filter(|m| !m.is_empty())
        .map(|m| match m.split_once('@') {
            Some((id, v)) => Ok(ModRef {
                id: id.to_string(),
                version: v.to_string(),
            }),
            None => bail!("mods `{m}`: each mod is written id@version"),
        })
        .collect::<Result<_>>()?;
    let seeds = crate::lab::batch::parse_seeds(seeds)
        .map_err(|e| anyhow::anyhow!("run_seeds `{seeds}`: {e}"))?;
    let turns = turns
        .parse()
        .map_err(|_| anyhow::anyhow!("run_turns `{turns}` is not a whole number"))?;
    Ok(Played {
        scenario: scenario.clone(),
        content_hash,
        mods,
        seeds,
        turns,
    })
}

/// The stretches of `range` that `present` (ascending) leaves out.
fn gaps(range: &Range<u64>, present: impl Iterator<Item = u64>) -> Vec<Range<u64>> {
    let mut out = Vec::new();
    let mut next = range.start;
    for s in present {
        if s > next {
            out.push(next..s);
        }
        next = s + 1;
    }
    if next < range.end {
        out.push(next..range.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_the_missing_stretches() {
        assert_eq!(gaps(&(0..10), [0, 1, 5, 6].into_iter()), vec![2..5, 7..10]);
        assert!(gaps(&(3..6), [3, 4, 5].into_iter()).is_empty());
    }

    #[test]
    fn the_run_is_read_back_from_its_columns() {
        let run = [
            "riverside",
            "00000000000000ff",
            "a@1.0;b@0.2",
            "0..20",
            "40",
        ]
        .map(String::from);
        let p = played(&run).unwrap();
        assert_eq!((p.content_hash, p.seeds.clone(), p.turns), (255, 0..20, 40));
        assert_eq!(p.mods_field(), "a@1.0;b@0.2");
        assert!(played(&["x", "zz", "", "0..1", "4"].map(String::from)).is_err());
    }
}
