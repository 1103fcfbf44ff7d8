//! The app driven as the shell drives it: keys in, actions out.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::engine::Regime;
use crate::engine::world::difficulty::Difficulty;
use crate::lab::sim::SimSpec;
use crate::tui::components::Choice;
use crate::tui::frame::areas;
use crate::tui::msg::Tab;
use crate::tui::screens::epilogue::Part;
use crate::tui::screens::game::members::SortKey;
use crate::tui::screens::game::tab_rects;

fn app() -> App {
    let (world, _) = SimSpec::load("riverside", None).unwrap();
    App::in_game(Theme::plain(), Session::new(world, 7))
}

fn key(app: &App, c: KeyCode) -> Option<Msg> {
    app.translate(&Event::Key(KeyEvent::new(c, KeyModifiers::NONE)))
}

/// Press keys as the shell would handle them; returns every action carried out.
fn press(app: &mut App, keys: &[KeyCode]) -> Vec<Action> {
    let mut all = Vec::new();
    for &k in keys {
        if let Some(msg) = key(app, k) {
            all.extend(crate::tui::dispatch(app, msg));
        }
    }
    all
}

#[test]
fn n_ends_the_turn_and_space_never_does() {
    let mut a = app();
    assert_eq!(key(&a, KeyCode::Char('n')), Some(Msg::EndTurn));
    // Space on every screen of a game: no turn ends.
    for n in 1..=7u8 {
        press(&mut a, &[KeyCode::Char(char::from(b'0' + n))]);
        assert_ne!(
            key(&a, KeyCode::Char(' ')),
            Some(Msg::EndTurn),
            "screen {n}"
        );
        press(&mut a, &[KeyCode::Char(' ')]);
    }
    assert_eq!(a.game().unwrap().session.reports().len(), 0);
    press(&mut a, &[KeyCode::Char('1')]);
    let actions = press(&mut a, &[KeyCode::Char('n')]);
    assert_eq!(
        actions,
        vec![Action::Engine(Command::EndTurn), Action::Autosave]
    );
    assert_eq!(a.game().unwrap().session.reports().len(), 1);
    assert!(a.flash.as_deref().unwrap().starts_with("Month 1 is over"));
}

#[test]
fn tabs_by_number_tab_key_and_back_tab() {
    let mut a = app();
    press(&mut a, &[KeyCode::Char('7')]);
    assert_eq!(a.game().unwrap().tab, Tab::Policy);
    press(&mut a, &[KeyCode::Tab]);
    assert_eq!(a.game().unwrap().tab, Tab::Overview);
    press(&mut a, &[KeyCode::BackTab, KeyCode::BackTab]);
    assert_eq!(a.game().unwrap().tab, Tab::Chronicle);
}

#[test]
fn policy_keys_become_engine_commands() {
    let mut a = app();
    // Grain is the first row: → puts it under Exchange; f gives it a fallback.
    let actions = press(
        &mut a,
        &[KeyCode::Char('7'), KeyCode::Right, KeyCode::Char('f')],
    );
    assert_eq!(
        actions,
        vec![
            Action::Engine(Command::SetRegime {
                good: "grain".into(),
                regime: Regime::Exchange,
                fallback: None
            }),
            Action::Engine(Command::SetRegime {
                good: "grain".into(),
                regime: Regime::Exchange,
                fallback: Some(Regime::Commons)
            }),
        ]
    );
    // Down to the decision rule (after the six goods), then change it.
    let mut keys = vec![KeyCode::Down; 6];
    keys.push(KeyCode::Enter);
    let actions = press(&mut a, &keys);
    assert_eq!(
        actions,
        vec![Action::Engine(Command::SetDecisionRule(
            crate::engine::policy::DecisionRule::Consensus
        ))]
    );
    assert!(
        a.flash
            .as_deref()
            .unwrap()
            .contains("takes effect when the turn ends")
    );
}

#[test]
fn quitting_a_game_asks_first() {
    let mut a = app();
    press(&mut a, &[KeyCode::Char('q')]);
    assert!(a.running);
    assert_eq!(
        a.modals,
        vec![Modal::Confirm(Confirm::Quit { unsaved: false })]
    );
    // In the question, n means no (not "end the turn").
    let actions = press(&mut a, &[KeyCode::Char('n')]);
    assert!(actions.is_empty() && a.modals.is_empty() && a.running);
    press(&mut a, &[KeyCode::Char('q'), KeyCode::Char('y')]);
    assert!(!a.running);
}

/// `agora --scenario FOLDER` offers that folder on the new-game screen, chosen, even
/// when it is not in the catalog, and keeps it there after a game.
#[test]
fn a_scenario_folder_from_the_command_line_is_offered_and_played() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/riverside");
    for f in std::fs::read_dir(&src).unwrap() {
        let f = f.unwrap().path();
        let text = std::fs::read_to_string(&f)
            .unwrap()
            .replace("name: \"Riverside\"", "name: \"Riverside, my copy\"");
        std::fs::write(dir.path().join(f.file_name().unwrap()), text).unwrap();
    }
    let folder = dir.path().to_str().unwrap().to_string();
    let opts = Options {
        scenario: Some(folder.clone()),
        seed: Some(3),
        saves: dir.path().join("saves"),
        ..Default::default()
    };
    let mut a = App::new(
        Theme::plain(),
        catalog::scenarios(opts.scenario.as_deref()),
        &opts,
    );
    press(&mut a, &[KeyCode::Enter, KeyCode::Enter]);
    let g = a.game().expect("the game starts");
    assert_eq!(g.session.world().scenario.meta.name, "Riverside, my copy");
    a.back_to_title();
    let Screen::Title(t) = &a.screen else {
        panic!("back on the title");
    };
    let mine = t.catalog.iter().find(|c| c.id == folder).unwrap();
    let base = dir.path().file_name().unwrap().to_string_lossy();
    assert_eq!(mine.name, format!("Riverside, my copy ({base}/)"));
    assert_eq!(
        catalog::scenarios(None)
            .iter()
            .filter(|c| c.id == folder)
            .count(),
        0
    );
}

#[test]
fn mods_are_ticked_on_the_new_game_screen() {
    let opts = Options {
        scenario: Some("riverside".into()),
        seed: Some(3),
        ..Default::default()
    };
    let mut a = App::new(Theme::plain(), catalog::scenarios(None), &opts);
    press(&mut a, &[KeyCode::Enter, KeyCode::Tab]);
    let Screen::Title(t) = &a.screen else {
        panic!("still on the title screen");
    };
    let at = t.mods.iter().position(|m| m.id == "midwife").unwrap();
    assert_eq!(t.setup.as_ref().unwrap().mod_cursor, Some(0));
    for _ in 0..at {
        press(&mut a, &[KeyCode::Down]);
    }
    // Space ticks, twice unticks, three times ticks again; Tab goes back to scenarios.
    press(
        &mut a,
        &[KeyCode::Char(' '), KeyCode::Char(' '), KeyCode::Char(' ')],
    );
    press(&mut a, &[KeyCode::Tab]);
    let Screen::Title(t) = &a.screen else {
        panic!("still on the title screen");
    };
    assert_eq!(t.setup.as_ref().unwrap().mod_cursor, None);
    let actions = dispatch_only(&mut a, Msg::Open);
    assert_eq!(
        actions,
        vec![Action::NewGame {
            scenario: "riverside".into(),
            seed: Some(3),
            mods: vec!["midwife".into()],
            difficulty: Default::default(),
        }]
    );
}

/// The actions `update` asks for, without carrying them out.
fn dispatch_only(app: &mut App, msg: Msg) -> Vec<Action> {
    app.update(msg)
}

#[test]
fn help_opens_over_any_screen_and_esc_closes_it() {
    let mut a = app();
    press(&mut a, &[KeyCode::Char('3'), KeyCode::Char('?')]);
    assert_eq!(a.modals, vec![Modal::Help(Help { scroll: 0 })]);
    assert_eq!(a.contexts(), vec![Ctx::Help, Ctx::Always]);
    assert_eq!(
        a.help_contexts(),
        vec![Ctx::Screen(Tab::Meeting), Ctx::Game, Ctx::Always]
    );
    // n does not end the turn under help.
    assert!(press(&mut a, &[KeyCode::Char('n')]).is_empty());
    press(&mut a, &[KeyCode::Char('?'), KeyCode::Esc]);
    assert!(a.modals.is_empty());
}

#[test]
fn the_last_turn_asks_for_confirmation() {
    let (world, _) = SimSpec::load("riverside", Some(2)).unwrap();
    let mut a = App::in_game(Theme::plain(), Session::new(world, 1));
    press(&mut a, &[KeyCode::Char('n')]);
    let actions = press(&mut a, &[KeyCode::Char('n')]);
    assert!(actions.is_empty());
    assert!(matches!(
        a.modals[..],
        [Modal::Confirm(Confirm::EndTurn { .. })]
    ));
    let actions = press(&mut a, &[KeyCode::Enter]);
    assert_eq!(
        actions,
        vec![Action::Engine(Command::EndTurn), Action::Autosave]
    );
    assert!(a.game().unwrap().session.game().is_over());
    // The end of the game opens the epilogue; Esc goes back to the game's screens.
    assert!(matches!(a.screen, Screen::Epilogue(_)));
    assert!(press(&mut a, &[KeyCode::Char('n')]).is_empty());
    press(&mut a, &[KeyCode::Esc]);
    assert!(press(&mut a, &[KeyCode::Char('n')]).is_empty());
    assert!(a.flash.as_deref().unwrap().contains("game has ended"));
}

#[test]
fn title_menu_new_game_with_a_typed_seed() {
    let choice = ScenarioChoice {
        id: "riverside".into(),
        name: "Riverside".into(),
        description: String::new(),
        question: String::new(),
        turns: 40,
        turn_unit: "month".into(),
        members: 17,
        goods: 6,
        problem: None,
    };
    let mut a = App::new(Theme::plain(), vec![choice], &Options::default());
    // No saves yet: the menu says so rather than pretending.
    press(&mut a, &[KeyCode::Down, KeyCode::Enter]);
    assert!(a.flash.as_deref().unwrap().contains("no saved game"));
    let actions = press(
        &mut a,
        &[
            KeyCode::Up,
            KeyCode::Enter,
            KeyCode::Char('4'),
            KeyCode::Char('2'),
            KeyCode::Char('9'),
            KeyCode::Backspace,
            // Normal → hard → easy → normal → hard.
            KeyCode::Char('d'),
            KeyCode::Char('d'),
            KeyCode::Char('d'),
            KeyCode::Char('d'),
            KeyCode::Enter,
        ],
    );
    assert_eq!(
        actions,
        vec![Action::NewGame {
            scenario: "riverside".into(),
            seed: Some(42),
            mods: vec![],
            difficulty: Difficulty::Hard,
        }]
    );
    // q on the title quits without asking: there is no game to lose.
    let mut b = App::new(Theme::plain(), vec![], &Options::default());
    press(&mut b, &[KeyCode::Char('q')]);
    assert!(!b.running);
}

#[test]
fn members_sort_keeps_the_selected_member() {
    let mut a = app();
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Down, KeyCode::Down]);
    let g = a.game().unwrap();
    let sel = g.members.selected;
    assert_eq!(sel, g.members.order(&g.session)[2]);
    press(&mut a, &[KeyCode::Char('o'), KeyCode::Char('O')]);
    let g = a.game().unwrap();
    assert_eq!(g.members.sort, SortKey::Name);
    assert!(g.members.reverse);
    assert_eq!(g.members.selected, sel);
}

#[test]
fn clicks_on_tabs_and_rows_and_the_wheel() {
    let mut a = app();
    a.area = Rect::new(0, 0, 80, 24);
    // The tab row is the second line; "6 Chronicle" starts after five labels.
    let (tab, r) = tab_rects(areas(a.area).tabs)[5];
    assert_eq!(tab, Tab::Chronicle);
    crate::tui::dispatch(&mut a, Msg::Click { x: r.x + 2, y: r.y });
    assert_eq!(a.game().unwrap().tab, Tab::Chronicle);
    // Members: a click on the third row selects the third member; the wheel moves on.
    crate::tui::dispatch(&mut a, Msg::GoTab(Tab::Members));
    let body = areas(a.area).body;
    crate::tui::dispatch(
        &mut a,
        Msg::Click {
            x: body.x + 5,
            y: body.y + 4,
        },
    );
    let g = a.game().unwrap();
    assert_eq!(g.members.selected, g.members.order(&g.session)[2]);
    crate::tui::dispatch(&mut a, Msg::ScrollDown);
    let g = a.game().unwrap();
    assert_eq!(g.members.selected, g.members.order(&g.session)[3]);
    // A click outside anything does nothing; under a too-small terminal neither.
    crate::tui::dispatch(&mut a, Msg::Click { x: 79, y: 23 });
    a.area = Rect::new(0, 0, 40, 10);
    crate::tui::dispatch(&mut a, Msg::Click { x: r.x + 2, y: r.y });
    assert_eq!(a.game().unwrap().tab, Tab::Members);
}

#[test]
fn resize_and_mouse_events_become_messages() {
    use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
    let a = app();
    assert_eq!(
        a.translate(&Event::Resize(100, 30)),
        Some(Msg::Resize { w: 100, h: 30 })
    );
    let mouse = |kind| {
        Event::Mouse(MouseEvent {
            kind,
            column: 3,
            row: 1,
            modifiers: KeyModifiers::NONE,
        })
    };
    assert_eq!(
        a.translate(&mouse(MouseEventKind::Down(MouseButton::Left))),
        Some(Msg::Click { x: 3, y: 1 })
    );
    assert_eq!(a.translate(&mouse(MouseEventKind::Moved)), None);
}

#[test]
fn chronicle_lines_open_and_close() {
    let mut a = app();
    // Esc puts off the storylet that may be waiting after the turn.
    press(
        &mut a,
        &[
            KeyCode::Char('n'),
            KeyCode::Esc,
            KeyCode::Char('6'),
            KeyCode::Enter,
        ],
    );
    let g = a.game().unwrap();
    assert_eq!(g.chronicle.open.len(), 1);
    press(&mut a, &[KeyCode::Enter]);
    assert!(a.game().unwrap().chronicle.open.is_empty());
}

/// Play turns until a storylet is waiting (its window open); panics if none comes.
fn until_choice(a: &mut App) {
    for _ in 0..10 {
        if matches!(a.modals.last(), Some(Modal::Choice(_))) {
            return;
        }
        a.modals.clear();
        crate::tui::dispatch(a, Msg::EndTurn);
        if let Some(Modal::Confirm(_)) = a.modals.last() {
            crate::tui::dispatch(a, Msg::Yes);
        }
    }
    panic!("no storylet came up in ten turns");
}

#[test]
fn a_storylet_waits_in_its_window_and_is_answered_by_a_command() {
    let mut a = app();
    until_choice(&mut a);
    assert_eq!(a.contexts(), vec![Ctx::Choice, Ctx::Always]);
    let g = a.game().unwrap();
    let p = g.session.game().state().events.pending[0].clone();
    // Move to the last open choice and answer it.
    let world = g.session.world();
    let last_open = (0..p.choices.len())
        .rev()
        .find(|&c| crate::engine::events::choice_open(world, g.session.game().state(), &p, c))
        .unwrap();
    let mut keys = vec![KeyCode::Down; last_open];
    keys.push(KeyCode::Enter);
    let actions = press(&mut a, &keys);
    assert_eq!(
        actions,
        vec![Action::Engine(Command::Choose {
            storylet: p.storylet.clone(),
            choice: last_open as u32
        })]
    );
    assert!(a.modals.is_empty());
    assert!(
        a.flash
            .as_deref()
            .unwrap()
            .contains("applies when the turn ends")
    );
    // The Overview counts it as an answer waiting, not as a policy change.
    let texts: Vec<String> = crate::tui::attention::items(&a.game().unwrap().session, false)
        .into_iter()
        .map(|i| i.text)
        .collect();
    assert!(
        texts.contains(&"1 storylet answer waiting for the end of the turn (n).".to_string()),
        "{texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t.contains("policy change")),
        "{texts:?}"
    );
    // c opens it again, showing the answer; Esc puts it off.
    press(&mut a, &[KeyCode::Char('c')]);
    assert!(matches!(
        a.modals[..],
        [Modal::Choice(Choice { selected, .. })] if selected == last_open
    ));
    press(&mut a, &[KeyCode::Esc]);
    assert!(a.modals.is_empty());
}

#[test]
fn ending_a_turn_with_a_storylet_unanswered_asks_first() {
    let mut a = app();
    until_choice(&mut a);
    press(&mut a, &[KeyCode::Esc]);
    // From the screens, n asks: the storylet would take its first choice.
    let actions = press(&mut a, &[KeyCode::Char('n')]);
    assert!(actions.is_empty());
    let Some(Modal::Confirm(Confirm::EndTurn { reasons })) = a.modals.last() else {
        panic!("{:?}", a.modals);
    };
    assert!(
        reasons[0].contains("waiting for your answer"),
        "{reasons:?}"
    );
    let actions = press(&mut a, &[KeyCode::Char('y')]);
    assert_eq!(
        actions,
        vec![Action::Engine(Command::EndTurn), Action::Autosave]
    );
    // In the storylet's own window, n ends the turn at once.
    until_choice(&mut a);
    let turn = a.game().unwrap().session.game().turn();
    let actions = press(&mut a, &[KeyCode::Char('n')]);
    assert_eq!(
        actions,
        vec![Action::Engine(Command::EndTurn), Action::Autosave]
    );
    assert_eq!(a.game().unwrap().session.game().turn(), turn + 1);
}

#[test]
fn the_epilogue_has_three_parts_and_goes_back_to_the_game() {
    let (world, _) = SimSpec::load("dry-year", Some(6)).unwrap();
    let mut a = App::in_game(Theme::plain(), Session::new(world, 2));
    for _ in 0..12 {
        if matches!(a.screen, Screen::Epilogue(_)) {
            break;
        }
        a.modals.clear();
        crate::tui::dispatch(&mut a, Msg::EndTurn);
        if let Some(Modal::Confirm(_)) = a.modals.last() {
            crate::tui::dispatch(&mut a, Msg::Yes);
        }
    }
    let Screen::Epilogue(e) = &a.screen else {
        panic!("the game's end opens the epilogue");
    };
    assert_eq!(e.part, Part::Story);
    assert_eq!(e.roads.roads.len(), 4);
    // The player's road is this very game.
    assert_eq!(e.roads.roads[0].game.hash(), e.game.session.game().hash());
    assert_eq!(a.contexts(), vec![Ctx::Epilogue, Ctx::Always]);
    press(&mut a, &[KeyCode::Right, KeyCode::Down, KeyCode::Down]);
    let Screen::Epilogue(e) = &a.screen else {
        unreachable!()
    };
    assert_eq!((e.part, e.member), (Part::People, 2));
    press(&mut a, &[KeyCode::Right, KeyCode::Right]);
    let Screen::Epilogue(e) = &a.screen else {
        unreachable!()
    };
    assert_eq!(e.part, Part::Story, "the parts go round");
    press(&mut a, &[KeyCode::Esc]);
    assert!(matches!(a.screen, Screen::Game(_)));
    press(&mut a, &[KeyCode::Char('e')]);
    assert!(matches!(a.screen, Screen::Epilogue(_)));
}

#[test]
fn overview_enter_goes_where_the_problem_is_explained() {
    let mut a = app();
    press(&mut a, &[KeyCode::Enter]);
    // Before the first turn the only item points at Policy.
    assert_eq!(a.game().unwrap().tab, Tab::Policy);
}

/// An app in a game whose saves go to a fresh folder.
fn app_saving() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app();
    a.saves = dir.path().to_path_buf();
    (a, dir)
}

/// End `n` turns, letting waiting storylets take their first choice.
fn turns(a: &mut App, n: usize) {
    for _ in 0..n {
        a.modals.clear();
        press(a, &[KeyCode::Char('n')]);
        if let Some(Modal::Confirm(_)) = a.modals.last() {
            press(a, &[KeyCode::Char('y')]);
        }
        a.modals.clear();
    }
}

#[test]
fn every_turn_autosaves_and_s_saves_under_a_name() {
    let (mut a, dir) = app_saving();
    turns(&mut a, 1);
    assert!(dir.path().join("autosave-1.ron").exists());
    assert!(a.game().unwrap().session.unsaved());
    press(&mut a, &[KeyCode::Char('s')]);
    let Some(Modal::Prompt(p)) = a.modals.last() else {
        panic!("{:?}", a.modals);
    };
    assert_eq!(p.default, "Riverside after month 1");
    // In the prompt every letter types (n does not end the turn); nothing escapes the folder.
    let typed: Vec<KeyCode> = "../My gamex".chars().map(KeyCode::Char).collect();
    press(&mut a, &typed);
    press(&mut a, &[KeyCode::Backspace]);
    let actions = press(&mut a, &[KeyCode::Enter]);
    assert_eq!(
        actions,
        vec![Action::Save {
            name: "../My game".into(),
            quit: false,
            overwrite: false,
        }]
    );
    let path = dir.path().join("My_game.ron");
    assert!(
        a.flash.as_deref().unwrap().starts_with("Saved to"),
        "{:?}",
        a.flash
    );
    assert!(!a.game().unwrap().session.unsaved());
    let save = crate::save::Save::read(&path).unwrap();
    assert_eq!(save.load().unwrap().turn(), 1);
    // Esc cancels a prompt.
    press(&mut a, &[KeyCode::Char('s'), KeyCode::Esc]);
    assert!(a.modals.is_empty());
}

#[test]
fn a_failed_autosave_says_so_and_the_game_goes_on() {
    let (mut a, dir) = app_saving();
    // A file where the folder should be.
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    a.saves = file;
    press(&mut a, &[KeyCode::Char('n')]);
    assert!(a.running);
    assert!(
        a.flash.as_deref().unwrap().contains("autosave failed"),
        "{:?}",
        a.flash
    );
    assert_eq!(a.game().unwrap().session.game().turn(), 1);
}

#[test]
fn quitting_with_unsaved_changes_offers_to_save() {
    let (mut a, dir) = app_saving();
    turns(&mut a, 1);
    press(&mut a, &[KeyCode::Char('q')]);
    assert_eq!(
        a.modals,
        vec![Modal::Confirm(Confirm::Quit { unsaved: true })]
    );
    press(&mut a, &[KeyCode::Char('s')]);
    assert!(matches!(
        a.modals.last(),
        Some(Modal::Prompt(Prompt {
            kind: PromptKind::SaveName { quit: true },
            ..
        }))
    ));
    press(&mut a, &[KeyCode::Enter]);
    assert!(!a.running);
    assert!(dir.path().join("Riverside_after_month_1.ron").exists());
}

#[test]
fn continue_prefers_a_game_in_progress_to_a_newer_finished_one() {
    let (mut a, dir) = app_saving();
    turns(&mut a, 2);
    let newest = crate::save::store::newest_autosave(dir.path()).unwrap();
    let mut done = crate::save::Save::read(&newest).unwrap();
    done.header.ended = true;
    done.header.created += 100;
    crate::save::store::write_named(dir.path(), "done", &done).unwrap();
    let opts = Options {
        saves: dir.path().to_path_buf(),
        ..Default::default()
    };
    let t = App::new(Theme::plain(), catalog::scenarios(None), &opts);
    let Screen::Title(title) = &t.screen else {
        panic!("the title screen")
    };
    assert_eq!(
        title.saves[0].file, "done.ron",
        "the finished game is newest"
    );
    let last = title.last_game().expect("a game to continue");
    assert!(last.autosave, "{}", last.file);
}

#[test]
fn the_title_continues_loads_and_watches_saves() {
    let (mut a, dir) = app_saving();
    turns(&mut a, 3);
    let hash = a.game().unwrap().session.game().hash();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format_version: 1, hea").unwrap();
    let opts = Options {
        saves: dir.path().to_path_buf(),
        ..Default::default()
    };
    let title = || App::new(Theme::plain(), catalog::scenarios(None), &opts);
    // The cursor starts on Continue, which opens the newest autosave, every turn replayed.
    let mut t = title();
    press(&mut t, &[KeyCode::Enter]);
    let g = t.game().expect("continued");
    assert_eq!(g.session.game().hash(), hash);
    assert_eq!(g.session.game().turn(), 3, "{:?}", t.flash);
    assert_eq!(g.session.reports().len(), 3);
    assert!(!g.session.unsaved());
    // Load: the list, newest first, the damaged file last; Enter on it says why.
    let mut t = title();
    press(&mut t, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(t.contexts(), vec![Ctx::Saves, Ctx::Always]);
    let Screen::Title(ts) = &t.screen else {
        unreachable!()
    };
    let files: Vec<&str> = ts.saves.iter().map(|l| l.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "autosave-3.ron",
            "autosave-2.ron",
            "autosave-1.ron",
            "broken.ron"
        ]
    );
    press(&mut t, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    press(&mut t, &[KeyCode::Enter]);
    assert!(matches!(t.screen, Screen::Title(_)));
    let f = t.flash.clone().unwrap();
    assert!(f.starts_with("broken.ron: the save is corrupt"), "{f}");
    assert_eq!(std::fs::read(&broken).unwrap(), b"(format_version: 1, hea");
    // Watch: Enter on the newest opens the viewer at the start.
    press(
        &mut t,
        &[KeyCode::Esc, KeyCode::Down, KeyCode::Enter, KeyCode::Enter],
    );
    let Screen::Viewer(v) = &t.screen else {
        panic!("the viewer opens");
    };
    assert_eq!((v.turn(), v.last()), (0, 3));
    assert_eq!(t.contexts()[0], Ctx::Viewer);
    // Space plays (the loop then wakes for ticks); a tick plays a turn.
    press(&mut t, &[KeyCode::Char(' ')]);
    assert!(t.tick().is_some());
    crate::tui::dispatch(&mut t, Msg::Tick);
    // g, digits and Enter jump; the screens are read-only.
    press(
        &mut t,
        &[KeyCode::Char('g'), KeyCode::Char('2'), KeyCode::Enter],
    );
    let Screen::Viewer(v) = &t.screen else {
        unreachable!()
    };
    assert_eq!(v.turn(), 2);
    press(&mut t, &[KeyCode::Char('n')]);
    assert!(t.flash.as_deref().unwrap().contains("replay"));
    // Take over: a new game from turn 2 whose autosave names its parent and verifies.
    let actions = press(&mut t, &[KeyCode::Char('t')]);
    assert_eq!(actions, vec![Action::Autosave]);
    let g = t.game().expect("a game again");
    assert_eq!(g.session.game().turn(), 2);
    let newest = crate::save::store::newest_autosave(dir.path()).unwrap();
    let save = crate::save::Save::read(&newest).unwrap();
    let parent = save.parent.clone().expect("the parent is recorded");
    assert_eq!((parent.save.as_str(), parent.turn), ("autosave-3.ron", 2));
    assert_eq!(save.verify().unwrap().turn(), 2);
    // The save lists know it is a branch (shown in the selected save's details).
    let listed = crate::save::store::list(dir.path());
    let branch = listed.iter().find(|l| l.path == newest).unwrap();
    assert_eq!(branch.parent.as_ref(), Some(&parent));
    assert!(
        listed
            .iter()
            .filter(|l| l.path != newest)
            .all(|l| l.parent.is_none())
    );
    // Esc in a viewer goes back to the title.
    let mut t = title();
    press(
        &mut t,
        &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter],
    );
    press(&mut t, &[KeyCode::Enter, KeyCode::Esc]);
    assert!(matches!(t.screen, Screen::Title(_)));
}

/// Type `name` into the save prompt and press Enter.
fn save_as(a: &mut App, name: &str) -> Vec<Action> {
    press(a, &[KeyCode::Char('s')]);
    let Some(Modal::Prompt(p)) = a.modals.last() else {
        panic!("{:?}", a.modals);
    };
    let erase = vec![KeyCode::Backspace; p.default.chars().count() + 40];
    press(a, &erase);
    let typed: Vec<KeyCode> = name.chars().map(KeyCode::Char).collect();
    press(a, &typed);
    press(a, &[KeyCode::Enter])
}

#[test]
fn saving_over_another_games_save_asks_first() {
    let (mut a, dir) = app_saving();
    turns(&mut a, 2);
    save_as(&mut a, "mine");
    let path = dir.path().join("mine.ron");
    let first = std::fs::read(&path).unwrap();
    // Its own save again: no question.
    turns(&mut a, 1);
    save_as(&mut a, "mine");
    assert!(a.modals.is_empty(), "{:?}", a.modals);
    let second = std::fs::read(&path).unwrap();
    assert_ne!(first, second);
    // Another game, the same name: asked, and "no" keeps the file as it was.
    let (mut b, _) = app_saving();
    b.saves = dir.path().to_path_buf();
    turns(&mut b, 1);
    save_as(&mut b, "mine");
    assert!(
        matches!(b.modals.last(), Some(Modal::Confirm(Confirm::Overwrite { name, quit: false })) if name == "mine"),
        "{:?}",
        b.modals
    );
    press(&mut b, &[KeyCode::Char('n')]);
    assert!(b.flash.as_deref().unwrap().starts_with("Not saved"));
    assert_eq!(std::fs::read(&path).unwrap(), second);
    assert!(b.game().unwrap().session.unsaved());
    // Asked again, "yes" replaces it.
    save_as(&mut b, "mine");
    let actions = press(&mut b, &[KeyCode::Char('y')]);
    assert_eq!(
        actions,
        vec![Action::Save {
            name: "mine".into(),
            quit: false,
            overwrite: true,
        }]
    );
    assert_ne!(std::fs::read(&path).unwrap(), second);
    assert!(!b.game().unwrap().session.unsaved());
}
