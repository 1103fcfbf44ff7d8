//! Checks of `workplaces` in scenario.ron: ids, the crew, owner and shareholders are known,
//! shares sum to 100, the way it is run is declared, and the numbers lie in range.

use std::collections::BTreeSet;

use crate::content::limits::MAX_QUANTITY;
use crate::content::locate::Check;
use crate::engine::world::scenario::ScenarioMeta;

/// Every problem in the scenario's workplaces.
pub fn check(c: &mut Check, meta: &ScenarioMeta, goods: &BTreeSet<&str>, members: &BTreeSet<&str>) {
    c.unique("workplace", meta.workplaces.iter().map(|w| w.id.as_str()));
    let days = meta.params.labour.days;
    for w in &meta.workplaces {
        // The workplace's own id, after `workplaces:` (a scenario may share its id).
        let listed = c.field(0, "workplaces");
        let at = c.after(listed, &format!("\"{}\"", w.id));
        let field = |c: &Check, name: &str| {
            let f = c.field(at, name);
            c.value(f)
        };
        let f = field(c, "good");
        c.reference(f, "good", &w.good, goods);
        if w.per_day == 0 || w.per_day > MAX_QUANTITY {
            let f = field(c, "per_day");
            c.error(
                f,
                format!(
                    "`per_day` is {}; expected 1 to {MAX_QUANTITY} units a crew day",
                    w.per_day
                ),
            );
        }
        if w.shift == 0 || w.shift > days {
            let f = field(c, "shift");
            c.error(
                f,
                format!(
                    "`shift` is {}; expected 1 to {days} days (`params.labour.days`, a turn's working days)",
                    w.shift
                ),
            );
        }
        if w.wage > MAX_QUANTITY {
            let f = field(c, "wage");
            c.error(
                f,
                format!("`wage` is {}; expected at most {MAX_QUANTITY}", w.wage),
            );
        }
        if w.fair_pct > 100 {
            let f = field(c, "fair_pct");
            c.error(
                f,
                format!("`fair_pct` is {}; expected 0 to 100 (per cent)", w.fair_pct),
            );
        }
        let crew_at = c.field(at, "crew");
        if w.crew.is_empty() {
            c.error(
                crew_at,
                format!(
                    "workplace `{}` has no crew; list the members who work there",
                    w.id
                ),
            );
        }
        let mut seen = BTreeSet::new();
        let mut from = crew_at;
        for m in &w.crew {
            let here = c.after(from, &format!("\"{m}\""));
            c.reference(here, "member", m, members);
            if !seen.insert(m.as_str()) {
                c.error(
                    here,
                    format!("`{m}` is listed twice in the crew of `{}`", w.id),
                );
            }
            from = here + 1;
        }
        if let Some(o) = &w.owner {
            let f = field(c, "owner");
            c.reference(f, "member", o, members);
        }
        let shares_at = c.field(at, "shares");
        let mut holders = BTreeSet::new();
        let mut from = shares_at;
        for (m, n) in &w.shares {
            let here = c.after(from, &format!("\"{m}\""));
            c.reference(here, "member", m, members);
            if !holders.insert(m.as_str()) {
                c.error(
                    here,
                    format!(
                        "`{m}` holds shares of `{}` twice; give them one entry",
                        w.id
                    ),
                );
            }
            if *n == 0 {
                c.error(
                    here,
                    format!("`{m}` holds 0 per cent of `{}`; drop the entry", w.id),
                );
            }
            from = here + 1;
        }
        let total: u64 = w.shares.iter().map(|s| s.1 as u64).sum();
        if !w.shares.is_empty() && total != 100 {
            c.error(
                shares_at,
                format!(
                    "the shares of `{}` sum to {total} per cent; they must sum to 100",
                    w.id
                ),
            );
        }
        if let Some(why) = w.run_by.undeclared(w.owner.is_some(), !w.shares.is_empty()) {
            let f = field(c, "run_by");
            c.error(f, format!("workplace `{}` {why}", w.id));
        }
    }
}
