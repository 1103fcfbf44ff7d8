//! `docs/MODDING.md` is complete and true: every field of the content schema is in its
//! reference, the policy and parameter tables are those of `engine::params::table`, and the
//! tutorial's mod, copied from the guide, loads.

use std::collections::BTreeSet;

use agora::engine::params::Params;
use agora::engine::params::table::{Range, Spec, Table, join};
use agora::engine::policy::Policy;

const GUIDE: &str = include_str!("../docs/MODDING.md");
const STORYLETS: &str = include_str!("../docs/STORYLETS.md");

/// Field names declared in a source file: `pub name:` in structs and `name: Type,` in the
/// struct variants of enums.
fn fields(src: &str, variants_too: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in src.lines() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let t = match t.strip_prefix("pub ") {
            Some(rest) => rest,
            None if variants_too && indent == 8 => t,
            None => continue,
        };
        let name: String = t
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        if !name.is_empty() && t[name.len()..].starts_with(": ") {
            out.insert(name);
        }
    }
    out
}

/// Variant names of the enums in a source file (4-space indented `Name`, `Name(`, `Name {`).
fn variants(src: &str) -> BTreeSet<String> {
    src.lines()
        .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
        .filter_map(|l| {
            let t = l.trim();
            let name: String = t
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let rest = &t[name.len()..];
            (name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && [",", "(", " {"].iter().any(|p| rest.starts_with(p)))
            .then_some(name)
        })
        .collect()
}

#[test]
fn every_schema_field_is_in_the_reference() {
    let sources = [
        (
            "schema.rs",
            include_str!("../src/engine/world/scenario.rs"),
            false,
        ),
        (
            "story.rs",
            include_str!("../src/engine/world/story.rs"),
            true,
        ),
        (
            "manifest.rs",
            include_str!("../src/content/mods/manifest.rs"),
            false,
        ),
        ("policy.rs", include_str!("../src/engine/policy.rs"), false),
        (
            "params.rs",
            include_str!("../src/engine/params/mod.rs"),
            false,
        ),
    ];
    let mut missing = Vec::new();
    let mut count = 0;
    for (file, src, variants_too) in sources {
        for f in fields(src, variants_too) {
            count += 1;
            if !GUIDE.contains(&format!("`{f}`")) {
                missing.push(format!("{file}: field `{f}`"));
            }
        }
    }
    let story = include_str!("../src/engine/world/story.rs");
    for v in variants(story) {
        let shown = [format!("`{v}`"), format!("`{v}("), format!("{v}(")];
        if !shown
            .iter()
            .any(|s| GUIDE.contains(s.as_str()) || STORYLETS.contains(s.as_str()))
        {
            missing.push(format!("story.rs: variant `{v}`"));
        }
    }
    assert!(
        count > 150,
        "only {count} fields found: is the scan broken?"
    );
    assert!(
        missing.is_empty(),
        "missing from docs/MODDING.md:\n{}",
        missing.join("\n")
    );
}

/// The ```ron block that follows `marker` in the guide.
fn block_after(marker: &str) -> String {
    let at = GUIDE
        .find(marker)
        .unwrap_or_else(|| panic!("no `{marker}` in the guide"));
    let rest = &GUIDE[at..];
    let start = rest.find("```ron\n").expect("a ron block follows") + 7;
    let end = rest[start..].find("```").unwrap() + start;
    rest[start..end].to_string()
}

#[test]
fn the_tutorial_mod_loads_and_does_what_it_says() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bakery");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("mod.ron"),
        block_after("`mod.ron` says who the mod is"),
    )
    .unwrap();
    for f in ["members.ron", "storylets.ron", "goods.ron", "scenario.ron"] {
        let text = block_after(&format!("`my-mods/bakery/{f}`"));
        std::fs::write(dir.join(f), text).unwrap();
    }
    let m = agora::content::mods::open("riverside", &["bakery".into()], &[tmp.path().into()])
        .unwrap_or_else(|d| {
            panic!(
                "{}",
                d.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n\n")
            )
        });
    let sc = &m.loaded.scenario;
    assert!(sc.members.iter().any(|x| x.id == "hana"));
    assert!(sc.storylets.iter().any(|s| s.id == "bakery-opens"));
    assert_eq!(sc.meta.params.meeting.threshold, 0.6);
    assert_eq!(
        sc.meta.policy.decision_rule,
        agora::engine::policy::DecisionRule::Consensus
    );
    assert_eq!(
        sc.goods.iter().find(|g| g.id == "grain").unwrap().spoilage,
        5
    );
}

/// A range as the guide's tables show it.
fn shown(range: &Range) -> String {
    match range {
        Range::Real(lo, hi) => format!("{lo}–{hi}"),
        Range::Whole(lo, hi) => format!("{lo}–{hi}"),
        Range::Group(_) => "see the group".into(),
        Range::Other => "—".into(),
    }
}

/// One row of a table for each field: a group's fields follow its parent's.
fn rows(fields: &'static [Spec], prefix: &str, with_path: bool, out: &mut Vec<String>) {
    let mut groups = Vec::new();
    for f in fields {
        let path = join(prefix, f.name);
        let default = match f.range {
            Range::Group(g) => {
                groups.push((g, path.clone()));
                "see the group".to_string()
            }
            _ => format!("`{}`", f.default),
        };
        let path_cell = if with_path {
            format!(" `{path}` |")
        } else {
            String::new()
        };
        out.push(format!(
            "| `{}` |{path_cell} {} | {} | {default} | {} |",
            f.name,
            f.ty,
            shown(&f.range),
            f.meaning().replace('|', "\\|")
        ));
    }
    for (g, p) in groups {
        rows(g(), &p, with_path, out);
    }
}

/// The guide's policy and parameter tables, generated from the one table.
fn generated() -> [(&'static str, String); 2] {
    let mut policy = vec![
        "| field | type | range | default | meaning |".to_string(),
        "|---|---|---|---|---|".to_string(),
    ];
    rows(Policy::fields(), "", false, &mut policy);
    let mut params = vec![
        "| field | path | type | range | default | meaning |".to_string(),
        "|---|---|---|---|---|---|".to_string(),
    ];
    for group in Params::fields() {
        if let Range::Group(g) = group.range {
            rows(g(), &format!("params.{}", group.name), true, &mut params);
        }
    }
    [("policy", policy.join("\n")), ("params", params.join("\n"))]
}

/// The policy and parameter references are the table's: `AGORA_BLESS=1 cargo test --test
/// modding_doc` writes them into the guide after a parameter changes.
#[test]
fn the_parameter_reference_is_generated_from_the_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/MODDING.md");
    let mut guide = std::fs::read_to_string(path).unwrap();
    let mut stale = Vec::new();
    for (name, table) in generated() {
        let begin = format!("<!-- {name} table: generated from engine::params::table -->\n");
        let end = "\n<!-- end of the generated table -->";
        let start = guide.find(&begin).expect("the guide marks the table") + begin.len();
        let stop = guide[start..].find(end).expect("the table's end is marked") + start;
        if guide[start..stop] != table {
            stale.push(name);
            guide.replace_range(start..stop, &table);
        }
    }
    if std::env::var_os("AGORA_BLESS").is_some() {
        std::fs::write(path, guide).unwrap();
    } else {
        assert!(
            stale.is_empty(),
            "docs/MODDING.md's {stale:?} table differs from engine::params::table; run `AGORA_BLESS=1 cargo test --test modding_doc`"
        );
    }
}

/// Defect: the guide did not list the metric names. Every figure of the turn report is in
/// its "Metric names", and the hypotheses format is documented.
#[test]
fn the_guide_lists_every_metric_name_and_the_hypotheses_format() {
    let section = GUIDE
        .split("### Metric names")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .expect("a Metric names section");
    for (name, _) in agora::engine::metrics::Metrics::default().fields() {
        assert!(
            section.contains(&format!("`{name}`")),
            "{name} is not in the guide"
        );
    }
    for field in ["id", "text", "metric", "a", "b", "at_least"] {
        assert!(GUIDE.contains(&format!("| `{field}` |")), "{field}");
    }
    assert!(GUIDE.contains("### `hypotheses.ron` (thesis tests)"));
    assert!(STORYLETS.contains("leave out `who` for everyone"));
}
