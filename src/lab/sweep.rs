//! Parameter sweeps (`agora lab --vary PATH=V1,V2,…`): the grid of every combination of the
//! values given, each point a copy of the scenario with those parameters set, so a lab run can
//! show which conclusions hold as the models' coefficients move.

use std::sync::Arc;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::engine::World;
use crate::engine::events::path;

/// One `--vary`: a parameter (its path in the parameter table) and the values it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    pub path: String,
    pub values: Vec<f64>,
}

/// `PATH=V1,V2,…`, the path checked against the parameter table and each value against the
/// parameter's range.
pub fn parse_vary(arg: &str) -> Result<Vary> {
    let Some((p, vs)) = arg.split_once('=') else {
        bail!("--vary `{arg}`: write PATH=V1,V2,… (e.g. meeting.lambda0=0.5,0.7,0.9)");
    };
    // The guide's reference writes paths from the scenario file (`params.meeting.lambda0`).
    let p = p.trim();
    let p = p.strip_prefix("params.").unwrap_or(p);
    let Some(spec) = path::spec(p) else {
        let all = path::paths();
        let near = nearest(p, &all);
        bail!(
            "--vary `{arg}`: no parameter `{p}`{}; the parameter reference in docs/MODDING.md lists them",
            near.map_or(String::new(), |n| format!(" (did you mean `{n}`?)"))
        );
    };
    let mut values = Vec::new();
    for v in vs.split(',').map(str::trim) {
        let x: f64 = v
            .parse()
            .map_err(|_| anyhow::anyhow!("--vary `{arg}`: `{v}` is not a number"))?;
        if !spec
            .range
            .admits(crate::engine::params::table::Num::Real(x))
        {
            bail!("--vary `{arg}`: `{p}` is {}, not {v}", spec.range);
        }
        if values.contains(&x) {
            bail!("--vary `{arg}`: {v} is given twice");
        }
        values.push(x);
    }
    Ok(Vary {
        path: p.to_string(),
        values,
    })
}

/// The parameter path closest to `p` by edit distance, if any is close.
fn nearest<'a>(p: &str, all: &'a [String]) -> Option<&'a str> {
    let d = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    };
    all.iter()
        .map(|c| (d(p, c), c))
        .filter(|(n, _)| *n <= 3)
        .min_by_key(|(n, _)| *n)
        .map(|(_, c)| c.as_str())
}

/// A grid point: each varied parameter's value (in the order of [`Sweep::paths`]) and the
/// world with them set.
#[derive(Debug, Clone)]
pub struct Point {
    pub values: Vec<f64>,
    pub world: Arc<World>,
}

/// The parameters varied and every combination of their values, the last varying fastest.
/// Not sweeping is one point with nothing set: the scenario as it is.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub paths: Vec<String>,
    pub points: Vec<Point>,
}

/// A parameter's value at a grid point, as the summary and `--json` show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setting {
    pub path: String,
    pub value: f64,
}

impl Sweep {
    pub fn none(world: &Arc<World>) -> Sweep {
        Sweep {
            paths: Vec::new(),
            points: vec![Point {
                values: Vec::new(),
                world: Arc::clone(world),
            }],
        }
    }

    /// The grid of `varies` over `world`; a parameter varied twice is refused.
    pub fn new(world: &Arc<World>, varies: &[Vary]) -> Result<Sweep> {
        for (i, v) in varies.iter().enumerate() {
            if varies[..i].iter().any(|u| u.path == v.path) {
                bail!(
                    "--vary `{}` is given twice; give all its values in one --vary",
                    v.path
                );
            }
        }
        let mut grid: Vec<Vec<f64>> = vec![Vec::new()];
        for v in varies {
            grid = grid
                .into_iter()
                .flat_map(|g| {
                    v.values.iter().map(move |x| {
                        let mut g = g.clone();
                        g.push(*x);
                        g
                    })
                })
                .collect();
        }
        let paths: Vec<String> = varies.iter().map(|v| v.path.clone()).collect();
        let points = grid
            .into_iter()
            .map(|values| {
                if values.is_empty() {
                    return Ok(Point {
                        values,
                        world: Arc::clone(world),
                    });
                }
                let mut sc = world.scenario.clone();
                for (p, x) in paths.iter().zip(&values) {
                    path::set(&mut sc.meta.params, p, *x).map_err(anyhow::Error::msg)?;
                }
                let w = World::new(sc).map_err(anyhow::Error::msg)?;
                Ok(Point {
                    values,
                    world: Arc::new(w),
                })
            })
            .collect::<Result<_>>()?;
        Ok(Sweep { paths, points })
    }

    /// The settings of grid point `i`.
    pub fn settings(&self, i: usize) -> Vec<Setting> {
        settings(&self.paths, &self.points[i].values)
    }
}

/// Paths paired with values.
pub fn settings(paths: &[String], values: &[f64]) -> Vec<Setting> {
    paths
        .iter()
        .zip(values)
        .map(|(p, v)| Setting {
            path: p.clone(),
            value: *v,
        })
        .collect()
}

/// `meeting.lambda0 = 0.5, market.entry_margin_pct = 10`.
pub fn describe(s: &[Setting]) -> String {
    let parts: Vec<String> = s
        .iter()
        .map(|s| format!("{} = {}", s.path, s.value))
        .collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::sim::SimSpec;

    #[test]
    fn vary_is_checked_against_the_table() {
        let v = parse_vary("meeting.lambda0=0.5, 0.9").unwrap();
        assert_eq!(v.values, vec![0.5, 0.9]);
        assert_eq!(
            parse_vary("params.meeting.lambda0=0.5").unwrap().path,
            "meeting.lambda0"
        );
        let e = parse_vary("meeting.lambda0=1.5").unwrap_err().to_string();
        assert!(e.contains("a number from 0 to 1, not 1.5"), "{e}");
        let e = parse_vary("market.entry_margin_pct=2.5")
            .unwrap_err()
            .to_string();
        assert!(e.contains("whole number"), "{e}");
        let e = parse_vary("meeting.lamda0=0.5").unwrap_err().to_string();
        assert!(e.contains("did you mean `meeting.lambda0`"), "{e}");
        assert!(parse_vary("meeting.lambda0").is_err());
        assert!(parse_vary("meeting.lambda0=x").is_err());
        assert!(parse_vary("meeting.lambda0=0.5,0.5").is_err());
    }

    #[test]
    fn the_grid_is_every_combination_last_fastest() {
        let (world, _) = SimSpec::load("riverside", Some(2)).unwrap();
        let vs = [
            parse_vary("meeting.lambda0=0.5,0.9").unwrap(),
            parse_vary("market.entry_margin_pct=10,25,40").unwrap(),
        ];
        let s = Sweep::new(&world, &vs).unwrap();
        assert_eq!(s.points.len(), 6);
        assert_eq!(s.points[1].values, vec![0.5, 25.0]);
        assert_eq!(s.points[3].values, vec![0.9, 10.0]);
        let p = &s.points[3].world.scenario.meta.params;
        assert_eq!((p.meeting.lambda0, p.market.entry_margin_pct), (0.9, 10));
        assert!(Sweep::new(&world, &[vs[0].clone(), vs[0].clone()]).is_err());
        assert_eq!(Sweep::none(&world).points.len(), 1);
    }
}
