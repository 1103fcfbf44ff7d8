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

/// The words of a label or a purpose that name what it is for: five letters or more, without
/// a possessive, lower case.
fn key_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_end_matches("'s").trim_matches('\'').to_lowercase())
        .filter(|w| w.chars().count() >= 5 && !["printing", "about", "their"].contains(&w.as_str()))
        .collect()
}

/// Defects: in Riverside Ava printed Threads from month 1 (a standing interest), and a
/// storylet had her ask for the press to print Threads again; Ruth's primer was both her
/// interest and a storylet's need. A storylet that gives a named member a need of a good they
/// already have an interest in must be for something else: its label shares no key word with
/// the interest's purpose, so no request is made twice.
#[test]
fn no_storylet_asks_again_for_what_a_member_already_asks() {
    let mut checked = 0;
    let mut twice = Vec::new();
    for id in SCENARIOS {
        let sources = content::embedded(id).expect("shipped scenario");
        let scenario = load::load(&sources).expect("loads").scenario;
        for s in &scenario.storylets {
            for (_, effects, _) in outcomes(s) {
                for e in effects {
                    let Effect::AddNeed {
                        who, good, label, ..
                    } = e
                    else {
                        continue;
                    };
                    let Some(m) = scenario.members.iter().find(|m| &m.id == who) else {
                        continue;
                    };
                    for i in m.interests.iter().filter(|i| &i.good == good) {
                        checked += 1;
                        let purpose = key_words(&i.purpose);
                        let shared: Vec<String> = key_words(label)
                            .into_iter()
                            .filter(|w| purpose.contains(w))
                            .collect();
                        if label.is_empty() || !shared.is_empty() {
                            twice.push(format!(
                                "{id}/{}: {who} asks for {good} as \"{label}\" and already for \"{}\" ({shared:?})",
                                s.id, i.purpose
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        checked >= 2,
        "only {checked} needs beside interests checked"
    );
    assert!(twice.is_empty(), "{}", twice.join("\n"));
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

// ── A town that remembers: storylets test the state they speak of ──────────────────────

use agora::engine::report::{Entry, TurnReport};
use agora::engine::{Command, Game};
use agora::lab::sim::SimSpec;

/// `turns` turns of `scenario`'s seed, after `first` commands, with every storylet left to
/// take its first answer.
fn play(scenario: &str, seed: u64, turns: u32, first: &[Command]) -> (Game, Vec<TurnReport>) {
    let (world, _) = SimSpec::load(scenario, None).unwrap();
    let mut game = Game::new(world, seed);
    for c in first {
        game.apply(c.clone()).unwrap();
    }
    let reports = (0..turns)
        .map(|_| game.apply(Command::EndTurn).unwrap().unwrap())
        .collect();
    (game, reports)
}

/// The first turn a storylet was offered or fired.
fn first_turn(reports: &[TurnReport], id: &str) -> Option<u32> {
    reports.iter().find_map(|r| {
        r.chronicle
            .iter()
            .any(|e| match e {
                Entry::Offered(o) => o.storylet == id,
                Entry::Storylet(s) => s.storylet == id && s.answer.is_none(),
                _ => false,
            })
            .then_some(r.turn)
    })
}

/// Defects: in Riverside Dale printed The Plain Truth from month 1 (a standing interest),
/// then asked for the press for his "first issue" in month 3 or later, which was announced
/// later still; and his request went in twice (the interest and the storylet's need). Now
/// he asks once, before anything is printed, and the first issue is announced after it is.
#[test]
fn riversides_first_issue_is_asked_for_then_printed_then_announced_and_asked_once() {
    for seed in 1..=10 {
        let (game, reports) = play("riverside", seed, 24, &[]);
        let w = game.world();
        let (dale, press) = (w.member("dale").unwrap(), w.good("press").unwrap());
        let mut printed = None;
        for r in &reports {
            let m = r.members.iter().find(|m| m.member == dale).unwrap();
            let asks = m.needs.iter().filter(|o| o.good == press).count()
                + m.interests.iter().filter(|i| i.good == press).count();
            assert!(
                asks <= 1,
                "seed {seed} month {}: Dale asks {asks} times",
                r.turn
            );
            let got = m.needs.iter().any(|o| o.good == press && o.met > 0)
                || m.interests.iter().any(|i| i.good == press && i.met > 0);
            if got && printed.is_none() {
                printed = Some(r.turn);
            }
        }
        let asked = first_turn(&reports, "dale-newsletter");
        let out = first_turn(&reports, "plain-truth-out");
        if let Some(p) = printed {
            assert!(
                asked.is_some_and(|a| a < p),
                "seed {seed}: printed in month {p}, asked in {asked:?}"
            );
        }
        if let Some(o) = out {
            assert!(
                printed.is_some_and(|p| p < o),
                "seed {seed}: announced in month {o}, printed in {printed:?}"
            );
        }
    }
}

/// Defect: in The Clinic, Kit asked for paper ballots the meetings already used.
#[test]
fn the_clinic_does_not_ask_for_a_secret_ballot_already_on() {
    let (world, _) = SimSpec::load("clinic", None).unwrap();
    let game = Game::new(world, 1);
    let mut fac = game.state().policy.facilitation;
    fac.secret_ballot = true;
    for seed in 1..=5 {
        let (_, reports) = play("clinic", seed, 12, &[Command::SetFacilitation(fac)]);
        assert_eq!(first_turn(&reports, "secret-ballot"), None, "seed {seed}");
    }
    // Without it, the request comes.
    let (_, reports) = play("clinic", 1, 12, &[]);
    assert!(first_turn(&reports, "secret-ballot").is_some());
}

/// Defect: in The Press, Sol (they/them) was marked on the gender dimension as its high
/// state, "man", for want of a mark. Nobody whose pronouns are not he/him is called a man,
/// and nobody whose pronouns are he/him is called anything else, in any shipped scenario.
#[test]
fn nouns_agree_with_pronouns() {
    for id in SCENARIOS {
        let (world, _) = SimSpec::load(id, None).unwrap();
        let game = Game::new(world.clone(), 1);
        let dims = &world.scenario.meta.dimensions;
        let Some(d) = dims.iter().position(|d| d.high == "man") else {
            continue;
        };
        for (m, def) in world.scenario.members.iter().enumerate() {
            let mark = game.state().members[m].marks[d];
            let word = match mark {
                agora::engine::types::Mark::High => &dims[d].high,
                agora::engine::types::Mark::Low => &dims[d].low,
            };
            assert_eq!(
                word == "man",
                def.pronouns == "he/him",
                "{id}: {} ({}) is marked “{word}”",
                def.name,
                def.pronouns
            );
        }
    }
}

/// Defect: a role in a storylet's text read as a member's first word, so Dr. Lena Ortiz was
/// "Dr." ("Dot and Dr."). Names in told stories are whole words: a title keeps the last name.
#[test]
fn a_title_is_never_a_name_by_itself_in_a_told_story() {
    let mut told = 0;
    for (scenario, turns) in [("clinic", 36), ("press", 30)] {
        for seed in 1..=6 {
            let (_, reports) = play(scenario, seed, turns, &[]);
            for r in &reports {
                for e in &r.chronicle {
                    let text = match e {
                        Entry::Storylet(s) => &s.text,
                        Entry::Offered(o) => &o.text,
                        _ => continue,
                    };
                    told += 1;
                    for title in ["Dr.", "Rev."] {
                        for (i, _) in text.match_indices(title) {
                            let next = text[i + title.len()..].chars().nth(1);
                            assert!(
                                text[i + title.len()..].starts_with(' ')
                                    && next.is_some_and(char::is_uppercase),
                                "{scenario} seed {seed} month {}: a bare \"{title}\" in {text:?}",
                                r.turn
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(told > 50, "only {told} stories told");
}
