//! Validation of a parsed scenario: ids, cross-references and ranges, every problem at once,
//! each located in its source by `locate`.

use std::collections::BTreeSet;

use crate::content::diag::{self as diags, Diagnostic, Severity};
use crate::content::limits::{
    MAX_DIMENSIONS, MAX_GOODS, MAX_MEMBERS, MAX_QUANTITY, MAX_STORYLETS, MAX_TOOL_BONUS, MAX_TURNS,
};
use crate::content::locate::{Check, in_range};
use crate::content::source::Sources;
use crate::content::{story_check, workplace_check};
use crate::engine::params::table;
use crate::engine::types::GoodKind;
use crate::engine::world::Scenario;
use crate::engine::world::scenario::ScenarioMeta;

/// Every problem in a parsed scenario, errors and warnings.
pub fn validate(sc: &Scenario, sources: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let goods: BTreeSet<&str> = sc.goods.iter().map(|g| g.id.as_str()).collect();
    let members: BTreeSet<&str> = sc.members.iter().map(|m| m.id.as_str()).collect();
    let dims: BTreeSet<&str> = sc.meta.dimensions.iter().map(|d| d.id.as_str()).collect();

    // scenario.ron
    {
        let mut c = Check::new(&sources.scenario, &mut out);
        let meta = &sc.meta;
        if meta.id.is_empty()
            || !meta
                .id
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
        {
            let at = c.field(0, "id");
            c.error(
                at,
                format!(
                    "scenario id `{}` must be lowercase letters, digits, `-` or `_`",
                    meta.id
                ),
            );
        }
        if meta.turns == 0 || meta.turns > MAX_TURNS {
            let at = c.field(0, "turns");
            c.error(
                at,
                format!("turns is {}; expected 1 to {MAX_TURNS}", meta.turns),
            );
        }
        if meta.dimensions.len() > MAX_DIMENSIONS {
            let at = c.field(0, "dimensions");
            c.error(
                at,
                format!("at most {MAX_DIMENSIONS} status dimensions are allowed"),
            );
        }
        c.unique("dimension", meta.dimensions.iter().map(|d| d.id.as_str()));
        for d in &meta.dimensions {
            if d.high == d.low {
                let at = c.entity(&d.id);
                c.error(
                    at,
                    format!("dimension `{}` names both states `{}`", d.id, d.high),
                );
            }
        }
        let bonds_at = c.field(0, "bonds");
        let mut from = bonds_at;
        let mut pairs = BTreeSet::new();
        for (a, b, w) in &meta.bonds {
            let at = c.after(from, &format!("\"{a}\""));
            if !pairs.insert((a.min(b), a.max(b))) {
                c.error(
                    at,
                    format!(
                        "the bond between `{a}` and `{b}` is listed twice; a pair has one bond (keep one strength)"
                    ),
                );
            }
            c.reference(at, "member", a, &members);
            c.reference(at, "member", b, &members);
            if a == b {
                c.error(
                    at,
                    format!("member `{a}` cannot have a bond with themselves; a bond joins two different members"),
                );
            }
            c.range(at, "a bond's strength", *w, 0.0, 1.0);
            from = at + 1;
        }
        c.unique("venue", meta.venues.iter().map(|v| v.id.as_str()));
        for v in &meta.venues {
            let at = c.entity(&v.id);
            if let Some(g) = &v.good {
                c.reference(at, "good", g, &goods);
            }
            if let crate::engine::world::scenario::Operator::Business(owner) = &v.operator {
                c.reference(at, "member", owner, &members);
            }
        }
        workplace_check::check(&mut c, meta, &goods, &members);
        check_params(&mut c, meta);
    }
    if sc.storylets.len() > MAX_STORYLETS {
        out.push(Diagnostic::at(
            Severity::Error,
            &sources.storylets.path,
            &sources.storylets.text,
            0,
            format!(
                "at most {} storylets are allowed; this file has {}",
                MAX_STORYLETS,
                sc.storylets.len()
            ),
        ));
    }
    story_check::check(sc, sources, &mut out);

    // goods.ron
    {
        let mut c = Check::new(&sources.goods, &mut out);
        if sc.goods.is_empty() {
            c.error(0, NO_GOODS.into());
        }
        if sc.goods.len() > MAX_GOODS {
            c.error(0, format!("at most {MAX_GOODS} goods are allowed"));
        }
        c.unique("good", sc.goods.iter().map(|g| g.id.as_str()));
        for g in &sc.goods {
            let at = c.entity(&g.id);
            for (field, v) in [("pool", g.pool), ("base_cost", g.base_cost)] {
                if v > MAX_QUANTITY {
                    let f = c.field(at, field);
                    c.error(
                        f,
                        format!("`{field}` is {v}; quantities are limited to {MAX_QUANTITY}"),
                    );
                }
            }
            if g.recipe.tool_bonus > MAX_TOOL_BONUS {
                let f = c.field(at, "tool_bonus");
                c.error(
                    f,
                    format!(
                        "tool_bonus is {}%; a tool adds at most {MAX_TOOL_BONUS}% to output",
                        g.recipe.tool_bonus
                    ),
                );
            }
            if g.spoilage > 100 {
                let f = c.field(at, "spoilage");
                c.error(f, format!("spoilage is {}%; expected 0 to 100", g.spoilage));
            }
            for (input, units) in &g.recipe.inputs {
                if *units == 0 {
                    let f = c.field(at, "inputs");
                    let f = c.after(f, &format!("\"{input}\""));
                    c.error(
                        f,
                        format!("an input of 0 units of `{input}` takes nothing; remove it or give at least 1"),
                    );
                }
                c.reference(at, "good", input, &goods);
                if *input == g.id {
                    let f = c.field(at, "inputs");
                    c.error(f, format!("good `{}` cannot be an input to itself", g.id));
                }
            }
            if let Some(t) = &g.recipe.tool {
                c.reference(at, "good", t, &goods);
                let kind = sc.goods.iter().find(|o| o.id == *t).map(|o| o.kind);
                if kind.is_some_and(|k| k != GoodKind::Durable) {
                    let f = c.field(at, "tool");
                    c.error(
                        c.value(f),
                        format!(
                            "the tool `{t}` is {kind:?}, not Durable: a tool is held, not used up; make `{t}` `kind: Durable` or choose a durable good",
                            kind = kind.unwrap_or(GoodKind::Durable)
                        ),
                    );
                }
                if g.recipe.tool_bonus == 0 {
                    let f = c.field(at, "tool");
                    c.warn(
                        f,
                        format!("good `{}` has a tool but a tool_bonus of 0: holding `{t}` adds nothing", g.id),
                    );
                }
            } else if g.recipe.tool_bonus > 0 {
                let f = c.field(at, "tool_bonus");
                c.warn(
                    f,
                    format!(
                        "good `{}` has a tool_bonus but no tool: the bonus never applies",
                        g.id
                    ),
                );
            }
            if g.fallback == Some(g.regime) {
                let f = c.field(at, "fallback");
                c.warn(
                    f,
                    format!(
                        "good `{}` falls back to its own regime; the fallback does nothing",
                        g.id
                    ),
                );
            }
            let used = sc.members.iter().any(|m| {
                m.needs.iter().any(|n| n.good == g.id)
                    || m.wants.iter().any(|w| w.good == g.id)
                    || m.interests.iter().any(|i| i.good == g.id)
            }) || sc.goods.iter().any(|o| {
                o.recipe.inputs.contains_key(&g.id) || o.recipe.tool.as_deref() == Some(&g.id)
            });
            if !used {
                c.warn(at, format!("nobody needs, wants or uses good `{}`", g.id));
            }
        }
    }

    // members.ron
    {
        let mut c = Check::new(&sources.members, &mut out);
        if sc.members.is_empty() {
            c.error(0, NO_MEMBERS.into());
        } else if !sc.members.iter().any(|m| m.present) {
            c.error(
                0,
                "a scenario needs at least one member present at the start".into(),
            );
        }
        if sc.members.len() > MAX_MEMBERS {
            c.error(0, format!("at most {MAX_MEMBERS} members are allowed"));
        }
        c.unique("member", sc.members.iter().map(|m| m.id.as_str()));
        for m in &sc.members {
            let at = c.entity(&m.id);
            for (field, v) in [
                ("charisma", m.charisma),
                ("dominance", m.dominance),
                ("standing", m.standing),
                ("enterprise", m.enterprise),
            ] {
                // Located only when wrong: searching for a field a member leaves out runs on
                // through the file, and once for every member that is quadratic.
                if !in_range(v, 0.0, 1.0) {
                    let f = c.field(at, field);
                    c.range(f, field, v, 0.0, 1.0);
                }
            }
            for d in m.marks.keys() {
                c.reference(at, "dimension", d, &dims);
            }
            for g in m
                .skills
                .keys()
                .chain(m.work.keys())
                .chain(m.holdings.keys())
            {
                c.reference(at, "good", g, &goods);
            }
            let work: u64 = m.work.values().map(|&w| w as u64).sum();
            if work > 100 {
                let f = c.field(at, "work");
                c.error(
                    f,
                    format!("work shares add up to {work}%; expected at most 100%"),
                );
            }
            let quantities = m
                .needs
                .iter()
                .map(|n| ("amount", n.amount))
                .chain(m.wants.iter().map(|w| ("amount", w.amount)))
                .chain(m.interests.iter().map(|i| ("amount", i.amount)))
                .chain(m.skills.values().map(|&v| ("skills", v)))
                .chain(m.holdings.values().map(|&v| ("holdings", v)));
            for (field, v) in quantities.collect::<Vec<_>>() {
                if v > MAX_QUANTITY {
                    let f = c.field(at, field);
                    c.error(
                        f,
                        format!("`{field}` holds {v}; quantities are limited to {MAX_QUANTITY}"),
                    );
                }
            }
            for n in &m.needs {
                c.reference(at, "good", &n.good, &goods);
                if n.amount == 0 {
                    let f = c.field(at, "amount");
                    c.error(
                        f,
                        format!("a need of `{}` has amount 0; expected at least 1", n.good),
                    );
                }
            }
            for w in &m.wants {
                c.reference(at, "good", &w.good, &goods);
            }
            for i in &m.interests {
                c.reference(at, "good", &i.good, &goods);
            }
            let zero = m
                .wants
                .iter()
                .map(|w| ("wants", &w.good, w.amount))
                .chain(m.interests.iter().map(|i| ("interests", &i.good, i.amount)))
                .chain(m.holdings.iter().map(|(g, v)| ("holdings", g, *v)))
                .chain(m.skills.iter().map(|(g, v)| ("skills", g, *v)));
            for (field, good, _) in zero.filter(|z| z.2 == 0).collect::<Vec<_>>() {
                let f = c.field(at, field);
                let f = c.after(f, &format!("\"{good}\""));
                c.error(
                    f,
                    format!("{field} of `{good}` is 0; a quantity here is at least 1 (leave the entry out for none)"),
                );
            }
            for (good, share) in &m.work {
                if *share > 0 && m.skills.get(good).copied().unwrap_or(0) == 0 {
                    let f = c.field(at, "work");
                    let f = c.after(f, &format!("\"{good}\""));
                    c.warn(
                        f,
                        format!("member `{}` works {share}% at `{good}` without a skill in it, so makes none; add `skills: {{ \"{good}\": N }}`", m.id),
                    );
                }
            }
            for (good, _) in m.holdings.iter().filter(|(g, _)| {
                sc.goods
                    .iter()
                    .any(|o| o.id == **g && o.kind == GoodKind::Service)
            }) {
                let f = c.field(at, "holdings");
                let f = c.after(f, &format!("\"{good}\""));
                c.warn(
                    f,
                    format!("`{good}` is a Service, lost at the end of each turn: holdings of it vanish before they are used"),
                );
            }
            for p in &m.prejudices {
                c.reference(at, "dimension", &p.dimension, &dims);
                if !in_range(p.strength, 0.0, 1.0) {
                    let f = c.field(at, "strength");
                    c.range(f, "a prejudice's strength", p.strength, 0.0, 1.0);
                }
            }
            for (tag, v) in &m.values {
                if !in_range(*v, -1.0, 1.0) {
                    let f = c.after(at, &format!("\"{tag}\""));
                    c.range(f, &format!("value `{tag}`"), *v, -1.0, 1.0);
                }
            }
            if m.needs.is_empty() {
                c.warn(at, format!("member `{}` has no needs", m.id));
            }
            let parts: Vec<&str> = m.pronouns.split('/').map(str::trim).collect();
            // None at all is the documented default (they/them/their).
            if !m.pronouns.is_empty() && (parts.iter().any(|p| p.is_empty()) || parts.len() > 3) {
                let f = c.field(at, "pronouns");
                c.warn(
                    c.value(f),
                    format!(
                        "pronouns `{}` are not a set the stories can use, so they read `they/them/their`; write subject/object (`she/her`) or subject/object/possessive (`xe/xem/xyr`)",
                        m.pronouns
                    ),
                );
            }
        }
    }
    out
}

/// The message of an empty `members.ron`.
pub const NO_MEMBERS: &str = "a scenario needs at least one member; this list is empty, so every member named elsewhere is unknown";
/// The message of an empty `goods.ron`.
pub const NO_GOODS: &str = "a scenario needs at least one good; this list is empty, so every good named elsewhere is unknown";

/// An empty list of members or goods first, with the unknown names it causes under it.
pub fn root_causes(diags: &mut Vec<Diagnostic>) {
    diags::dedup(diags);
    diags::group_under(
        diags,
        |d| d.message.starts_with(NO_GOODS),
        |d| d.message.starts_with("unknown good") || d.message.starts_with("nobody needs"),
    );
    // An id given twice (a renamed copy): the old id's uses are now unknown.
    for (kind, unknown) in [("good", "unknown good"), ("member", "unknown member")] {
        let twice = format!("{kind} id `");
        diags::group_under(
            diags,
            |d| d.message.starts_with(&twice) && d.message.contains("is used twice"),
            |d| d.message.starts_with(unknown),
        );
    }
    diags::group_under(
        diags,
        |d| d.message.starts_with(NO_MEMBERS),
        |d| {
            d.message.starts_with("unknown member")
                || d.message.starts_with("nobody needs")
                || d.message.contains("can never fire")
        },
    );
}

/// Every parameter and policy number within its documented range (`engine::params::table`),
/// each error located at the number.
fn check_params(c: &mut Check, meta: &ScenarioMeta) {
    let mut bad = table::out_of_range(&meta.params, "params");
    bad.extend(table::out_of_range(&meta.policy, "policy"));
    for (path, value, spec) in bad {
        let at = path.split('.').fold(0, |at, part| match part.parse() {
            Ok(i) => c.element(at, i),
            Err(_) => c.field(at, part),
        });
        // At the number itself, past `name:` (an element is found at its number already).
        let element = path
            .rsplit('.')
            .next()
            .is_some_and(|p| p.parse::<usize>().is_ok());
        let at = if element { at } else { c.value(at) };
        c.error(at, format!("`{path}` is {value}; expected {}", spec.range));
    }
}
