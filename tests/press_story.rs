//! The Press's second half (issue 22 items 3 and 4): with its own policies and every storylet
//! left to its first answer, the game offers a choice about every three weeks through its last
//! third, and consequences come after what they are consequences of, once.

use agora::engine::report::{Entry, TurnReport};
use agora::engine::{Command, Game};
use agora::lab::sim::SimSpec;

/// A whole game of The Press on `seed`, every storylet left to take its first answer.
fn play(seed: u64) -> Vec<TurnReport> {
    let (world, _) = SimSpec::load("press", None).unwrap();
    let mut game = Game::new(world, seed);
    let mut reports = Vec::new();
    while !game.is_over() {
        reports.push(game.apply(Command::EndTurn).unwrap().unwrap());
    }
    reports
}

/// The turns on which a choice was offered.
fn offers(reports: &[TurnReport]) -> Vec<u32> {
    reports
        .iter()
        .flat_map(|r| {
            r.chronicle
                .iter()
                .filter(|e| matches!(e, Entry::Offered(_)))
                .map(move |_| r.turn)
        })
        .collect()
}

/// Turns on which a storylet fired or was offered.
fn turns_of(reports: &[TurnReport], id: &str) -> Vec<u32> {
    reports
        .iter()
        .filter(|r| {
            r.chronicle.iter().any(|e| match e {
                Entry::Offered(o) => o.storylet == id,
                Entry::Storylet(s) => s.storylet == id && s.answer.is_none(),
                _ => false,
            })
        })
        .map(|r| r.turn)
        .collect()
}

/// Before: 3 choices a game, the longest silence 20 weeks, none after week 20.
#[test]
fn a_choice_about_every_three_weeks_through_the_last_third() {
    let (mut choices, mut longest) = (0usize, 0u32);
    for seed in 1..=10 {
        let reports = play(seed);
        let end = reports.last().unwrap().turn;
        let ts = offers(&reports);
        let mut points = vec![0];
        points.extend(&ts);
        points.push(end);
        longest += points.windows(2).map(|w| w[1] - w[0]).max().unwrap();
        choices += ts.len();
        assert!(
            ts.iter().any(|&t| t > 20),
            "seed {seed}: no choice after week 20: {ts:?}"
        );
    }
    assert!(choices >= 100, "{choices} choices over ten games");
    assert!(longest <= 60, "longest gaps sum to {longest} weeks");
}

/// Each consequence comes after its cause, at most once, and outcomes that exclude each
/// other never both happen: a strike is won or broken, an election won or lost.
#[test]
fn consequences_follow_their_causes_once() {
    let after = |cause: &[u32], effect: &[u32]| {
        effect.len() <= 1 && effect.iter().all(|e| cause.first().is_some_and(|c| c < e))
    };
    let mut seen = 0;
    for seed in 1..=10 {
        let r = play(seed);
        let strike = turns_of(&r, "strike");
        let (won, broke) = (
            turns_of(&r, "strike-settles"),
            turns_of(&r, "strike-breaks"),
        );
        assert!(
            after(&strike, &won) && after(&strike, &broke),
            "seed {seed}"
        );
        assert!(
            won.is_empty() || broke.is_empty(),
            "seed {seed}: won and broken"
        );
        let election = turns_of(&r, "election");
        let (lost, elected) = (turns_of(&r, "election-lost"), turns_of(&r, "election-won"));
        assert!(
            after(&election, &lost) && after(&election, &elected),
            "seed {seed}"
        );
        assert!(lost.len() + elected.len() <= 1, "seed {seed}: both results");
        let printed = turns_of(&r, "watchman-out");
        assert!(
            after(&printed, &turns_of(&r, "watchman-answer")),
            "seed {seed}"
        );
        seen += won.len() + broke.len() + lost.len() + elected.len();
    }
    assert!(seen >= 10, "only {seen} consequences over ten games");
}
