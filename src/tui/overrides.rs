//! Whether a policy change would undo a storylet's answer: a choice that put a good under a
//! regime, set the meetings' decision rule or facilitation, still standing. The player is
//! warned before such a change is made, not left to find the answer silently gone.

use crate::engine::report::events::Happened;
use crate::engine::report::{Entry, TurnReport};
use crate::engine::state::State;
use crate::engine::{Command, World};

/// The answer `cmd` would undo, in words, if any: the latest answer that set what `cmd`
/// changes, when what it set still holds and `cmd` sets something else.
pub fn undone(
    world: &World,
    reports: &[TurnReport],
    state: &State,
    cmd: &Command,
) -> Option<String> {
    let p = &state.policy;
    for r in reports.iter().rev() {
        for e in r.chronicle.iter().rev() {
            let Entry::Storylet(rec) = e else {
                continue;
            };
            let Some(answer) = &rec.answer else {
                continue;
            };
            let said = |what: String| {
                format!(
                    "Your answer to “{}” ({} {}: “{}”) {what}.",
                    rec.title, world.scenario.meta.turn_unit, r.turn, answer.label
                )
            };
            for h in rec.happened.iter().rev() {
                match (h, cmd) {
                    (
                        Happened::Regime { good, regime, .. },
                        Command::SetRegime { good: id, .. },
                    ) if world.good(id) == Some(*good) => {
                        let Command::SetRegime { regime: new, .. } = cmd else {
                            return None;
                        };
                        let stands = state.goods[*good].regime == *regime;
                        return (stands && new != regime).then(|| {
                            said(format!(
                                "put {} under {regime}; this puts it under {new}",
                                world.good_name(*good)
                            ))
                        });
                    }
                    (Happened::Rule(rule), Command::SetDecisionRule(new)) => {
                        return (p.decision_rule == *rule && new != rule).then(|| {
                            said(format!(
                                "made meetings decide by {}; this makes them decide by {}",
                                rule.name(),
                                new.name()
                            ))
                        });
                    }
                    (Happened::Facilitation(set), Command::SetFacilitation(new)) => {
                        let now = &p.facilitation;
                        let dropped: Vec<&str> = [
                            (
                                set.progressive_stack,
                                now.progressive_stack,
                                new.progressive_stack,
                            ),
                            (set.timed_rounds, now.timed_rounds, new.timed_rounds),
                            (set.secret_ballot, now.secret_ballot, new.secret_ballot),
                        ]
                        .iter()
                        .zip(["a progressive stack", "timed rounds", "a secret ballot"])
                        .filter(|((was, on, will), _)| *was && *on && !*will)
                        .map(|(_, name)| name)
                        .collect();
                        if !dropped.is_empty() {
                            return Some(said(format!(
                                "brought in {}; this ends it",
                                dropped.join(" and ")
                            )));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::report::events::{Answer, How, StoryRecord};
    use crate::engine::{Game, Regime};
    use crate::lab::sim::SimSpec;

    /// Defect: a storylet's answer put medicine on the market, and a later change on the
    /// Policy screen silently took it back off. Now the change is named as undoing it.
    #[test]
    fn a_change_that_undoes_an_answer_is_named_and_others_are_not() {
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        let mut game = Game::new(world.clone(), 1);
        let mut r = game.apply(Command::EndTurn).unwrap().unwrap();
        let med = world.good("medicine").unwrap();
        r.chronicle.push(Entry::Storylet(Box::new(StoryRecord {
            storylet: "ava-refused".into(),
            title: "Not a priority".into(),
            text: String::new(),
            roles: Vec::new(),
            answer: Some(Answer {
                index: 2,
                label: "Put medicine on the market instead".into(),
                text: String::new(),
                how: How::Chosen,
            }),
            happened: vec![Happened::Regime {
                good: med,
                regime: Regime::Exchange,
                fallback: None,
            }],
            involved: Vec::new(),
        })));
        let set = |regime| Command::SetRegime {
            good: "medicine".into(),
            regime,
            fallback: None,
        };
        game.apply(set(Regime::Exchange)).unwrap();
        let said = undone(&world, &[r.clone()], game.state(), &set(Regime::Commons)).unwrap();
        assert!(said.contains("“Not a priority”"), "{said}");
        assert!(said.contains("month 1"), "{said}");
        assert!(said.contains("this puts it under Commons"), "{said}");
        // The same regime, another good, or an answer no longer standing: no warning.
        assert_eq!(
            undone(&world, &[r.clone()], game.state(), &set(Regime::Exchange)),
            None
        );
        let grain = Command::SetRegime {
            good: "grain".into(),
            regime: Regime::Aid,
            fallback: None,
        };
        assert_eq!(undone(&world, &[r.clone()], game.state(), &grain), None);
        game.apply(set(Regime::Aid)).unwrap();
        assert_eq!(
            undone(&world, &[r], game.state(), &set(Regime::Commons)),
            None
        );
    }
}
