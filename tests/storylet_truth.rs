//! Storylets state what is true (issue: truth and balance): for every shipped scenario, each
//! outcome a storylet or one of its answers can have says in its words what its effects do,
//! and no effect takes away what a member has or can do unless the player chose it.

use agora::content::{self, load};
use agora::engine::world::story::{Effect, Storylet};

const SCENARIOS: [&str; 5] = ["riverside", "clinic", "dry-year", "press", "mill"];

/// Each outcome of a storylet: its words and the effects they come with (the storylet's own,
/// then an answer's), and whether the player chose it.
fn outcomes(s: &Storylet) -> Vec<(String, Vec<&Effect>, bool)> {
    if s.choices.is_empty() {
        return vec![(s.text.clone(), s.effects.iter().collect(), false)];
    }
    s.choices
        .iter()
        .map(|c| {
            let effects = s.effects.iter().chain(&c.effects).collect();
            (format!("{} {}", s.text, c.text), effects, true)
        })
        .collect()
}

fn says(text: &str, words: &[&str]) -> bool {
    let t = text.to_lowercase();
    words.iter().any(|w| t.contains(w))
}

/// What the words must mention for an effect of each kind that changes a member's means or
/// the town's membership; `None` for effects the game shows in its own figures.
fn must_say(e: &Effect) -> Option<(&'static str, &'static [&'static str])> {
    match e {
        Effect::Skill { .. } => Some((
            "a change of skill",
            &[
                "learn", "teach", "taught", "loom", "press", "machine", "shelf", "fixes", "sells",
            ],
        )),
        Effect::Leave(_) => Some(("a departure", &["leave", "bus", "cart", "barge", "packing"])),
        Effect::Join(_) => Some((
            "an arrival",
            &[
                "arriv",
                "walks into",
                "ties up",
                "stay",
                "sleeps",
                "hands",
                "joins",
            ],
        )),
        Effect::Pay { .. } | Effect::Scrip { .. } => Some((
            "money changing hands",
            &[
                "scrip", "pay", "buy", "bought", "sell", "purse", "charges", "auction", "borrow",
                "pocket", "cash",
            ],
        )),
        _ => None,
    }
}

#[test]
fn every_outcome_says_what_its_effects_do() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for id in SCENARIOS {
        let sources = content::embedded(id).expect("shipped scenario");
        let scenario = load::load(&sources).expect("loads").scenario;
        for s in &scenario.storylets {
            for (text, effects, _) in outcomes(s) {
                for e in effects {
                    if let Some((what, words)) = must_say(e) {
                        checked += 1;
                        if !says(&text, words) {
                            wrong.push(format!("{id}/{}: {what} the text does not tell", s.id));
                        }
                    }
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} effects checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_storylet_takes_a_skill_away_unless_the_player_chose_it() {
    for id in SCENARIOS {
        let sources = content::embedded(id).expect("shipped scenario");
        let scenario = load::load(&sources).expect("loads").scenario;
        for s in &scenario.storylets {
            for (_, effects, chosen) in outcomes(s) {
                let cut = effects
                    .iter()
                    .any(|e| matches!(e, Effect::Skill { delta, .. } if *delta < 0));
                assert!(
                    !cut || chosen,
                    "{id}/{}: a skill cut stands in for a mechanism",
                    s.id
                );
            }
        }
    }
}

/// A storylet whose words say a member prints on their own machine must not run where
/// the mechanics would put that machine's output into the common pool.
#[test]
fn a_second_press_does_not_claim_what_the_commons_takes() {
    for id in ["riverside", "press"] {
        let sources = content::embedded(id).expect("shipped scenario");
        let scenario = load::load(&sources).expect("loads").scenario;
        for s in &scenario.storylets {
            assert!(
                !says(&s.text, &["printed after all"]),
                "{id}/{}: claims a printing the mechanics may not do",
                s.id
            );
        }
    }
}
