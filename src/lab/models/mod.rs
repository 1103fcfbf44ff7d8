//! `agora models`: the paper's table (DESIGN §10). Each published model the engine rests on
//! is run through the engine's own code and compared with its published target.
//!
//! Each model lives in its own module and contributes rows to [`rows`].

use serde::Serialize;

pub mod est;
pub mod fj;
pub mod gs1;
pub mod km;
pub mod market;
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
}

impl Row {
    /// A row judged by `judge`.
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
        }
    }
}

/// Every row of the table, in the order of DESIGN §10.
pub fn rows() -> Vec<Row> {
    let mut rows = est::rows();
    rows.extend(gs1::rows());
    rows.extend(fj::rows());
    rows.extend(km::rows());
    rows.extend(tat::rows());
    rows.extend(oso::rows());
    rows
}

/// The table as text, one row per line.
pub fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "{:<5} {:<52} {:>10} {:>10} {:>9}  {}\n",
        "id", "measured quantity", "target", "measured", "tolerance", "verdict"
    );
    for r in rows {
        let op = match r.judge {
            Judge::Within => "±",
            Judge::AtLeast => "≥−",
            Judge::Below => "<",
        };
        let tol = if r.judge == Judge::Below {
            op.to_string()
        } else {
            format!("{op}{}", fmt(r.tolerance))
        };
        out.push_str(&format!(
            "{:<5} {:<52} {:>10} {:>10} {:>9}  {}\n",
            r.id,
            r.what.chars().take(52).collect::<String>(),
            fmt(r.target),
            fmt(r.measured),
            tol,
            if r.pass { "pass" } else { "FAIL" }
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
}
