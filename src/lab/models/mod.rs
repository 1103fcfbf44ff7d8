//! `agora models`: the paper's table (DESIGN §10). Each published model the engine rests on
//! is run through the engine's own code and compared with its published target.
//!
//! Each model lives in its own module and contributes rows to [`rows`]. Every row carries the
//! number of seeded runs behind it and a golden fingerprint of their raw results (in the style
//! of ndouglas/SugarScape's `tests/golden.rs`): `tests/models.rs` pins each fingerprint, so a
//! change in the engine code a row runs shows there even when the measured value stays within
//! its tolerance.

use serde::{Serialize, Serializer};

use crate::engine::hash::Fnv64;

pub mod bal;
pub mod est;
pub mod fj;
pub mod gs1;
pub mod km;
pub mod market;
pub mod meet;
pub mod oso;
pub mod tat;

/// How a measured value is judged against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Judge {
    /// |measured − target| ≤ tolerance.
    Within,
    /// measured ≥ target − tolerance.
    AtLeast,
    /// measured < target (tolerance unused).
    Below,
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The model's id (`EST`, `GS1`, …).
    pub id: String,
    /// What is measured, in words.
    pub what: String,
    pub target: f64,
    pub measured: f64,
    pub tolerance: f64,
    pub judge: Judge,
    pub pass: bool,
    /// Seeded runs (periods, items, meetings or economies) the row is measured over; 0 for
    /// a computation that draws nothing.
    pub seeds: u64,
    /// FNV-1a over the raw results the row is measured from, as 16 hex digits.
    #[serde(serialize_with = "hex")]
    pub fingerprint: u64,
}

fn hex<S: Serializer>(x: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{x:016x}"))
}

/// A row's fingerprint in the making: the raw results of its runs, fed in order.
#[derive(Debug, Clone, Copy, Default)]
pub struct Print(Fnv64);

impl Print {
    pub fn u64(&mut self, x: u64) {
        self.0.write(&x.to_le_bytes());
    }

    /// A float by its bit pattern, so any change in the last bit shows.
    pub fn f64(&mut self, x: f64) {
        self.u64(x.to_bits());
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// What a row is measured over: its seeded runs and their fingerprint.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sample {
    pub seeds: u64,
    pub print: Print,
}

impl Row {
    /// A row judged by `judge`, drawing nothing: its fingerprint is the measured value's.
    pub fn new(
        id: &str,
        what: impl Into<String>,
        target: f64,
        measured: f64,
        tolerance: f64,
        judge: Judge,
    ) -> Row {
        let pass = measured.is_finite()
            && match judge {
                Judge::Within => (measured - target).abs() <= tolerance,
                Judge::AtLeast => measured >= target - tolerance,
                Judge::Below => measured < target,
            };
        Row {
            id: id.to_string(),
            what: what.into(),
            target,
            measured,
            tolerance,
            judge,
            pass,
            seeds: 0,
            fingerprint: {
                let mut p = Print::default();
                p.f64(measured);
                p.finish()
            },
        }
    }

    /// The row as measured over `sample`.
    pub fn over(self, sample: &Sample) -> Row {
        Row {
            seeds: sample.seeds,
            fingerprint: sample.print.finish(),
            ..self
        }
    }
}

/// Every row of the table, in the order of DESIGN §10.
pub fn rows() -> Vec<Row> {
    let mut rows = est::rows();
    rows.extend(gs1::rows());
    rows.extend(fj::rows());
    rows.extend(km::rows());
    rows.extend(bal::rows());
    rows.extend(tat::rows());
    rows.extend(oso::rows());
    rows
}

/// The table as text, one row per line.
pub fn table(rows: &[Row]) -> String {
    let line = |id: &str, what: &str, cells: [&str; 6]| {
        format!(
            "{id:<4} {what:<52} {:>8} {:>8} {:>9}  {:<7} {:>6}  {}\n",
            cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]
        )
    };
    let mut out = line(
        "id",
        "measured quantity",
        [
            "target",
            "measured",
            "tolerance",
            "verdict",
            "seeds",
            "fingerprint",
        ],
    );
    for r in rows {
        let tol = match r.judge {
            Judge::Within => format!("±{}", fmt(r.tolerance)),
            Judge::AtLeast => format!("≥−{}", fmt(r.tolerance)),
            Judge::Below => "<".to_string(),
        };
        let seeds = if r.seeds == 0 {
            "—".to_string()
        } else {
            r.seeds.to_string()
        };
        let what: String = r.what.chars().take(52).collect();
        out.push_str(&line(
            &r.id,
            &what,
            [
                &fmt(r.target),
                &fmt(r.measured),
                &tol,
                if r.pass { "pass" } else { "FAIL" },
                &seeds,
                &format!("{:016x}", r.fingerprint),
            ],
        ));
    }
    out
}

/// Numbers in the table: four significant decimals, no trailing noise.
fn fmt(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e9 {
        format!("{x:.0}")
    } else if x.abs() >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_judged() {
        assert!(Row::new("X", "x", 1.0, 1.05, 0.1, Judge::Within).pass);
        assert!(!Row::new("X", "x", 1.0, 1.2, 0.1, Judge::Within).pass);
        assert!(Row::new("X", "x", 0.75, 0.7, 0.0, Judge::Below).pass);
        assert!(!Row::new("X", "x", 0.75, 0.75, 0.0, Judge::Below).pass);
        assert!(Row::new("X", "x", 1.0, 0.95, 0.1, Judge::AtLeast).pass);
        assert!(!Row::new("X", "x", 1.0, f64::NAN, 0.1, Judge::Within).pass);
    }

    #[test]
    fn a_fingerprint_sees_the_last_bit_and_the_order() {
        let print = |xs: &[f64]| {
            let mut p = Print::default();
            xs.iter().for_each(|&x| p.f64(x));
            p.finish()
        };
        assert_ne!(print(&[0.5, 0.25]), print(&[0.25, 0.5]));
        assert_ne!(
            print(&[0.5]),
            print(&[f64::from_bits(0.5f64.to_bits() + 1)])
        );
        let sample = Sample {
            seeds: 7,
            print: Print::default(),
        };
        let r = Row::new("X", "x", 1.0, 1.0, 0.1, Judge::Within).over(&sample);
        assert_eq!((r.seeds, r.fingerprint), (7, Print::default().finish()));
        assert!(table(&[r]).contains(&format!("{:016x}", Print::default().finish())));
    }
}
