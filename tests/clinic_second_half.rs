//! The Clinic's second half (issue 22 item 3): played with its own policies and every
//! storylet left to its first answer, it offers a choice about every three months, never
//! falls silent for long, and keeps offering them in its last third; and the storylets that
//! speak of a refusal or of an earlier answer wait for that state (issue 22 item 4).

use agora::engine::report::{Entry, TurnReport};
use agora::engine::{Command, Game};
use agora::lab::sim::SimSpec;

/// A whole game of the Clinic's `seed`, left to its first answers: its length, the game
/// and its reports.
fn play(seed: u64) -> (u32, Game, Vec<TurnReport>) {
    let (world, turns) = SimSpec::load("clinic", None).unwrap();
    let mut game = Game::new(world, seed);
    let reports = (0..turns)
        .map(|_| game.apply(Command::EndTurn).unwrap().unwrap())
        .collect();
    (turns, game, reports)
}

/// The months after which a choice was offered.
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

#[test]
fn the_clinic_offers_a_choice_about_every_three_months_to_the_end() {
    let (mut choices, mut longest, mut lates) = (0usize, 0u32, 0usize);
    for seed in 1..=10 {
        let (turns, _, reports) = play(seed);
        let ts = offers(&reports);
        let mut marks = vec![0];
        marks.extend(&ts);
        marks.push(turns);
        longest += marks.windows(2).map(|w| w[1] - w[0]).max().unwrap();
        choices += ts.len();
        let late = ts.iter().filter(|&&t| t >= turns * 2 / 3).count();
        lates += late;
        assert!(
            late >= 2,
            "seed {seed}: {late} choices in the last third: {ts:?}"
        );
    }
    assert!(choices >= 120, "{choices} choices in ten games");
    assert!(longest <= 60, "longest silences sum to {longest} months");
    assert!(lates >= 30, "{lates} choices in ten games' last thirds");
}

/// Mae's refusal comes back only after three fortnights without her medicine, and the
/// county's bigger crates only after the register was sent.
#[test]
fn refusals_and_crates_wait_for_what_they_speak_of() {
    for seed in 1..=10 {
        let (_, game, reports) = play(seed);
        let w = game.world();
        let (mae, medicine) = (w.member("mae").unwrap(), w.good("medicine").unwrap());
        let mae_unmet = |r: &TurnReport| {
            r.members.iter().any(|m| {
                m.member == mae
                    && m.needs
                        .iter()
                        .any(|n| n.good == medicine && n.met < n.needed)
            })
        };
        for (i, r) in reports.iter().enumerate() {
            for e in &r.chronicle {
                if let Entry::Offered(o) = e
                    && o.storylet == "mae-refused"
                {
                    assert!(
                        i >= 2 && reports[i - 2..=i].iter().all(mae_unmet),
                        "seed {seed} month {}: Mae's refusal offered while she had her medicine",
                        r.turn
                    );
                }
                if let Entry::Storylet(s) = e {
                    assert!(
                        !s.storylet.starts_with("register-crate"),
                        "seed {seed}: a bigger crate came though the first answer sends nothing"
                    );
                }
            }
        }
    }
}
