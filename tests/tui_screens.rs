//! Snapshots of every screen of the terminal game, drawn on `TestBackend` at 80×24 and at
//! 160×48 for a fixed seed after three turns, plus the help overlay, a question, the title
//! screens and the too-small message. Any size must draw without panicking.

mod common;

use agora::lab::sim::SimSpec;
use agora::tui::app::{self, App};
use agora::tui::catalog;
use agora::tui::components::Modal;
use agora::tui::components::crisis::Do;
use agora::tui::msg::{Msg, Tab};
use agora::tui::session::Session;
use agora::tui::theme::Theme;
use agora::tui::{Options, dispatch, draw};
use common::{end_turn, game};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    draw(&mut term, app).unwrap();
    term
}

#[test]
fn every_game_screen_at_both_sizes() {
    for (w, h) in SIZES {
        let mut app = game(Theme::color(), 3);
        for tab in Tab::ALL {
            dispatch(&mut app, Msg::GoTab(tab));
            let term = render(&mut app, w, h);
            assert_snapshot!(
                format!("{}_{w}x{h}", tab.title().to_lowercase()),
                term.backend()
            );
        }
    }
}

#[test]
fn screens_before_the_first_turn() {
    let mut app = game(Theme::color(), 0);
    for tab in [Tab::Overview, Tab::Meeting, Tab::Chronicle] {
        dispatch(&mut app, Msg::GoTab(tab));
        let term = render(&mut app, 80, 24);
        assert_snapshot!(
            format!("first_{}_80x24", tab.title().to_lowercase()),
            term.backend()
        );
    }
}

#[test]
fn opened_lines_and_pending_changes() {
    let mut app = game(Theme::color(), 3);
    // Put cloth under Aid with Exchange as fallback: the change waits for the turn's end.
    dispatch(&mut app, Msg::GoTab(Tab::Policy));
    for m in [
        Msg::Down,
        Msg::Down,
        Msg::Down,
        Msg::Right,
        Msg::Right,
        Msg::Fallback,
    ] {
        dispatch(&mut app, m);
    }
    let term = render(&mut app, 80, 24);
    assert_snapshot!("policy_changed_80x24", term.backend());
    dispatch(&mut app, Msg::GoTab(Tab::Chronicle));
    dispatch(&mut app, Msg::Down);
    dispatch(&mut app, Msg::Open);
    let term = render(&mut app, 80, 24);
    assert_snapshot!("chronicle_open_80x24", term.backend());
}

#[test]
fn help_overlay_and_quit_question() {
    for (w, h) in SIZES {
        let mut app = game(Theme::color(), 3);
        dispatch(&mut app, Msg::GoTab(Tab::Policy));
        dispatch(&mut app, Msg::Help);
        let term = render(&mut app, w, h);
        assert_snapshot!(format!("help_policy_{w}x{h}"), term.backend());
    }
    let mut app = game(Theme::color(), 3);
    dispatch(&mut app, Msg::Quit);
    let term = render(&mut app, 80, 24);
    assert_snapshot!("confirm_quit_80x24", term.backend());
}

#[test]
fn title_and_new_game() {
    let opts = Options {
        scenario: None,
        seed: Some(7),
        ..Default::default()
    };
    for (w, h) in SIZES {
        let mut app = App::new(Theme::color(), catalog::scenarios(None), &opts);
        let term = render(&mut app, w, h);
        assert_snapshot!(format!("title_{w}x{h}"), term.backend());
        dispatch(&mut app, Msg::Open);
        let term = render(&mut app, w, h);
        assert_snapshot!(format!("new_game_{w}x{h}"), term.backend());
    }
}

/// Defect: the title asked Riverside's question whatever the scenario. It asks the question
/// of the scenario New game starts on.
#[test]
fn the_title_asks_the_chosen_scenarios_question() {
    let opts = Options {
        scenario: Some("clinic".into()),
        seed: Some(7),
        ..Default::default()
    };
    let mut app = App::new(Theme::color(), catalog::scenarios(Some("clinic")), &opts);
    let text = render(&mut app, 120, 40).backend().to_string();
    assert!(text.contains("The Clinic asks:"), "{text}");
    assert!(!text.contains("Riverside asks"), "{text}");
}

#[test]
fn too_small_says_the_size_needed() {
    let mut app = game(Theme::color(), 1);
    let term = render(&mut app, 60, 20);
    assert_snapshot!("too_small_60x20", term.backend());
    let text = term.backend().to_string();
    assert!(text.contains("at least 80×24; this one is 60×20"));
}

#[test]
fn dumb_terminals_get_ascii() {
    let mut app = game(Theme::plain(), 3);
    let term = render(&mut app, 80, 24);
    assert_snapshot!("overview_plain_80x24", term.backend());
    let text = term.backend().to_string();
    assert!(!text.contains('█') && !text.contains('╭') && !text.contains('✓'));
}

#[test]
fn any_size_draws_without_panicking() {
    let mut app = game(Theme::color(), 2);
    dispatch(&mut app, Msg::Help);
    for tab in Tab::ALL {
        dispatch(&mut app, Msg::Back);
        dispatch(&mut app, Msg::GoTab(tab));
        for w in (0..=210).step_by(7) {
            for h in (0..=64).step_by(5) {
                render(&mut app, w, h);
            }
        }
        dispatch(&mut app, Msg::Help);
        render(&mut app, 80, 24);
        render(&mut app, 81, 25);
    }
    let mut title = App::new(
        Theme::plain(),
        catalog::scenarios(None),
        &Options::default(),
    );
    for w in (0..=210).step_by(11) {
        for h in (0..=64).step_by(7) {
            render(&mut title, w, h);
        }
    }
}

#[test]
fn the_loop_runs_on_test_backend_until_quit() {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let key = |c| Ok(Event::Key(KeyEvent::new(c, KeyModifiers::NONE)));
    let opts = Options {
        scenario: None,
        seed: Some(7),
        ..Default::default()
    };
    let mut app = App::new(Theme::color(), catalog::scenarios(None), &opts);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let events = vec![
        key(KeyCode::Enter),
        key(KeyCode::Enter),
        key(KeyCode::Char('n')),
        Ok(Event::Resize(80, 24)),
        key(KeyCode::Char('?')),
        key(KeyCode::Esc),
        key(KeyCode::Char('q')),
        key(KeyCode::Char('y')),
        // Never reached: the loop ends when the player quits.
        key(KeyCode::Char('n')),
    ];
    agora::tui::run(&mut term, &mut app, events).unwrap();
    assert!(!app.running);
    let g = app.game().unwrap();
    assert_eq!(g.session.game().state().seed, 7);
    assert_eq!(g.session.game().turn(), 1);
    // The last frame drawn is the quit question.
    assert!(term.backend().to_string().contains("Quit?"));
}

#[test]
fn aid_records_show_who_asked_whom() {
    let mut app = game(Theme::color(), 2);
    // Cloth (the fourth good) under Aid, then a turn: the Market screen shows its record.
    dispatch(&mut app, Msg::GoTab(Tab::Policy));
    for m in [Msg::Down, Msg::Down, Msg::Down, Msg::Right] {
        dispatch(&mut app, m);
    }
    end_turn(&mut app);
    app.modals.clear();
    dispatch(&mut app, Msg::GoTab(Tab::Market));
    for m in [Msg::Down, Msg::Down, Msg::Down] {
        dispatch(&mut app, m);
    }
    app.flash = None;
    for (w, h) in SIZES {
        let term = render(&mut app, w, h);
        let text = term.backend().to_string();
        assert!(text.contains("How cloth was shared last turn"), "{text}");
        assert!(text.contains("covered"), "{text}");
        assert_snapshot!(format!("market_aid_{w}x{h}"), term.backend());
    }
}

#[test]
fn a_storylet_in_its_window() {
    for (w, h) in SIZES {
        let mut app = game(Theme::color(), 1);
        let title = app.game().unwrap().session.game().state().events.pending[0]
            .title
            .clone();
        dispatch(&mut app, Msg::Choices);
        dispatch(&mut app, Msg::Down);
        let term = render(&mut app, w, h);
        let text = term.backend().to_string();
        assert!(text.contains(&title), "{text}");
        assert!(text.contains("Enter answer"), "{text}");
        assert_snapshot!(format!("storylet_{w}x{h}"), term.backend());
    }
}

/// A turn that begins a crisis stops on its card: what happened, who, why and the choices
/// now; the first choice (another regime for the good) is set for the end of the turn, and
/// the cards close after the last.
#[test]
fn a_crisis_card_stops_the_turn() {
    let (world, _) = SimSpec::load("riverside", None).unwrap();
    let mut app = App::in_game(Theme::color(), Session::new(world, 7));
    let crisis = |app: &App| app.modals.iter().any(|m| matches!(m, Modal::Crisis(_)));
    for _ in 0..12 {
        end_turn(&mut app);
        if crisis(&app) {
            break;
        }
    }
    assert!(crisis(&app), "no crisis in 12 months of seed 7");
    app.flash = None;
    for (w, h) in SIZES {
        let term = render(&mut app, w, h);
        let text = term.backend().to_string();
        for part in [
            "Crisis",
            "Who:",
            "Why, in the game's own account",
            "1) Put ",
            "Dismiss",
        ] {
            assert!(text.contains(part), "{part}: {text}");
        }
        assert_snapshot!(format!("crisis_{w}x{h}"), term.backend());
    }
    let Some(Modal::Crisis(card)) = app.modals.last().cloned() else {
        unreachable!()
    };
    let s = &app.game().unwrap().session;
    let (Do::Regime(g, regime), _) = card.options(s)[0] else {
        panic!("the first choice is another regime: {:?}", card.options(s));
    };
    dispatch(&mut app, Msg::Open);
    let s = &app.game().unwrap().session;
    assert_eq!(s.game().state().goods[g].regime, regime);
    // Dismiss every card left; none remains.
    while crisis(&app) {
        dispatch(&mut app, Msg::Back);
    }
    assert!(!app.modals.iter().any(|m| matches!(m, Modal::Crisis(_))));
}

/// A modded storylet too long for the window: the story scrolls, the choices and the keys
/// stay.
#[test]
fn a_long_storylet_keeps_its_choices_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/riverside");
    for f in std::fs::read_dir(&src).unwrap() {
        let f = f.unwrap().path();
        let mut text = std::fs::read_to_string(&f).unwrap();
        let first = "The city clinic has stopped posting Ava's prescription.";
        text = text.replace(
            first,
            &format!("{first}{}", " She reads the letter again.".repeat(40)),
        );
        std::fs::write(dir.path().join(f.file_name().unwrap()), text).unwrap();
    }
    let (world, _) = SimSpec::load(dir.path().to_str().unwrap(), None).unwrap();
    let mut app = App::in_game(Theme::color(), Session::new(world, 7));
    end_turn(&mut app);
    app.modals.clear();
    dispatch(&mut app, Msg::Choices);
    let text = render(&mut app, 80, 24).backend().to_string();
    assert!(text.contains("The city clinic has stopped"), "{text}");
    assert!(text.contains("▼ more PgDn"), "{text}");
    assert!(
        text.contains("4) ") && text.contains("Enter answer"),
        "{text}"
    );
}

#[test]
fn the_epilogue_in_three_parts() {
    for (w, h) in SIZES {
        let (world, _) = SimSpec::load("riverside", Some(4)).unwrap();
        let mut app = App::in_game(Theme::color(), Session::new(world, 7));
        for _ in 0..4 {
            end_turn(&mut app);
        }
        assert!(matches!(app.screen, app::Screen::Epilogue(_)));
        app.flash = None;
        for part in ["story", "people", "roads"] {
            let term = render(&mut app, w, h);
            assert_snapshot!(format!("epilogue_{part}_{w}x{h}"), term.backend());
            dispatch(&mut app, Msg::Right);
        }
        for w in (0..=200).step_by(13) {
            for h in (0..=60).step_by(9) {
                render(&mut app, w, h);
            }
        }
    }
}

/// A saves folder holding a riverside game (seed 7, six turns, market days changed before
/// turn 3) under two names, and a damaged file; every save dated 2026-12-03 12:00 UTC.
fn saves_folder() -> tempfile::TempDir {
    use agora::engine::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut app = game(Theme::color(), 0);
    for t in 1..=6 {
        if t == 3 {
            let s = match &mut app.screen {
                app::Screen::Game(g) => &mut g.session,
                _ => unreachable!(),
            };
            s.game_mut().apply(Command::SetMarketDays(2)).unwrap();
        }
        end_turn(&mut app);
    }
    let session = &app.game().unwrap().session;
    for name in ["before the harvest", "autosave-7"] {
        let mut save = session.capture(name);
        save.header.created = 1_796_299_200;
        agora::save::store::write_named(dir.path(), name, &save).unwrap();
    }
    std::fs::write(
        dir.path().join("notes.ron"),
        "(format_version: 1, header: (",
    )
    .unwrap();
    dir
}

fn title_with(dir: &std::path::Path) -> App {
    let opts = Options {
        seed: Some(7),
        saves: dir.to_path_buf(),
        ..Default::default()
    };
    App::new(Theme::color(), catalog::scenarios(None), &opts)
}

#[test]
fn the_load_and_watch_lists() {
    let dir = saves_folder();
    for (w, h) in SIZES {
        for (item, name) in [(2, "load"), (3, "watch")] {
            let mut app = title_with(dir.path());
            dispatch(&mut app, Msg::Select(item));
            dispatch(&mut app, Msg::Open);
            dispatch(&mut app, Msg::Down);
            let term = render(&mut app, w, h);
            let text = term.backend().to_string();
            assert!(text.contains("before_the_harvest"), "{text}");
            assert!(text.contains("corrupt"), "{text}");
            assert_snapshot!(format!("saves_{name}_{w}x{h}"), term.backend());
        }
    }
    // The title offers Continue with the newest save, and starts there: that game is in
    // progress.
    let mut app = title_with(dir.path());
    let term = render(&mut app, 80, 24);
    assert!(
        term.backend()
            .to_string()
            .contains("▶ Continue the last game"),
        "{}",
        term.backend()
    );
    assert_snapshot!("title_with_saves_80x24", term.backend());
}

#[test]
fn the_save_name_prompt() {
    for (w, h) in SIZES {
        let mut app = game(Theme::color(), 2);
        dispatch(&mut app, Msg::Save);
        for c in "spring".chars() {
            dispatch(&mut app, Msg::Char(c));
        }
        let term = render(&mut app, w, h);
        assert!(term.backend().to_string().contains("spring_"));
        assert_snapshot!(format!("save_prompt_{w}x{h}"), term.backend());
    }
}

#[test]
fn the_replay_viewer() {
    let dir = saves_folder();
    let path = dir.path().join("before_the_harvest.ron");
    for (w, h) in SIZES {
        let mut app = title_with(dir.path());
        agora::tui::carry_out(
            &mut app,
            vec![agora::tui::msg::Action::Open {
                path: path.clone(),
                watch: true,
            }],
        );
        // At the start it says how to play the replay, not how to end a turn.
        let start = render(&mut app, w, h).backend().to_string();
        assert!(
            start.contains("the start (6 months played in all)")
                && start.contains("Space plays the replay")
                && !start.contains("press n"),
            "{start}"
        );
        for m in [Msg::Right, Msg::Right, Msg::Right, Msg::Right] {
            dispatch(&mut app, m);
        }
        app.flash = None;
        for tab in [Tab::Overview, Tab::Policy] {
            dispatch(&mut app, Msg::GoTab(tab));
            let term = render(&mut app, w, h);
            let text = term.backend().to_string();
            assert!(text.contains("REPLAY"), "{text}");
            assert!(text.contains("after month 4 of 6 played"), "{text}");
            assert_snapshot!(
                format!("viewer_{}_{w}x{h}", tab.title().to_lowercase()),
                term.backend()
            );
        }
    }
}

/// The Bonds screen's words scrolled a page (keys in the border, the selected member's rows
/// marked), then the graph `v` switches to.
#[test]
fn bonds_in_words_scrolled_and_as_a_graph() {
    for (w, h) in SIZES {
        let mut app = game(Theme::color(), 3);
        dispatch(&mut app, Msg::GoTab(Tab::Bonds));
        let top = render(&mut app, w, h).backend().to_string();
        assert!(
            top.contains("Strongest bonds") && top.contains("▸"),
            "{top}"
        );
        dispatch(&mut app, Msg::PageDown);
        let term = render(&mut app, w, h);
        if h == 24 {
            let text = term.backend().to_string();
            assert!(
                text.contains("Across marks") && text.contains("PgUp/PgDn"),
                "{text}"
            );
        }
        assert_snapshot!(format!("bonds_words_scrolled_{w}x{h}"), term.backend());
        dispatch(&mut app, Msg::Toggle);
        let term = render(&mut app, w, h);
        assert!(term.backend().to_string().contains("Bond graph"));
        assert_snapshot!(format!("bonds_graph_{w}x{h}"), term.backend());
    }
}

/// A newcomer's first game: the guide's first page at the foot of the Overview.
#[test]
fn the_guide_in_a_first_game() {
    for (w, h) in SIZES {
        let dir = tempfile::tempdir().unwrap();
        let mut app = App::new(
            Theme::color(),
            Vec::new(),
            &Options {
                saves: dir.path().to_path_buf(),
                ..Default::default()
            },
        );
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        let session = Session::new(world, 7);
        app.resolve(agora::tui::msg::Outcome::Started(Ok(Box::new(session))));
        app.flash = None;
        let term = render(&mut app, w, h);
        assert!(
            term.backend()
                .to_string()
                .contains("Guide: Month 1 (1 of 3)")
        );
        assert_snapshot!(format!("guide_{w}x{h}"), term.backend());
    }
}

/// `N` from the start of seed 7: the footer says how many months it played and why it
/// stopped.
#[test]
fn n_says_why_it_stopped() {
    let mut app = game(Theme::color(), 0);
    dispatch(&mut app, Msg::Advance);
    let term = render(&mut app, 80, 24);
    assert!(term.backend().to_string().contains("N played"));
    assert_snapshot!("advance_stopped_80x24", term.backend());
}
