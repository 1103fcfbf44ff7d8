//! Validation of a parsed scenario: ids, cross-references and ranges, every problem at once,
//! each located in its source by `locate`.

use std::collections::BTreeSet;

use crate::content::diag::{Diagnostic, Severity};
use crate::content::limits::{
    MAX_DIMENSIONS, MAX_GOODS, MAX_MEMBERS, MAX_QUANTITY, MAX_STORYLETS, MAX_TOOL_BONUS, MAX_TURNS,
};
use crate::content::locate::Check;
use crate::content::source::Sources;
use crate::content::story_check;
use crate::engine::params::Params;
use crate::engine::world::Scenario;

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
        for (a, b, w) in &meta.bonds {
            let at = c.after(from, &format!("\"{a}\""));
            c.reference(at, "member", a, &members);
            c.reference(at, "member", b, &members);
            if a == b {
                c.error(
                    at,
                    format!("member `{a}` cannot have a bond with themselves"),
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
        check_params(&mut c, &meta.params);
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
            c.error(0, "a scenario needs at least one good".into());
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
            for input in g.recipe.inputs.keys() {
                c.reference(at, "good", input, &goods);
                if *input == g.id {
                    let f = c.field(at, "inputs");
                    c.error(f, format!("good `{}` cannot be an input to itself", g.id));
                }
            }
            if let Some(t) = &g.recipe.tool {
                c.reference(at, "good", t, &goods);
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
        if !sc.members.iter().any(|m| m.present) {
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
                let f = c.field(at, field);
                c.range(f, field, v, 0.0, 1.0);
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
            for p in &m.prejudices {
                c.reference(at, "dimension", &p.dimension, &dims);
                let f = c.field(at, "strength");
                c.range(f, "a prejudice's strength", p.strength, 0.0, 1.0);
            }
            for (tag, v) in &m.values {
                let f = c.after(at, &format!("\"{tag}\""));
                c.range(f, &format!("value `{tag}`"), *v, -1.0, 1.0);
            }
            if m.needs.is_empty() {
                c.warn(at, format!("member `{}` has no needs", m.id));
            }
        }
    }
    out
}

/// Parameters must be finite and within their meaningful ranges.
fn check_params(c: &mut Check, p: &Params) {
    let at = c.field(0, "params");
    let unit = [
        ("meeting.threshold", p.meeting.threshold),
        ("meeting.lambda0", p.meeting.lambda0),
        ("meeting.lambda_slope", p.meeting.lambda_slope),
        ("meeting.support_cut", p.meeting.support_cut),
        ("meeting.standing_weight", p.meeting.standing_weight),
        ("meeting.standing_rate", p.meeting.standing_rate),
        ("meeting.minority_small", p.meeting.minority_small),
        ("meeting.minority_large", p.meeting.minority_large),
        ("meeting.conformity", p.meeting.conformity),
        ("meeting.block", p.meeting.block),
        ("meeting.support.noise", p.meeting.support.noise),
        ("market.value_decay", p.market.value_decay),
        ("market.rally_min_bond", p.market.rally_min_bond),
        ("aid.min_bond", p.aid.min_bond),
        ("aid.readiness_base", p.aid.readiness_base),
        ("aid.falter_below", p.aid.falter_below),
        ("bonds.absent_decay", p.bonds.absent_decay),
        ("bonds.decay", p.bonds.decay),
        ("bonds.floor", p.bonds.floor),
        ("bonds.prejudice_erosion", p.bonds.prejudice_erosion),
        ("wellbeing.memory", p.wellbeing.memory),
        ("wellbeing.poverty_cutoff", p.wellbeing.poverty_cutoff),
    ];
    // `bonds.decay` is found as the field `decay` after the field `bonds` after `params`.
    let locate = |c: &Check, name: &str| name.split('.').fold(at, |from, part| c.field(from, part));
    for (name, v) in unit {
        let f = locate(c, name);
        c.range(f, name, v, 0.0, 1.0);
    }
    let coefficients = [
        ("meeting.beta", p.meeting.beta),
        ("meeting.gamma", p.meeting.gamma),
        ("meeting.kappa", p.meeting.kappa),
        ("meeting.conformity_status", p.meeting.conformity_status),
        ("meeting.block_status", p.meeting.block_status),
        (
            "meeting.facilitation.round_cap",
            p.meeting.facilitation.round_cap,
        ),
        (
            "market.refusal_per_prejudice",
            p.market.refusal_per_prejudice,
        ),
        ("bonds.trade", p.bonds.trade),
        ("bonds.gift", p.bonds.gift),
        ("bonds.meeting", p.bonds.meeting),
        ("bonds.venue", p.bonds.venue),
        ("bonds.encounter", p.bonds.encounter),
        ("bonds.encounters_per_member", p.bonds.encounters_per_member),
        ("bonds.refusal", p.bonds.refusal),
        ("aid.readiness_bond", p.aid.readiness_bond),
        ("aid.readiness_prejudice", p.aid.readiness_prejudice),
    ];
    for (name, v) in coefficients {
        let f = locate(c, name);
        c.range(f, name, v, 0.0, 100.0);
    }
    for (i, w) in p.wellbeing.weights.iter().enumerate() {
        c.range(at, &format!("wellbeing.weights[{i}]"), *w, 0.0, 1000.0);
    }
    if p.meeting.circle_size < 2 {
        c.error(at, "meeting.circle_size must be at least 2".into());
    }
    if p.market.price_ceiling == 0 {
        c.error(at, "market.price_ceiling must be at least 1".into());
    }
    if p.market.depth > 1_000_000 {
        c.error(at, "market.depth is limited to 1,000,000 shouts".into());
    }
    if p.aid.store_donation_pct > 100 {
        c.error(
            at,
            "aid.store_donation_pct is a percentage: at most 100".into(),
        );
    }
    for (name, pct) in [
        ("market.entry_share_pct", p.market.entry_share_pct),
        ("market.rally_share_pct", p.market.rally_share_pct),
    ] {
        if pct > 100 {
            c.error(at, format!("{name} is a percentage: at most 100"));
        }
    }
    if p.deprivation.output_floor_pct > 100 {
        c.error(
            at,
            "deprivation.output_floor_pct is a percentage: at most 100".into(),
        );
    }
}
