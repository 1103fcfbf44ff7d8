//! The chronicle's lines, newest turn first: each turn's headline, the player's changes
//! before it, what happened to each good and every notable happening — each with its
//! explanation, shown on demand.

use crate::engine::policy::DecisionRule;
use crate::engine::report::events::{How, StoryRecord};
use crate::engine::report::market::MarketEvent;
use crate::engine::report::meeting::{Decision, ItemKind};
use crate::engine::report::{Entry, LayerDetail, Layered, TurnReport};
use crate::engine::state::events::Timed;
use crate::engine::{MemberId, World};
use crate::tui::records;
use crate::tui::session::Session;
use crate::tui::settings;

/// What a line is, for its glyph and indentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A turn's headline.
    Turn,
    /// Changes waiting for the end of the current turn.
    Pending,
    /// A change the player made.
    Policy,
    /// Good news: a good's needs all met, a member recovered.
    Ok,
    /// Bad news: a need left short, a member hungry or in crisis.
    Bad,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Turn and position within it: stable as new turns arrive, so open lines stay open.
    pub key: (u32, usize),
    pub kind: Kind,
    pub text: String,
    /// The explanation, shown when the line is opened.
    pub why: Vec<String>,
}

/// Every line of the chronicle.
pub fn lines(session: &Session) -> Vec<Line> {
    let world = session.world();
    let by_turn = session.commands_by_turn();
    let mut out = Vec::new();
    let now = session.game().turn() + 1;
    if let Some(pending) = by_turn
        .last()
        .filter(|c| !c.is_empty() && !session.game().is_over())
    {
        let changes: Vec<String> = settings::latest(pending)
            .into_iter()
            .map(|c| settings::describe(world, c))
            .collect();
        out.push(Line {
            key: (now, 0),
            kind: Kind::Pending,
            text: format!(
                "Waiting for the end of {}: {}",
                session.turn_name(now).to_lowercase(),
                changes.join("; ")
            ),
            why: vec!["Policy changes take effect when you end the turn (n).".into()],
        });
    }
    for r in session.reports().iter().rev() {
        let mut k = 0;
        let mut push = |kind, text, why| {
            out.push(Line {
                key: (r.turn, k),
                kind,
                text,
                why,
            });
            k += 1;
        };
        push(Kind::Turn, headline(session, r), figures(world, r));
        let before = by_turn.get(r.turn as usize - 1).copied().unwrap_or(&[]);
        for c in settings::latest(before) {
            push(
                Kind::Policy,
                format!("You set {}", settings::describe(world, c)),
                vec![],
            );
        }
        for e in &r.chronicle {
            push(entry_kind(e), entry_text(world, e), entry_why(world, r, e));
        }
        for g in &r.goods {
            let recs: Vec<records::Record> = g
                .layers
                .iter()
                .map(|l| records::record(world, g, l))
                .collect();
            let mut text = recs
                .iter()
                .map(|x| x.summary.as_str())
                .collect::<Vec<_>>()
                .join(", then ");
            if g.unmet > 0 {
                text.push_str(&format!("; {} short", g.unmet));
            }
            let mut why: Vec<String> = recs.into_iter().flat_map(|x| x.body).collect();
            why.extend(unmet_lines(world, r, g.good));
            let kind = if g.unmet > 0 { Kind::Bad } else { Kind::Ok };
            push(kind, text, why);
        }
    }
    out
}

fn headline(session: &Session, r: &TurnReport) -> String {
    let m = &r.metrics;
    let without = r
        .members
        .iter()
        .filter(|x| x.needs.iter().any(|o| o.met < o.needed))
        .count();
    format!(
        "{} — needs met {:.0}%, {without} of {} went short",
        session.turn_name(r.turn),
        m.needs_met * 100.0,
        m.present
    )
}

fn figures(world: &World, r: &TurnReport) -> Vec<String> {
    let m = &r.metrics;
    let worst = m
        .worst_off
        .map(|w| {
            format!(
                "{} (wellbeing {:.2})",
                world.member_name(w),
                m.worst_wellbeing
            )
        })
        .unwrap_or_else(|| "nobody".into());
    vec![
        format!(
            "Survival needs met {:.0}%; poverty (Alkire–Foster M0) {:.3}.",
            m.survival_met * 100.0,
            m.m0
        ),
        format!("Worst off: {worst}."),
        format!(
            "Inequality (Gini): wealth {:.2}, wellbeing {:.2}. Bond density {:.2}, {} isolated.",
            m.gini_wealth, m.gini_wellbeing, m.bond_density, m.isolated
        ),
    ]
}

/// An entry's line: storylets by their title and the choice taken (the story opens below).
fn entry_text(world: &World, e: &Entry) -> String {
    match e {
        Entry::Storylet(s) => match &s.answer {
            Some(a) => format!("{} — {}", s.title, a.label),
            None => s.title.clone(),
        },
        Entry::Offered(o) => format!("A choice awaits: {} (c answers it)", o.title),
        _ => e.describe(world),
    }
}

/// A storylet's story: its text, the choice and how it was made, and what its effects did.
fn story_why(world: &World, s: &StoryRecord) -> Vec<String> {
    let mut out = vec![s.text.clone()];
    if let Some(a) = &s.answer {
        out.push(match a.how {
            How::Chosen => format!("You chose “{}”.", a.label),
            How::Unanswered => format!(
                "Nobody answered before the turn ended, so it took its first choice: “{}”.",
                a.label
            ),
            How::FellBack { .. } => format!(
                "Your choice was no longer open when the turn ended, so it took its first: “{}”.",
                a.label
            ),
        });
        if !a.text.is_empty() {
            out.push(a.text.clone());
        }
    }
    out.extend(
        s.happened
            .iter()
            .map(|h| format!("· {}", h.describe(world))),
    );
    out
}

/// The member an entry is about (for a refusal, the one refused), if it is about one.
fn entry_member(e: &Entry) -> Option<MemberId> {
    match e {
        Entry::Storylet(s) => s
            .roles
            .iter()
            .find_map(|(_, ms)| ms.first().copied())
            .or_else(|| s.involved.first().copied()),
        Entry::Lapsed(l) => match l.what {
            Timed::Need { member, .. } => Some(member),
            _ => None,
        },
        Entry::Offered(_) | Entry::Workplace(_) => None,
        Entry::Hungry { member, .. }
        | Entry::Crisis { member, .. }
        | Entry::Recovered { member }
        | Entry::Carried { member, .. }
        | Entry::NoOneToAsk { member, .. } => Some(*member),
        Entry::AidRefused { asker, .. } => Some(*asker),
        Entry::Meeting(d) => Some(d.member),
        Entry::Market(ev) => match ev {
            MarketEvent::ShutOut { buyer, .. } | MarketEvent::ServesRefusedNeed { buyer, .. } => {
                Some(*buyer)
            }
            MarketEvent::Refused { of, .. } => Some(*of),
            MarketEvent::Venture(v) => Some(v.member),
            MarketEvent::Worked(w) => Some(w.worker),
            MarketEvent::NotHired(r) => Some(r.of),
            MarketEvent::VenueOpened { .. }
            | MarketEvent::VenueFailing { .. }
            | MarketEvent::Rally { .. }
            | MarketEvent::VenueClosed { .. } => None,
        },
        Entry::AidFaltered { .. } | Entry::Layered(_) => None,
    }
}

/// Whether an entry is good or bad news.
fn entry_kind(e: &Entry) -> Kind {
    match e {
        Entry::Hungry { .. }
        | Entry::Crisis { .. }
        | Entry::AidRefused { .. }
        | Entry::NoOneToAsk { .. }
        | Entry::AidFaltered { .. } => Kind::Bad,
        Entry::Recovered { .. } | Entry::Carried { .. } | Entry::Layered(_) => Kind::Ok,
        Entry::Storylet(_) | Entry::Lapsed(_) => Kind::Ok,
        Entry::Offered(_) => Kind::Pending,
        Entry::Workplace(w) if w.strike() || w.unpaid > 0 => Kind::Bad,
        Entry::Workplace(_) => Kind::Ok,
        Entry::Meeting(d) if d.refusal.is_some() => Kind::Bad,
        Entry::Meeting(_) => Kind::Ok,
        Entry::Market(ev) => match ev {
            MarketEvent::ShutOut { .. }
            | MarketEvent::Refused { .. }
            | MarketEvent::VenueFailing { .. }
            | MarketEvent::VenueClosed { .. }
            | MarketEvent::NotHired(_) => Kind::Bad,
            MarketEvent::Venture(v) if !v.entered => Kind::Bad,
            MarketEvent::Rally { saved: false, .. } => Kind::Bad,
            MarketEvent::Venture(_)
            | MarketEvent::ServesRefusedNeed { .. }
            | MarketEvent::VenueOpened { .. }
            | MarketEvent::Rally { .. }
            | MarketEvent::Worked(_) => Kind::Ok,
        },
    }
}

/// Why an entry happened: its member's unmet needs that turn with their reasons, or, for a
/// good's trouble, everyone left short of it.
fn entry_why(world: &World, r: &TurnReport, e: &Entry) -> Vec<String> {
    match e {
        Entry::Storylet(s) => return story_why(world, s),
        Entry::Offered(o) => {
            let mut v = vec![o.text.clone()];
            v.extend(
                o.choices
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("{}) {c}", i + 1)),
            );
            return v;
        }
        Entry::Lapsed(_) => return vec![],
        _ => {}
    }
    if let Entry::Meeting(d) = e
        && let Some(lines) = deliberation(r, d)
    {
        return lines;
    }
    let Some(m) = entry_member(e) else {
        return match e {
            Entry::AidFaltered { good, .. } => unmet_lines(world, r, *good),
            Entry::Layered(l) => layered_lines(world, r, l),
            _ => vec![],
        };
    };
    let Some(mr) = r.members.iter().find(|x| x.member == m) else {
        return vec![];
    };
    let unmet: Vec<String> = mr
        .needs
        .iter()
        .filter(|o| o.met < o.needed)
        .map(|o| o.describe(world))
        .collect();
    if unmet.is_empty() {
        vec![format!(
            "Every need of {} was met this turn.",
            world.member_name(m)
        )]
    } else {
        unmet
    }
}

/// How the room moved on a decision's item: support and opinion before and after
/// deliberation, and the vote (the Meeting screen has the floor and power behind it).
fn deliberation(r: &TurnReport, d: &Decision) -> Option<Vec<String>> {
    let item = r
        .goods
        .iter()
        .filter(|g| g.good == d.good)
        .flat_map(|g| &g.layers)
        .find_map(|l| match &l.detail {
            LayerDetail::Meeting(m) => m.items.iter().find(|i| {
                i.member == d.member && matches!(i.kind, ItemKind::Proposal { .. }) == d.proposal
            }),
            LayerDetail::Aid(_) | LayerDetail::Market(_) => None,
        })?;
    let rule = match d.rule {
        DecisionRule::Majority => format!("majority needs more than {:.0}%", d.threshold * 100.0),
        other => other.name().to_string(),
    };
    Some(vec![
        format!(
            "Support was {:.0}% before deliberation and {:.0}% in the vote ({rule}).",
            item.support_before * 100.0,
            item.support_after * 100.0,
        ),
        format!(
            "The room's mean opinion went from {:.2} to {:.2}; {} voted with the room against \
             their own view; {} blocked.",
            item.mean_before, item.mean_after, item.conformed, item.blocks
        ),
        format!("Granted {} of {}.", item.granted, item.amount),
        "The Meeting screen (3) shows who held the floor and how power was spread.".into(),
    ])
}

/// "Tom Whitfield: grain (survival): 1 of 2 — …" for every member short of a good.
/// A layered good's entry opened: everyone who received it, with the layers that served them.
fn layered_lines(world: &World, r: &TurnReport, l: &Layered) -> Vec<String> {
    let mut out = vec![format!(
        "What {} left unmet went to {}; each line says which layer served whom.",
        l.first, l.fallback
    )];
    out.extend(r.members.iter().flat_map(|mr| {
        mr.needs
            .iter()
            .filter(move |o| o.good == l.good && !o.received.is_empty())
            .map(move |o| format!("{}: {}", world.member_name(mr.member), o.describe(world)))
    }));
    out
}

fn unmet_lines(world: &World, r: &TurnReport, good: usize) -> Vec<String> {
    r.members
        .iter()
        .flat_map(|mr| {
            mr.needs
                .iter()
                .filter(move |o| o.good == good && o.met < o.needed)
                .map(move |o| format!("{}: {}", world.member_name(mr.member), o.describe(world)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Command, Regime};
    use crate::lab::sim::SimSpec;

    #[test]
    fn newest_turn_first_with_changes_and_explanations() {
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        let mut s = Session::new(world, 2);
        for _ in 0..2 {
            let r = s.game_mut().apply(Command::EndTurn).unwrap().unwrap();
            s.record(r);
        }
        s.game_mut()
            .apply(Command::SetRegime {
                good: "cloth".into(),
                regime: Regime::Aid,
                fallback: None,
            })
            .unwrap();
        let v = lines(&s);
        assert_eq!(v[0].kind, Kind::Pending);
        assert!(v[0].text.contains("cloth under Aid"), "{}", v[0].text);
        assert_eq!(v[1].kind, Kind::Turn);
        assert!(v[1].text.starts_with("Month 2"));
        let grain = v.iter().find(|l| l.text.starts_with("grain")).unwrap();
        assert!(
            grain.why[0].starts_with("Grain meeting (majority)"),
            "{:?}",
            grain.why
        );
        assert!(grain.why.len() > 1, "one line per agenda item");
        // A meeting's decision opens to how the room moved.
        let decision = v
            .iter()
            .find(|l| l.text.contains("failed at the meeting"))
            .expect("a refusal in the first turns");
        assert!(
            decision.why[0].starts_with("Support was"),
            "{:?}",
            decision.why
        );
        assert!(v.iter().any(|l| l.text.starts_with("Month 1")));
    }
}
