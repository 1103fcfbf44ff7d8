//! Every parameter's documented range (`engine::params::table`) is enforced: a value just
//! outside it, written in `scenario.ron`, is refused with an error at the number; a storylet's
//! `Param` effect outside it is refused at check time; the engine refuses it at run time. And
//! the ranges are tight enough: whatever `check` accepts plays in time (`accepted`).

mod accepted;

use agora::content::embedded;
use agora::content::load::load;
use agora::engine::params::Params;
use agora::engine::params::table::{Range, Spec, Table, join};

/// `(path, written value)` for one value just outside each end of every numeric parameter's
/// range, with every parameter path (policy ones included) in `scenario.ron` terms.
fn outside() -> Vec<(String, &'static Spec, String)> {
    let mut out = Vec::new();
    let mut visit = |prefix: &str, fields: &'static [Spec]| {
        let mut stack = vec![(prefix.to_string(), fields)];
        while let Some((prefix, fields)) = stack.pop() {
            for f in fields {
                let path = join(&prefix, f.name);
                let bad = match f.range {
                    Range::Group(g) => {
                        stack.push((path, g()));
                        continue;
                    }
                    Range::Other => continue,
                    Range::Real(lo, hi) => {
                        vec![format!("{:?}", hi * 2.0 + 1.0), format!("{:?}", lo - 1.0)]
                    }
                    Range::Whole(lo, hi) if lo > 0 => {
                        vec![(hi + 1).to_string(), (lo - 1).to_string()]
                    }
                    Range::Whole(_, hi) => vec![(hi + 1).to_string()],
                };
                for v in bad {
                    out.push((path.clone(), f, v));
                }
            }
        }
    };
    visit("params", Params::fields());
    visit("policy", agora::engine::policy::Policy::fields());
    out
}

/// `params.market.depth` = `5` as RON: `params: (market: (depth: 5))`; an array's element
/// `params.wellbeing.weights.2` is written as the whole array, the others at the low end.
fn written(path: &str, spec: &Spec, value: &str) -> String {
    let mut parts: Vec<&str> = path.split('.').collect();
    let len = spec
        .ty
        .rsplit(';')
        .next()
        .and_then(|n| n.trim_end_matches(']').trim().parse::<usize>().ok());
    let mut v = value.to_string();
    if let Some(n) = len {
        let low = match spec.range {
            Range::Real(lo, _) => format!("{lo:?}"),
            Range::Whole(lo, _) => lo.to_string(),
            _ => unreachable!(),
        };
        let mut items = vec![low; n];
        items[n - 1] = v;
        v = format!("({})", items.join(", "));
        parts.push("");
    }
    let fields: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    let (last, groups) = fields.split_last().unwrap();
    let mut text = format!("{last}: {v}");
    for g in groups.iter().rev().take(groups.len() - 1) {
        text = format!("{g}: ({text})");
    }
    format!("{}: ({text}),", groups[0])
}

#[test]
fn every_parameter_out_of_its_range_is_refused_at_the_number() {
    let cases = outside();
    assert!(cases.len() > 90, "only {} cases", cases.len());
    for (path, spec, value) in cases {
        let mut sources = embedded("riverside").unwrap();
        let field = written(&path, spec, &value);
        let text = &mut sources.scenario.text;
        // `policy` is already written in Riverside: replace it; `params` is new.
        if path.starts_with("policy.") {
            *text = text.replacen(
                "policy: (\n        decision_rule: Majority,\n    ),",
                &field,
                1,
            );
        } else {
            *text = text.replacen("    policy: (", &format!("    {field}\n    policy: ("), 1);
        }
        let diags = load(&sources).expect_err(&format!("{path} = {value} is refused"));
        let shown = path.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        let d = diags
            .iter()
            .find(|d| d.message.contains(&format!("`{shown}")))
            .unwrap_or_else(|| panic!("{field}: no error names {path}: {diags:?}"));
        assert!(
            d.message.contains(&spec.range.to_string()),
            "{field}: {}",
            d.message
        );
        let at: String = d.source_line.chars().skip(d.col - 1).collect();
        assert!(
            at.starts_with(&value),
            "{field}: the caret is not at the number: {d}"
        );
    }
}

#[test]
fn a_storylet_param_effect_out_of_range_is_refused_at_check_time() {
    // Defect: `Param` effects bypassed the ranges (NaN wellbeing, hour-long turns).
    for (path, value, expected) in [
        (
            "events.per_turn",
            "4000000000",
            "a whole number from 0 to 20",
        ),
        ("wellbeing.weights.0", "1e308", "a number from 0 to 1000"),
        ("bonds.decay", "-0.5", "a number from 0 to 1"),
        (
            "deprivation.hunger_step",
            "1.5",
            "a whole number from 0 to 1000",
        ),
    ] {
        let mut sources = embedded("riverside").unwrap();
        let effect = format!("Param(path: \"{path}\", value: {value}), ");
        let text = &mut sources.storylets.text;
        *text = text.replacen("effects: [Bond(", &format!("effects: [{effect}Bond("), 1);
        let diags = load(&sources).expect_err(path);
        let d = diags
            .iter()
            .find(|d| d.message.contains(&format!("`{path}` would be set to")))
            .unwrap_or_else(|| panic!("{path}: {diags:?}"));
        assert!(d.message.contains(expected), "{}", d.message);
        assert!(d.source_line.contains(&effect[..20]), "{d}");
    }
}

#[test]
fn parameters_in_range_load() {
    let mut sources = embedded("riverside").unwrap();
    let text = &mut sources.scenario.text;
    *text = text.replacen(
        "    policy: (",
        "    params: (events: (per_turn: 20, choices_per_turn: 5), wellbeing: (weights: (1000.0, 0.0, 0.0, 0.0))),\n    policy: (market_days: 10, demurrage_permille: 200, ",
        1,
    );
    load(&sources).expect("the ends of each range are allowed");
}

#[test]
fn a_mod_that_sets_a_parameter_out_of_range_is_refused_at_its_op() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("evil");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("mod.ron"),
        r#"(id: "evil", name: "Evil", scenarios: ["riverside"])"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("scenario.ron"),
        "[\n    Patch(Scenario, [\n        Set(\"params.events.per_turn\", 4000000000),\n        Set(\"params.wellbeing.weights\", (4.0, 3.0, 1e300, 1.0)),\n    ]),\n]\n",
    )
    .unwrap();
    let diags = agora::content::mods::open("riverside", &["evil".into()], &[tmp.path().into()])
        .unwrap_err();
    for (line, words) in [
        (
            3,
            "`params.events.per_turn` is 4000000000; expected a whole number from 0 to 20",
        ),
        (
            4,
            "`params.wellbeing.weights.2` is 1e300; expected a number from 0 to 1000",
        ),
    ] {
        assert!(
            diags
                .iter()
                .any(|d| d.line == line && d.message.contains(words)),
            "{words}: {diags:?}"
        );
    }
}
