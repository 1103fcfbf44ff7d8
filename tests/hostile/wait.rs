//! A long turn in the terminal game (issue 23, defect 17: long turns could not be
//! interrupted): its progress is drawn over the frame while the engine works on another
//! thread, and Esc (or Ctrl-C, or a signal) stops it between two phases, the game left as it
//! was before the turn.

use std::time::Duration;

use agora::engine::{Command, CommandError};
use agora::lab::sim::{self, SimSpec};
use agora::tui::app::App;
use agora::tui::msg::Action;
use agora::tui::session::Session;
use agora::tui::theme::Theme;
use agora::tui::wait::{Wait, Watched};
use agora::tui::{Source, carry_out_with};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// A game whose turns take a while: a synthetic community of 3,000.
fn long_turns() -> App {
    let (world, _) = SimSpec::load("riverside", None).unwrap();
    let world = sim::synthetic(&world, 3_000, 5).unwrap();
    App::in_game(Theme::color(), Session::new(world, 5))
}

/// No key is pressed: every wait runs out.
struct Idle;

impl Source for Idle {
    fn next_event(&mut self, tick: Option<Duration>) -> Option<std::io::Result<Option<Event>>> {
        std::thread::sleep(tick.unwrap_or_default());
        Some(Ok(None))
    }
}

/// Esc, and then nothing.
struct EscOnce(bool);

impl Source for EscOnce {
    fn next_event(&mut self, tick: Option<Duration>) -> Option<std::io::Result<Option<Event>>> {
        if std::mem::replace(&mut self.0, true) {
            return Idle.next_event(tick);
        }
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        Some(Ok(Some(Event::Key(esc))))
    }
}

#[test]
fn a_long_turn_shows_its_progress_and_finishes() {
    let app = long_turns();
    let mut game = app.game().unwrap().session.game().clone();
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut w = Watched {
        terminal: &mut term,
        source: &mut Idle,
        show_after: Duration::ZERO,
    };
    let r = w.end_turn(&app, &mut game).unwrap();
    assert!(r.is_some());
    assert_eq!(game.turn(), 1);
    let shown = format!("{:?}", term.backend());
    assert!(shown.contains("Month 1 is being played"), "{shown}");
    assert!(shown.contains("Esc stop the turn"), "{shown}");
}

#[test]
fn esc_stops_a_long_turn_and_the_game_is_as_it_was() {
    let mut app = long_turns();
    let before = app.game().unwrap().session.game().hash();
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut esc = EscOnce(false);
    let mut w = Watched {
        terminal: &mut term,
        source: &mut esc,
        show_after: Duration::ZERO,
    };
    let mut copy = app.game().unwrap().session.game().clone();
    assert_eq!(
        w.end_turn(&app, &mut copy).unwrap_err(),
        CommandError::Stopped
    );
    assert_eq!(copy.hash(), before);
    // Through the shell, as `n` is carried out: the footer says so, nothing changed.
    let mut esc = EscOnce(false);
    let mut w = Watched {
        terminal: &mut term,
        source: &mut esc,
        show_after: Duration::ZERO,
    };
    carry_out_with(&mut app, vec![Action::Engine(Command::EndTurn)], &mut w);
    let g = &app.game().unwrap().session;
    assert_eq!((g.game().turn(), g.game().hash()), (0, before));
    assert!(g.game().log().is_empty());
    let flash = app.flash.clone().unwrap_or_default();
    assert!(flash.contains("The turn was stopped"), "{flash}");
}
