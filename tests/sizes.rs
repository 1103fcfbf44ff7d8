//! Every screen draws at every terminal size without panicking. CI sweeps every width at a
//! few heights and every height at a few widths; `AGORA_SIZES=all` sweeps all 30,000 sizes
//! from 1×1 to 300×100 for every screen (the long run in docs/RELIABILITY.md).

use agora::lab::sim::SimSpec;
use agora::tui::app::{App, Screen};
use agora::tui::catalog;
use agora::tui::msg::{Msg, Tab};
use agora::tui::session::Session;
use agora::tui::theme::Theme;
use agora::tui::{Options, dispatch, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn end_turn(app: &mut App) {
    app.modals.clear();
    dispatch(app, Msg::EndTurn);
    if !app.modals.is_empty() {
        dispatch(app, Msg::Yes);
    }
}

fn game(turns: u32) -> App {
    let (world, _) = SimSpec::load("riverside", None).unwrap();
    let mut app = App::in_game(Theme::color(), Session::new(world, 7));
    for _ in 0..turns {
        end_turn(&mut app);
    }
    app.modals.clear();
    app
}

/// Every screen and window a player can reach, by name.
fn screens() -> Vec<(String, App)> {
    let opts = Options {
        seed: Some(7),
        ..Default::default()
    };
    let mut out = Vec::new();
    out.push((
        "title".to_string(),
        App::new(Theme::color(), catalog::scenarios(None), &opts),
    ));
    let mut new_game = App::new(Theme::plain(), catalog::scenarios(None), &opts);
    dispatch(&mut new_game, Msg::Open);
    out.push(("new game".to_string(), new_game));
    for tab in Tab::ALL {
        let mut app = game(2);
        dispatch(&mut app, Msg::GoTab(tab));
        dispatch(&mut app, Msg::Down);
        dispatch(&mut app, Msg::Open);
        out.push((tab.title().to_string(), app));
    }
    let mut help = game(1);
    dispatch(&mut help, Msg::Help);
    out.push(("help".to_string(), help));
    let mut quit = game(1);
    dispatch(&mut quit, Msg::Quit);
    out.push(("quit question".to_string(), quit));
    let mut storylet = game(1);
    dispatch(&mut storylet, Msg::Choices);
    out.push(("storylet window".to_string(), storylet));
    out.extend(save_screens());
    for part in 0..3 {
        let (world, _) = SimSpec::load("riverside", Some(3)).unwrap();
        let mut app = App::in_game(Theme::color(), Session::new(world, 7));
        for _ in 0..3 {
            end_turn(&mut app);
        }
        assert!(matches!(app.screen, Screen::Epilogue(_)));
        for _ in 0..part {
            dispatch(&mut app, Msg::Right);
        }
        out.push((format!("epilogue part {part}"), app));
    }
    out
}

fn sizes() -> Vec<(u16, u16)> {
    if std::env::var("AGORA_SIZES").as_deref() == Ok("all") {
        return (1..=300u16)
            .flat_map(|w| (1..=100u16).map(move |h| (w, h)))
            .collect();
    }
    let mut sizes: Vec<(u16, u16)> = [1, 2, 23, 24, 25, 100]
        .into_iter()
        .flat_map(|h| (1..=300u16).map(move |w| (w, h)))
        .collect();
    sizes.extend(
        [1, 79, 80, 160, 300]
            .into_iter()
            .flat_map(|w| (1..=100u16).map(move |h| (w, h))),
    );
    sizes
}

#[test]
fn every_screen_draws_at_every_size() {
    let sizes = sizes();
    let mut drawn = 0usize;
    for (name, mut app) in screens() {
        for &(w, h) in &sizes {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                draw(&mut term, &mut app).unwrap();
            }));
            assert!(result.is_ok(), "the {name} screen panicked at {w}×{h}");
            drawn += 1;
        }
    }
    eprintln!("drew {drawn} frames ({} sizes per screen)", sizes.len());
    assert_eq!(drawn, 19 * sizes.len(), "nineteen screens and windows");
}

/// The Load and Watch lists (a save and a damaged file), the replay viewer and the prompt
/// for a save's name.
fn save_screens() -> Vec<(String, App)> {
    let dir = tempfile::tempdir().unwrap();
    let mut played = game(3);
    let save = match &mut played.screen {
        Screen::Game(g) => g.session.capture("sizes"),
        _ => unreachable!(),
    };
    let path = agora::save::store::write_named(dir.path(), "sizes", &save).unwrap();
    std::fs::write(dir.path().join("bad.ron"), "not a save").unwrap();
    let opts = Options {
        saves: dir.path().to_path_buf(),
        ..Default::default()
    };
    let mut out = Vec::new();
    for (item, name) in [(2, "load list"), (3, "watch list")] {
        let mut app = App::new(Theme::color(), catalog::scenarios(None), &opts);
        dispatch(&mut app, Msg::Select(item));
        dispatch(&mut app, Msg::Open);
        out.push((name.to_string(), app));
    }
    let mut viewer = App::new(Theme::color(), vec![], &opts);
    agora::tui::carry_out(
        &mut viewer,
        vec![agora::tui::msg::Action::Open { path, watch: true }],
    );
    dispatch(&mut viewer, Msg::Right);
    assert!(matches!(viewer.screen, Screen::Viewer(_)));
    out.push(("viewer".to_string(), viewer));
    let mut prompt = game(1);
    dispatch(&mut prompt, Msg::Save);
    out.push(("save prompt".to_string(), prompt));
    out
}
