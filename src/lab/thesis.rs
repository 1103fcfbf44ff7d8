//! Thesis tests: hypotheses a scenario declares in `hypotheses.ron` beside its
//! `scenario.ron`, each a claim about the paired difference of one lab column between two
//! policies over the same seeds, judged by `agora lab` as supported, not supported or
//! inconclusive.
//!
//! ```ron
//! [
//!     (
//!         id: "exchange-reaches-the-least-privileged",
//!         text: "The least-privileged quartile's needs are met better under Exchange than Commons by at least 0.1",
//!         metric: "lpq_needs_met",
//!         a: "exchange",
//!         b: "commons",
//!         at_least: 0.1,
//!     ),
//! ]
//! ```
//!
//! `a` and `b` are policies as `--policies` writes them (`exchange`, `mixed+press=exchange`,
//! `mixed+medicine=exchange>aid`; see `lab::sim::Policy`), or the names of scripted policies
//! from a policy file. A claim about one good compares exactly that change:
//! `a: "mixed+press=exchange", b: "mixed"`.
//!
//! The claim is `mean(a − b) ≥ at_least`. With the 95% interval `[lo, hi]` of the paired
//! difference: **supported** when `lo ≥ at_least`, **not supported** when `hi < at_least`,
//! **inconclusive** when the interval straddles the threshold. A test whose policies were not
//! run (or are not policies of the scenario), or whose column does not exist, is **not
//! tested**, with a note saying why. A claim that `a` is lower than `b` is written with the
//! policies swapped.

use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::content;
use crate::content::diag::{self, Diagnostic};
use crate::content::locate::Check;
use crate::engine::World;
use crate::lab::batch::Tally;
use crate::lab::sim::Policy;
use crate::lab::stats::Estimate;
use crate::lab::summary::fmt_estimate;

/// One hypothesis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hypothesis {
    pub id: String,
    /// The claim in words.
    pub text: String,
    /// A numeric column of the lab CSV (see `docs/LAB.md`).
    pub metric: String,
    /// The policy claimed higher (`exchange`, `mixed+press=exchange`, or a scripted
    /// policy's name).
    pub a: String,
    /// The policy it is compared with.
    pub b: String,
    /// The least difference `a − b` the claim asserts (0 for "higher").
    #[serde(default)]
    pub at_least: f64,
}

/// The file a scenario folder (or a mod) declares its hypotheses in.
pub const FILE: &str = content::HYPOTHESES;

macro_rules! embed {
    ($($id:literal),*) => {
        /// The hypotheses of the shipped scenarios, compiled in.
        pub const EMBEDDED: &[(&str, &str)] = &[$(
            ($id, include_str!(concat!("../../assets/scenarios/", $id, "/hypotheses.ron"))),
        )*];
    };
}

embed!("riverside", "press", "clinic", "dry-year", "mill");

/// Parse a hypotheses file's text, with located errors.
pub fn parse(path: &str, text: &str) -> Result<Vec<Hypothesis>> {
    let src = content::Source {
        path: path.to_string(),
        text: text.to_string(),
    };
    content::load::parse::<Vec<Hypothesis>>(&src).map_err(|d| anyhow::anyhow!("{d}"))
}

/// Read a hypotheses file.
pub fn read(path: &Path) -> Result<Vec<Hypothesis>> {
    let text =
        crate::content::limits::read_text(path, crate::content::limits::MAX_FILE_BYTES as u64)
            .map_err(|e| anyhow::anyhow!("hypotheses {}: {e}", path.display()))?;
    parse(&path.display().to_string(), &text)
}

/// The hypotheses of a scenario named as for `agora sim` (a folder, an id under
/// `assets/scenarios`, or an embedded id); none when it declares none.
pub fn for_scenario(arg: &str) -> Result<Vec<Hypothesis>> {
    match source(arg) {
        Ok(Some(src)) => parse(&src.path, &src.text),
        Ok(None) => Ok(Vec::new()),
        Err(d) => Err(anyhow::anyhow!("{d}")),
    }
}

/// The thesis tests of a scenario played with mods: the scenario's, then each mod's
/// `hypotheses.ron` in load order — a test with the id of one before it replaces it (a
/// patch), a new id adds one.
pub fn for_content(
    scenario: &str,
    mods: &[String],
    dirs: &[std::path::PathBuf],
) -> Result<Vec<Hypothesis>> {
    let mut hs = for_scenario(scenario)?;
    if mods.is_empty() {
        return Ok(hs);
    }
    let named = content::mods::named(mods, dirs).map_err(|d| {
        anyhow::anyhow!(
            "{}",
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n\n")
        )
    })?;
    for src in of_mods(&named) {
        with(&mut hs, parse(&src.path, &src.text)?);
    }
    Ok(hs)
}

/// The `hypotheses.ron` files of these mods, in their order.
pub fn of_mods(mods: &[content::mods::Available]) -> Vec<&content::Source> {
    mods.iter()
        .flat_map(|m| m.src.files.iter())
        .filter(|f| content::mods::apply::is_hypotheses(f))
        .collect()
}

/// Add tests to a list, each replacing one of the same id in place.
pub fn with(hs: &mut Vec<Hypothesis>, more: Vec<Hypothesis>) {
    for h in more {
        match hs.iter_mut().find(|o| o.id == h.id) {
            Some(o) => *o = h,
            None => hs.push(h),
        }
    }
}

/// The hypotheses file of a scenario named as for `agora sim`, if it has one.
pub fn source(arg: &str) -> Result<Option<content::Source>, Diagnostic> {
    let dir = Path::new(arg);
    let file = if dir.is_dir() {
        Some(dir.join(FILE))
    } else if dir.is_file() {
        dir.parent().map(|p| p.join(FILE))
    } else {
        Some(Path::new(content::SCENARIO_DIR).join(arg).join(FILE))
    };
    if let Some(f) = file.filter(|f| f.exists()) {
        let mut errors = Vec::new();
        let src = content::load::read_file(&f, &mut errors);
        return match errors.pop() {
            Some(e) => Err(e),
            None => Ok(Some(src)),
        };
    }
    if dir.exists() {
        return Ok(None);
    }
    Ok(EMBEDDED
        .iter()
        .find(|(id, _)| *id == arg)
        .map(|(id, text)| content::Source {
            path: format!("{}/{id}/{FILE}", content::SCENARIO_DIR),
            text: text.to_string(),
        }))
}

/// Check a hypotheses file against the scenario it is for (after its mods), as `agora
/// check` does: it parses, its ids are unique, each metric is a column of the lab CSV, each
/// policy is one of the scenario's, each threshold is a number — every problem located.
pub fn check(src: &content::Source, world: &World) -> Vec<Diagnostic> {
    let hs: Vec<Hypothesis> = match content::load::parse(src) {
        Ok(h) => h,
        Err(d) => return vec![d],
    };
    let mut out = Vec::new();
    let mut c = Check::new(src, &mut out);
    c.unique("hypothesis", hs.iter().map(|h| h.id.as_str()));
    let columns = crate::lab::batch::columns(world);
    for h in &hs {
        let at = c.entity(&h.id);
        if !columns.contains(&h.metric) {
            let f = c.field(at, "metric");
            let f = c.value(f);
            let hint = diag::nearest(&h.metric, columns.iter().map(String::as_str))
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            c.error(
                f,
                format!(
                    "unknown metric `{}`{hint}; a metric is a numeric column of the lab CSV: {}, or a member's `met.MEMBER.GOOD`, `interest.MEMBER.GOOD`, `scrip.MEMBER` (docs/MODDING.md, \"Metric names\")",
                    h.metric,
                    crate::lab::batch::community_columns().join(", ")
                ),
            );
        }
        for (field, p) in [("a", &h.a), ("b", &h.b)] {
            if let Err(e) = Policy::parse_for(p, world) {
                let f = c.field(at, field);
                let f = c.value(f);
                c.warn(
                    f,
                    format!(
                        "`{p}` is not a policy of this scenario ({e:#}); the test is judged only when a policy file (`agora lab --policies FILE`) names a scripted policy `{p}`"
                    ),
                );
            }
        }
        if h.a == h.b {
            let f = c.field(at, "b");
            c.error(
                c.value(f),
                format!(
                    "`a` and `b` are both `{}`: a policy cannot differ from itself",
                    h.a
                ),
            );
        }
        if !h.at_least.is_finite() {
            let f = c.field(at, "at_least");
            c.error(
                c.value(f),
                format!("at_least is {}; expected a number", h.at_least),
            );
        }
    }
    out
}

/// What the evidence says about a hypothesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Supported,
    NotSupported,
    Inconclusive,
    /// Not judged: a policy was not run, or the column does not exist (the note says which).
    NotTested,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::NotSupported => "not supported",
            Verdict::Inconclusive => "inconclusive",
            Verdict::NotTested => "not tested",
        }
    }
}

/// Judge a claim `mean ≥ at_least` from the interval of the paired difference.
pub fn verdict(e: &Estimate, at_least: f64) -> Verdict {
    if e.n < 2 || !e.lo.is_finite() || !e.hi.is_finite() {
        Verdict::Inconclusive
    } else if e.lo >= at_least {
        Verdict::Supported
    } else if e.hi < at_least {
        Verdict::NotSupported
    } else {
        Verdict::Inconclusive
    }
}

/// A judged hypothesis.
#[derive(Debug, Clone, Serialize)]
pub struct Judgement {
    pub hypothesis: Hypothesis,
    pub verdict: Verdict,
    /// The paired difference `a − b` (absent when a policy or the metric was missing).
    pub effect: Option<Estimate>,
    /// Why it could not be judged, when it could not.
    pub note: Option<String>,
}

/// Why the policies a test names were not found among those run.
fn not_run(names: &[&str], world: &World) -> String {
    let mut valid = Vec::new();
    let mut notes = Vec::new();
    for name in names {
        match Policy::parse_for(name, world) {
            Ok(_) => valid.push(format!("`{name}`")),
            Err(e) => notes.push(format!(
                "`{name}` is not a policy that was run, nor a policy: {e:#}"
            )),
        }
    }
    if !valid.is_empty() {
        let (what, them) = if valid.len() == 1 {
            ("policy", "it")
        } else {
            ("policies", "them")
        };
        notes.insert(
            0,
            format!(
                "{what} {} not run: add {them} to --policies (or leave --policies out to run \
                 every policy the thesis tests name)",
                valid.join(" and ") + if valid.len() == 1 { " was" } else { " were" }
            ),
        );
    }
    notes.join("; ")
}

/// Judge each hypothesis against a run's statistics (`world` is the scenario run, to say
/// why a policy a test names is not a policy of it).
pub fn judge(hs: &[Hypothesis], t: &Tally, world: &World) -> Vec<Judgement> {
    hs.iter()
        .map(|h| {
            let missing = |note: String| Judgement {
                hypothesis: h.clone(),
                verdict: Verdict::NotTested,
                effect: None,
                note: Some(note),
            };
            let Some(c) = t.column(&h.metric) else {
                return missing(format!("no column `{}`", h.metric));
            };
            let (a, b) = match (t.policy(&h.a), t.policy(&h.b)) {
                (Some(a), Some(b)) => (a, b),
                (a, b) => {
                    let mut names = Vec::new();
                    if a.is_none() {
                        names.push(h.a.as_str());
                    }
                    if b.is_none() && h.b != h.a {
                        names.push(h.b.as_str());
                    }
                    return missing(not_run(&names, world));
                }
            };
            match t.diff(a, b, c) {
                Some(e) => Judgement {
                    hypothesis: h.clone(),
                    verdict: verdict(&e, h.at_least),
                    effect: Some(e),
                    note: None,
                },
                None => missing("compares a policy with itself".to_string()),
            }
        })
        .collect()
}

/// The thesis tests as the summary prints them.
pub fn render(js: &[Judgement]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for j in js {
        let h = &j.hypothesis;
        let _ = writeln!(out, "[{}] {}: {}", j.verdict.label(), h.id, h.text);
        match (&j.effect, &j.note) {
            (Some(e), _) => {
                let _ = writeln!(
                    out,
                    "    {} {} − {} = {} over {} seeds; claimed ≥ {}",
                    h.metric,
                    h.a,
                    h.b,
                    fmt_estimate(e),
                    e.n,
                    h.at_least
                );
            }
            (None, Some(n)) => {
                let _ = writeln!(out, "    {n}");
            }
            (None, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(lo: f64, hi: f64) -> Estimate {
        Estimate {
            n: 10,
            mean: (lo + hi) / 2.0,
            sd: 1.0,
            lo,
            hi,
        }
    }

    #[test]
    fn verdicts() {
        assert_eq!(verdict(&est(0.12, 0.2), 0.1), Verdict::Supported);
        assert_eq!(verdict(&est(0.0, 0.05), 0.1), Verdict::NotSupported);
        assert_eq!(verdict(&est(0.05, 0.15), 0.1), Verdict::Inconclusive);
    }

    #[test]
    fn shipped_hypotheses_parse() {
        for (id, text) in EMBEDDED {
            let hs = parse(id, text).unwrap();
            assert!(!hs.is_empty(), "{id} declares no hypothesis");
        }
    }
}
