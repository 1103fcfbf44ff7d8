//! How the shell waits for a turn. In the real terminal the engine plays it on a worker
//! thread while this one watches the keys and signals: a turn that takes more than a moment
//! shows its progress, and Esc, Ctrl-C or a signal stops it between two phases, the game
//! left as it was before the turn (`Game::apply_with`). Tests play turns straight through.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::engine::turn::Phase;
use crate::engine::{Command, CommandError, Game, TurnReport};
use crate::tui::components::progress::Progress;
use crate::tui::{App, Source};

/// How long a turn plays before its progress is shown.
pub const SHOW_AFTER: Duration = Duration::from_millis(250);
/// How often the keys are looked at (and the progress redrawn) while a turn plays.
const LOOK_EVERY: Duration = Duration::from_millis(50);

/// Plays a turn of `game`; `app` is the frame to draw under any progress shown.
pub trait Wait {
    fn end_turn(&mut self, app: &App, game: &mut Game) -> Result<Option<TurnReport>, CommandError>;
}

/// Straight through, with nothing to show or stop: tests and benchmarks.
pub struct Straight;

impl Wait for Straight {
    fn end_turn(&mut self, _: &App, game: &mut Game) -> Result<Option<TurnReport>, CommandError> {
        game.apply(Command::EndTurn)
    }
}

/// The real terminal: progress drawn over the frame, keys and signals honoured.
pub struct Watched<'a, B: Backend, S: Source + ?Sized> {
    pub terminal: &'a mut Terminal<B>,
    pub source: &'a mut S,
    /// How long a turn plays before its progress is shown ([`SHOW_AFTER`]).
    pub show_after: Duration,
}

impl<B, S> Wait for Watched<'_, B, S>
where
    B: Backend,
    S: Source + ?Sized,
{
    fn end_turn(&mut self, app: &App, game: &mut Game) -> Result<Option<TurnReport>, CommandError> {
        if !self.source.waits() {
            return game.apply(Command::EndTurn);
        }
        let stop = AtomicBool::new(false);
        let reached = AtomicUsize::new(0);
        let name = format!("Month {}", game.turn() + 1);
        let name = app
            .game()
            .map_or(name, |g| g.session.turn_name(g.session.game().turn() + 1));
        let start = Instant::now();
        let proceed = |p: Phase| {
            reached.store(p as usize, Ordering::Relaxed);
            !stop.load(Ordering::Relaxed)
        };
        let proceed = &proceed;
        std::thread::scope(|s| {
            let worker = s.spawn(move || game.apply_with(Command::EndTurn, proceed));
            while !worker.is_finished() {
                match self.source.next_event(Some(LOOK_EVERY)) {
                    Some(Ok(Some(Event::Key(k))))
                        if k.kind != KeyEventKind::Release
                            && (k.code == KeyCode::Esc
                                || (k.code == KeyCode::Char('c')
                                    && k.modifiers.contains(KeyModifiers::CONTROL))) =>
                    {
                        stop.store(true, Ordering::Relaxed);
                    }
                    // A signal, or the terminal gone: stop, and the loop ends after.
                    None | Some(Err(_)) => {
                        stop.store(true, Ordering::Relaxed);
                        std::thread::sleep(LOOK_EVERY);
                    }
                    Some(Ok(_)) => {}
                }
                if start.elapsed() >= self.show_after {
                    let phase =
                        Phase::ALL[reached.load(Ordering::Relaxed).min(Phase::ALL.len() - 1)];
                    let shown = Progress {
                        turn: &name,
                        phase,
                        seconds: start.elapsed().as_secs_f64(),
                    };
                    // A frame that fails to draw is not worth stopping a turn for.
                    let _ = self.terminal.draw(|f| {
                        let area = f.area();
                        f.render_widget(app, area);
                        shown.render(&app.theme, area, f.buffer_mut());
                    });
                }
            }
            worker
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        })
    }
}
