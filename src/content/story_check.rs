//! Validation of storylets and objectives: every id they name, every placeholder of their
//! text, the numbers they hold, and storylets that can never fire — located in the source.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::diag::nearest;
use crate::content::limits::{MAX_QUANTITY, MAX_TOOL_BONUS};
use crate::content::locate::Check;
use crate::content::source::Sources;
use crate::engine::events::{path, text};
use crate::engine::metrics::Metrics;
use crate::engine::params::table::Num;
use crate::engine::world::Scenario;
use crate::engine::world::story::{Cond, Effect, FACILITATIONS, Has, Pick, Storylet, Test};

/// What ids a storylet's conditions and effects may name.
struct Known<'a> {
    goods: BTreeSet<&'a str>,
    members: BTreeSet<&'a str>,
    dims: BTreeSet<&'a str>,
    venues: BTreeSet<&'a str>,
    workplaces: BTreeSet<&'a str>,
    /// Each workplace's declared owner and shares: (has owner, has shares).
    runs: BTreeMap<&'a str, (bool, bool)>,
    metrics: BTreeSet<&'static str>,
    /// Flags some storylet sets.
    flags: BTreeSet<&'a str>,
    /// Members absent at the start whom no storylet brings in.
    never_present: BTreeSet<&'a str>,
    turns: u32,
}

/// Check every storylet (storylets.ron) and objective (scenario.ron).
pub fn check(sc: &Scenario, sources: &Sources, out: &mut Vec<crate::content::Diagnostic>) {
    let joined: BTreeSet<&str> = sc
        .storylets
        .iter()
        .flat_map(Storylet::all_effects)
        .filter_map(|e| match e {
            Effect::Join(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    let known = Known {
        goods: sc.goods.iter().map(|g| g.id.as_str()).collect(),
        members: sc.members.iter().map(|m| m.id.as_str()).collect(),
        dims: sc.meta.dimensions.iter().map(|d| d.id.as_str()).collect(),
        venues: sc.meta.venues.iter().map(|v| v.id.as_str()).collect(),
        workplaces: sc.meta.workplaces.iter().map(|w| w.id.as_str()).collect(),
        runs: sc
            .meta
            .workplaces
            .iter()
            .map(|w| (w.id.as_str(), (w.owner.is_some(), !w.shares.is_empty())))
            .collect(),
        metrics: Metrics::default()
            .fields()
            .into_iter()
            .map(|f| f.0)
            .collect(),
        flags: sc
            .storylets
            .iter()
            .flat_map(Storylet::all_effects)
            .filter_map(|e| match e {
                Effect::SetFlag { flag, .. } => Some(flag.as_str()),
                _ => None,
            })
            .collect(),
        never_present: sc
            .members
            .iter()
            .filter(|m| !m.present && !joined.contains(m.id.as_str()))
            .map(|m| m.id.as_str())
            .collect(),
        turns: sc.meta.turns,
    };
    {
        let mut c = Check::new(&sources.storylets, out);
        c.unique("storylet", sc.storylets.iter().map(|s| s.id.as_str()));
        for s in &sc.storylets {
            storylet(&mut c, &known, s);
        }
    }
    let mut c = Check::new(&sources.scenario, out);
    c.unique(
        "objective",
        sc.meta.objectives.iter().map(|o| o.id.as_str()),
    );
    for o in &sc.meta.objectives {
        let at = c.entity(&o.id);
        match &o.test {
            Test::NoHungerStreak(n) => {
                if *n == 0 {
                    let f = c.field(at, "test");
                    c.error(
                        f,
                        "NoHungerStreak(0) fails at once; expected at least 1 turn".into(),
                    );
                }
            }
            Test::NeedMet {
                member,
                good,
                share,
            } => {
                c.reference(at, "member", member, &known.members);
                c.reference(at, "good", good, &known.goods);
                let needs = sc
                    .members
                    .iter()
                    .find(|m| m.id == *member)
                    .map(|m| m.needs.iter().any(|n| n.good == *good));
                if needs == Some(false) && known.goods.contains(good.as_str()) {
                    let f = c.field(at, "good");
                    c.error(
                        c.value(f),
                        format!("member `{member}` has no need of `{good}`, so this objective has nothing to judge; name a good in their `needs`"),
                    );
                }
                let f = c.field(at, "share");
                c.range(f, "share", *share, 0.0, 1.0);
            }
            Test::MetricAtLeast { metric, value, .. }
            | Test::MetricAtMost { metric, value, .. } => {
                c.reference(at, "metric", metric, &known.metrics);
                if !value.is_finite() {
                    let f = c.field(at, "value");
                    c.error(f, format!("value is {value}; expected a number"));
                }
            }
            Test::AtEnd(cond) => {
                let mut k = Scoped {
                    c: &mut c,
                    known: &known,
                    at,
                    roles: Vec::new(),
                };
                k.cond(cond, "an objective");
            }
        }
    }
}

/// Checks inside one storylet (or objective): `at` is its offset, `roles` the names visible.
struct Scoped<'c, 'a, 'k> {
    c: &'c mut Check<'a>,
    known: &'k Known<'k>,
    at: usize,
    roles: Vec<String>,
}

fn storylet(c: &mut Check, known: &Known, s: &Storylet) {
    let at = c.entity(&s.id);
    if s.weight == 0 {
        let f = c.field(at, "weight");
        c.error(
            f,
            format!(
                "storylet `{}` has weight 0, so it can never be drawn; expected at least 1",
                s.id
            ),
        );
    }
    if s.once && s.cooldown > 0 {
        let f = c.field(at, "cooldown");
        c.warn(
            f,
            format!(
                "storylet `{}` fires once, so its cooldown does nothing",
                s.id
            ),
        );
    }
    if s.effects.is_empty() && s.choices.is_empty() {
        c.warn(
            at,
            format!("storylet `{}` has no effects and no choices", s.id),
        );
    }
    let mut k = Scoped {
        c,
        known,
        at,
        roles: Vec::new(),
    };
    // `when` is tested before any role is bound.
    k.cond(&s.when, "its `when`");
    k.never(&s.when, &s.id);
    let mut seen = BTreeSet::new();
    for r in &s.roles {
        let ra = k.c.after(at, &format!("\"{}\"", r.id));
        if r.id.is_empty() || r.id == "pool" || r.id == "turn" || r.id.contains([':', '.']) {
            k.c.error(
                ra,
                format!(
                    "role id `{}` is reserved or malformed; use a plain word like `who`",
                    r.id
                ),
            );
        } else if known.members.contains(r.id.as_str()) {
            k.c.error(
                ra,
                format!(
                    "role `{}` has the id of a member; a role needs its own name",
                    r.id
                ),
            );
        } else if !seen.insert(r.id.as_str()) {
            k.c.error(ra, format!("role `{}` is declared twice", r.id));
        }
        if r.pick == Pick::Up(0) {
            k.c.error(ra, format!("role `{}` picks up to 0 members, so the storylet can never bind it; expected `Up(1)` or more, or `All`", r.id));
        }
        k.roles.push(r.id.clone());
        k.cond(&r.when, &format!("role `{}`", r.id));
        k.never(&r.when, &s.id);
    }
    // Roles of several cannot pay or give to roles of several: the pairing would be ambiguous.
    let many: BTreeSet<&str> = s
        .roles
        .iter()
        .filter(|r| r.pick != Pick::One)
        .map(|r| r.id.as_str())
        .collect();
    for e in s.all_effects() {
        k.effect(e, &many);
    }
    for t in std::iter::once(&s.title).chain([&s.text]) {
        k.text(t);
    }
    for (i, ch) in s.choices.iter().enumerate() {
        k.text(&ch.label);
        k.text(&ch.text);
        if let Some(w) = &ch.when {
            if i == 0 {
                let f = k.c.after(k.c.after(at, "choices"), "when");
                k.c.error(
                    f,
                    format!(
                        "the first choice of `{}` has a `when`; it is taken when the player gives no answer, so it must always be open",
                        s.id
                    ),
                );
            }
            k.cond(w, &format!("choice {}", i + 1));
        }
    }
}

impl Scoped<'_, '_, '_> {
    fn loc(&self, needle: &str) -> usize {
        self.c.after(self.at, needle)
    }

    /// A member id or a visible role.
    fn who(&mut self, who: &str, context: &str) {
        let at = self.loc(&format!("\"{who}\""));
        self.who_at(who, context, at);
    }

    /// A member id or a visible role, reported at `at`.
    fn who_at(&mut self, who: &str, context: &str, at: usize) {
        if self.roles.iter().any(|r| r == who) || self.known.members.contains(who) {
            return;
        }
        let candidates: Vec<&str> = self
            .roles
            .iter()
            .map(String::as_str)
            .chain(self.known.members.iter().copied())
            .collect();
        let hint = nearest(who, candidates.iter().copied())
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        let roles = if self.roles.is_empty() {
            "no roles are bound there".to_string()
        } else {
            format!("roles there: {}", self.roles.join(", "))
        };
        self.c.error(
            at,
            format!("unknown member or role `{who}` in {context}{hint}; {roles}"),
        );
    }

    fn good(&mut self, id: &str) {
        let goods = self.known.goods.clone();
        self.c.reference(self.at, "good", id, &goods);
    }

    fn cond(&mut self, cond: &Cond, context: &str) {
        for c in cond.walk() {
            match c {
                Cond::StockBelow(g, _)
                | Cond::StockAbove(g, _)
                | Cond::PriceAbove(g, _)
                | Cond::PriceBelow(g, _)
                | Cond::RegimeIs(g, _) => self.good(g),
                Cond::MemberHas(w, h) => {
                    self.who(w, context);
                    self.has(h);
                }
                Cond::BondAbove(a, b, v) => {
                    self.who(a, context);
                    self.who(b, context);
                    let at = self.loc("BondAbove");
                    self.c.range(at, "a bond", *v, 0.0, 1.0);
                }
                Cond::FlagSet(f) => {
                    if !self.known.flags.contains(f.as_str()) {
                        let at = self.loc(&format!("\"{f}\""));
                        let hint = nearest(f, self.known.flags.iter().copied())
                            .map(|n| format!(" (did you mean `{n}`?)"))
                            .unwrap_or_default();
                        self.c.error(
                            at,
                            format!("flag `{f}` is never set by any storylet, so this can never hold{hint}"),
                        );
                    }
                }
                Cond::MetricBelow(m, _) | Cond::MetricAbove(m, _) => {
                    let metrics = self.known.metrics.clone();
                    self.c.reference(self.at, "metric", m, &metrics);
                }
                Cond::VenueOpen(v) | Cond::VenueStruggling(v) => {
                    let venues = self.known.venues.clone();
                    self.c.reference(self.at, "venue", v, &venues);
                }
                Cond::MeetingsUse(f) => {
                    let known: BTreeSet<&str> = FACILITATIONS.into_iter().collect();
                    self.c.reference(self.at, "facilitation", f, &known);
                }
                Cond::WorkplaceOpen(w) | Cond::RunBy(w, _) | Cond::Striking(w) => {
                    self.workplace(w);
                }
                Cond::All(_)
                | Cond::Any(_)
                | Cond::Not(_)
                | Cond::TurnAtLeast(_)
                | Cond::TurnAtMost(_) => {}
                Cond::Opens(from, to) => {
                    if from > to {
                        let at = self.loc("Opens");
                        self.c.error(
                            at,
                            format!(
                                "`Opens({from}, {to})` closes before it opens: write the \
                                 earlier turn first, `Opens({to}, {from})`"
                            ),
                        );
                    }
                }
            }
        }
    }

    fn has(&mut self, h: &Has) {
        match h {
            Has::Need(g)
            | Has::Asks(g)
            | Has::Want(g)
            | Has::Skill(g, _)
            | Has::Works(g)
            | Has::Holds(g, _)
            | Has::Unmet(g, _)
            | Has::Met(g, _) => self.good(g),
            Has::OneOf(ids) => {
                let members = self.known.members.clone();
                for id in ids {
                    self.c.reference(self.at, "member", id, &members);
                }
            }
            Has::Mark(d, _) => {
                let dims = self.known.dims.clone();
                self.c.reference(self.at, "dimension", d, &dims);
            }
            Has::StandingAbove(v) | Has::StandingBelow(v) | Has::WellbeingBelow(v) => {
                let at = self.loc("Has");
                self.c.range(at, "a standing or wellbeing", *v, 0.0, 1.0);
            }
            Has::Present
            | Has::ScripAtLeast(_)
            | Has::ScripBelow(_)
            | Has::HungerAtLeast(_)
            | Has::InCrisis
            | Has::Ties(_) => {}
        }
    }

    /// A storylet whose conditions cannot hold together can never fire.
    fn never(&mut self, cond: &Cond, id: &str) {
        if let Some(why) = impossible(cond, self.known) {
            let at = self.at;
            self.c
                .error(at, format!("storylet `{id}` can never fire: {why}"));
        }
    }

    fn effect(&mut self, e: &Effect, many: &BTreeSet<&str>) {
        let ctx = "an effect";
        // Goods move unit by unit at market: a storylet must not hand out billions of units
        // any more than a member's file may (the fuzzer found turns stalled by both).
        let units = match e {
            Effect::Pool { amount, .. } => Some(("Pool", amount.unsigned_abs())),
            Effect::Holdings { amount, .. } => Some(("Holdings", amount.unsigned_abs())),
            Effect::Transfer { amount, .. } => Some(("Transfer", u64::from(*amount))),
            Effect::AddNeed { amount, .. } => Some(("AddNeed", u64::from(*amount))),
            Effect::Skill { delta, .. } => Some(("Skill", delta.unsigned_abs())),
            _ => None,
        };
        if let Some((name, n)) = units
            && n > u64::from(MAX_QUANTITY)
        {
            let at = self.loc(name);
            self.c.error(
                at,
                format!("{name} of {n} units; quantities are limited to {MAX_QUANTITY}"),
            );
        }
        if let Effect::Output { percent, .. } = e
            && *percent > 100 + MAX_TOOL_BONUS
        {
            let at = self.loc("Output");
            self.c.error(
                at,
                format!(
                    "output scaled to {percent}%; at most {}%",
                    100 + MAX_TOOL_BONUS
                ),
            );
        }
        match e {
            Effect::Pool { good, .. } => self.good(good),
            Effect::Holdings { who, good, .. }
            | Effect::Work { who, good, .. }
            | Effect::Skill { who, good, .. }
            | Effect::RemoveNeed { who, good, .. } => {
                self.who(who, ctx);
                self.good(good);
            }
            Effect::AddNeed {
                who, good, amount, ..
            } => {
                self.who(who, ctx);
                self.good(good);
                if *amount == 0 {
                    let at = self.loc("AddNeed");
                    self.c
                        .error(at, "a need of amount 0; expected at least 1".into());
                }
            }
            Effect::Transfer { from, to, good, .. } => {
                if from != "pool" {
                    self.who(from, ctx);
                }
                self.who(to, ctx);
                self.good(good);
                self.pairing(from, to, many);
            }
            Effect::Pay { from, to, .. } => {
                self.who(from, ctx);
                self.who(to, ctx);
                self.pairing(from, to, many);
            }
            Effect::Scrip { who, .. } | Effect::Leave(who) => self.who(who, ctx),
            Effect::Bond { a, b, delta } => {
                self.who(a, ctx);
                self.who(b, ctx);
                let at = self.loc("Bond");
                self.c.range(at, "a bond change", *delta, -1.0, 1.0);
            }
            Effect::Standing { who, delta } => {
                self.who(who, ctx);
                let at = self.loc("Standing");
                self.c.range(at, "a standing change", *delta, -1.0, 1.0);
            }
            Effect::OpenVenue(v) | Effect::CloseVenue(v) => {
                let venues = self.known.venues.clone();
                self.c.reference(self.at, "venue", v, &venues);
            }
            Effect::OpenWorkplace(w)
            | Effect::CloseWorkplace(w)
            | Effect::Wage { workplace: w, .. }
            | Effect::Strike { workplace: w, .. } => self.workplace(w),
            Effect::RunBy { workplace: w, by } => {
                self.workplace(w);
                if let Some(&(owner, shares)) = self.known.runs.get(w.as_str())
                    && let Some(why) = by.undeclared(owner, shares)
                {
                    let at = self.loc("RunBy");
                    self.c.error(
                        at,
                        format!(
                            "workplace `{w}` {why} (scenario.ron), so it cannot be run that way"
                        ),
                    );
                }
            }
            Effect::Join(m) => {
                let members = self.known.members.clone();
                self.c.reference(self.at, "member", m, &members);
            }
            Effect::SetRegime { good, .. } => self.good(good),
            Effect::Output { who, good, .. } => {
                if let Some(w) = who {
                    self.who(w, ctx);
                }
                if let Some(g) = good {
                    self.good(g);
                }
            }
            Effect::Param { path: p, value, .. } => {
                let at = self.loc(&format!("\"{p}\""));
                match path::spec(p) {
                    None => {
                        let all = path::paths();
                        let hint = nearest(p, all.iter().map(String::as_str))
                            .map(|n| format!(" (did you mean `{n}`?)"))
                            .unwrap_or_default();
                        self.c.error(
                            at,
                            format!("unknown parameter `{p}`{hint}; parameters are named like `deprivation.hunger_step`"),
                        );
                    }
                    Some(spec) if !spec.range.admits(Num::Real(*value)) => self.c.error(
                        at,
                        format!("`{p}` would be set to {value}; expected {}", spec.range),
                    ),
                    Some(_) => {}
                }
            }
            Effect::SetFlag { .. }
            | Effect::ClearFlag(_)
            | Effect::SetRule(_)
            | Effect::SetFacilitation(_)
            | Effect::EndGame => {}
        }
    }

    fn workplace(&mut self, w: &str) {
        let workplaces = self.known.workplaces.clone();
        self.c.reference(self.at, "workplace", w, &workplaces);
    }

    fn pairing(&mut self, from: &str, to: &str, many: &BTreeSet<&str>) {
        if many.contains(from) && many.contains(to) {
            let at = self.loc(&format!("\"{from}\""));
            self.c.error(
                at,
                format!("`{from}` and `{to}` are both roles of several; one side must be a single member"),
            );
        }
    }

    fn text(&mut self, t: &str) {
        for p in text::placeholders(t) {
            let key = p.key.as_str();
            let at = self.loc(&format!("{{{key}"));
            if key == "turn" {
                continue;
            }
            if let Some((kind, arg)) = key.split_once(':') {
                if text::GOOD_KEYS.contains(&kind) {
                    let goods = self.known.goods.clone();
                    self.c.reference(at, "good", arg, &goods);
                } else if text::MEMBER_KEYS.contains(&kind) {
                    self.who_at(arg, "a placeholder", at);
                } else if kind == "metric" {
                    let metrics = self.known.metrics.clone();
                    self.c.reference(at, "metric", arg, &metrics);
                } else {
                    self.c.error(
                        at,
                        format!(
                            "unknown placeholder `{{{key}}}`; expected `{{role}}`, `{{role.they}}`, `{{turn}}` or one of {}:…",
                            text::GOOD_KEYS
                                .iter()
                                .chain(&text::MEMBER_KEYS)
                                .chain(&["metric"])
                                .copied()
                                .collect::<Vec<_>>()
                                .join(":…, ")
                        ),
                    );
                }
                continue;
            }
            let (name, attr) = key.split_once('.').unwrap_or((key, "first"));
            self.who_at(name, "a placeholder", at);
            if !text::ATTRIBUTES.contains(&attr) {
                self.c.error(
                    at,
                    format!(
                        "unknown attribute `.{attr}` in `{{{key}}}`; expected one of: {}",
                        text::ATTRIBUTES.join(", ")
                    ),
                );
            }
        }
    }
}

/// Why a condition can never hold, when that is plain from its form: a turn window that is
/// empty or after the last turn, or a member who is never present. Conservative: `Not` and
/// anything else are assumed possible.
fn impossible(c: &Cond, k: &Known) -> Option<String> {
    let (lo, hi) = window(c);
    if lo > hi {
        return Some(format!("it needs turn ≥ {lo} and turn ≤ {hi}"));
    }
    if lo > k.turns {
        return Some(format!(
            "it needs turn ≥ {lo}, after the scenario's last turn ({})",
            k.turns
        ));
    }
    match c {
        Cond::All(cs) => cs.iter().find_map(|c| impossible(c, k)),
        Cond::Any(cs) if cs.is_empty() => Some("`Any([])` never holds".to_string()),
        Cond::Any(cs) => {
            let whys: Vec<String> = cs.iter().filter_map(|c| impossible(c, k)).collect();
            (whys.len() == cs.len()).then(|| whys.join("; and "))
        }
        Cond::MemberHas(m, _) if k.never_present.contains(m.as_str()) => Some(format!(
            "member `{m}` is absent at the start and no storylet brings them in"
        )),
        _ => None,
    }
}

/// The turns a condition allows, from the `TurnAtLeast`/`TurnAtMost` it requires.
fn window(c: &Cond) -> (u32, u32) {
    match c {
        Cond::TurnAtLeast(n) | Cond::Opens(n, _) => (*n, u32::MAX),
        Cond::TurnAtMost(n) => (0, *n),
        Cond::All(cs) => cs
            .iter()
            .map(window)
            .fold((0, u32::MAX), |(a, b), (x, y)| (a.max(x), b.min(y))),
        Cond::Any(cs) if !cs.is_empty() => cs
            .iter()
            .map(window)
            .fold((u32::MAX, 0), |(a, b), (x, y)| (a.min(x), b.max(y))),
        _ => (0, u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turn_windows_combine() {
        let c = Cond::All(vec![
            Cond::TurnAtLeast(5),
            Cond::Any(vec![Cond::TurnAtMost(3), Cond::TurnAtMost(9)]),
        ]);
        assert_eq!(window(&c), (5, 9));
        let never = Cond::All(vec![Cond::TurnAtLeast(10), Cond::TurnAtMost(4)]);
        assert_eq!(window(&never), (10, 4));
        assert_eq!(
            window(&Cond::Not(Box::new(Cond::TurnAtLeast(3)))),
            (0, u32::MAX)
        );
    }
}
