//! The terminal game, in The Elm Architecture: messages (`msg`), one module per screen
//! (`screens`: its state, its update, its view, its keys) and per window (`components`),
//! and the app (`app::App`) that holds the screen and the windows over it, routes messages
//! and returns actions for the shell (this module) to carry out. The keys are tables
//! (`keymap`) and the look one theme (`theme`). It talks to the engine only through
//! commands and read-only state.
//!
//! The loop (`run`) is generic over the ratatui backend so tests drive it on `TestBackend`;
//! it blocks on the next event, so an idle game uses no CPU. Only a replay that is playing
//! asks for a wake-up (`App::tick`).

pub mod advance;
pub mod app;
pub mod attention;
pub mod catalog;
pub mod components;
pub mod frame;
pub mod guide;
pub mod keymap;
pub mod keys;
pub mod msg;
pub mod overrides;
pub mod prefs;
pub mod records;
pub mod replay;
pub mod screens;
pub mod session;
pub mod settings;
pub mod terminal;
pub mod theme;
pub mod wait;
pub mod widgets;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;

pub use app::{App, Options};

use crate::content::mods::reload::ContentSpec;
use crate::engine::{Command, CommandError};
use crate::save::{Save, store};
use crate::tui::app::Screen;
use crate::tui::msg::{Action, Msg, Opened, Outcome};
use crate::tui::replay::Replay;
use crate::tui::session::Session;
use crate::tui::wait::Wait;

/// Where events come from: the next one, waiting at most `tick` when given (then
/// `Some(Ok(None))`: time to move on); `None` ends the game.
pub trait Source {
    fn next_event(&mut self, tick: Option<Duration>) -> Option<std::io::Result<Option<Event>>>;

    /// Whether events arrive in time, so a long turn can be watched and stopped; a list of
    /// events does not, and its turns are played straight through.
    fn waits(&self) -> bool {
        true
    }
}

/// A list of events (tests): no waiting, so no ticks, and turns played straight through (the
/// next key is one the player presses after seeing the turn, not during it).
impl<I: Iterator<Item = std::io::Result<Event>>> Source for I {
    fn next_event(&mut self, _: Option<Duration>) -> Option<std::io::Result<Option<Event>>> {
        self.next().map(|r| r.map(Some))
    }

    fn waits(&self) -> bool {
        false
    }
}

/// Run the game until the player quits: draw, wait for an event, update, draw again.
pub fn run<B, E>(terminal: &mut Terminal<B>, app: &mut App, events: E) -> Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    E: IntoIterator<Item = std::io::Result<Event>>,
{
    run_from(terminal, app, &mut events.into_iter())
}

/// `run` over any event source.
pub fn run_from<B, S>(terminal: &mut Terminal<B>, app: &mut App, source: &mut S) -> Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Source + ?Sized,
{
    draw(terminal, app)?;
    while let Some(ev) = source.next_event(app.tick()) {
        let msg = match ev? {
            Some(ev) => match app.translate(&ev) {
                Some(msg) => msg,
                None => continue,
            },
            None => Msg::Tick,
        };
        let actions = app.update(msg);
        let mut wait = wait::Watched {
            terminal: &mut *terminal,
            source: &mut *source,
            show_after: wait::SHOW_AFTER,
        };
        carry_out_with(app, actions, &mut wait);
        if !app.running {
            break;
        }
        draw(terminal, app)?;
    }
    Ok(())
}

/// Draw one frame of the app.
pub fn draw<B>(terminal: &mut Terminal<B>, app: &mut App) -> Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let size = terminal.size()?;
    app.area = Rect::new(0, 0, size.width, size.height);
    terminal.draw(|f| f.render_widget(&*app, f.area()))?;
    Ok(())
}

/// Update with a message and carry out the actions it asks for, feeding their outcomes back.
/// Returns the actions carried out, in order.
pub fn dispatch(app: &mut App, msg: Msg) -> Vec<Action> {
    let actions = app.update(msg);
    carry_out(app, actions)
}

/// Carry out actions, and those their outcomes ask for; returns them all, in order. Turns
/// are played straight through (`wait::Straight`).
pub fn carry_out(app: &mut App, actions: Vec<Action>) -> Vec<Action> {
    carry_out_with(app, actions, &mut wait::Straight)
}

/// `carry_out`, waiting for turns with `wait`.
pub fn carry_out_with(app: &mut App, actions: Vec<Action>, wait: &mut dyn Wait) -> Vec<Action> {
    let mut queue: VecDeque<Action> = actions.into();
    let mut done = Vec::new();
    while let Some(action) = queue.pop_front() {
        if let Some(outcome) = perform(app, action.clone(), wait) {
            queue.extend(app.resolve(outcome));
        }
        done.push(action);
    }
    done
}

/// The session of the game being played, if one is.
fn session_of(app: &App) -> Option<&Session> {
    match &app.screen {
        Screen::Game(g) => Some(&g.session),
        Screen::Epilogue(e) => Some(&e.game.session),
        Screen::Title(_) | Screen::Viewer(_) => None,
    }
}

/// The shell's side of an action: apply a command, load a scenario, read and write saves.
fn perform(app: &mut App, action: Action, wait: &mut dyn Wait) -> Option<Outcome> {
    match action {
        // An app without a saves folder (tests, benchmarks) does not save.
        Action::Autosave | Action::Save { .. } if app.saves.as_os_str().is_empty() => None,
        Action::Autosave | Action::Save { .. } => {
            let s = session_of(app)?;
            let (autosave, quit, name) = match action {
                Action::Save {
                    name,
                    quit,
                    overwrite,
                } => {
                    // Over a save this game was not loaded from or saved as: ask first.
                    let file = store::sanitize(&name);
                    let own = s.name.as_deref().map(store::sanitize);
                    if !overwrite && own.as_ref() != Some(&file) && app.saves.join(&file).exists() {
                        return Some(Outcome::Exists { name, quit });
                    }
                    (false, quit, name)
                }
                _ => (true, false, store::AUTOSAVE_NAME.to_string()),
            };
            let save = s.capture(&name);
            let result = if autosave {
                store::autosave(&app.saves, save)
            } else {
                store::write_named(&app.saves, &name, &save)
            };
            Some(Outcome::Saved {
                autosave,
                quit,
                at: s.game().log().len(),
                result: result.map_err(|e| format!("{}: {e}", app.saves.display())),
            })
        }
        Action::ListSaves => Some(Outcome::Listed(store::list(&app.saves))),
        Action::SavePrefs if app.saves.as_os_str().is_empty() => None,
        Action::SavePrefs => Some(Outcome::PrefsSaved(
            app.prefs
                .save(&app.saves)
                .map_err(|e| format!("{}: {e}", app.saves.display())),
        )),
        Action::Open { path, watch } => Some(Outcome::Opened(open(&path, watch).map(Box::new))),
        Action::Engine(Command::EndTurn) => {
            let Screen::Game(g) = &app.screen else {
                return None;
            };
            // Played on a copy while the frame (with its progress) is drawn from the app.
            let mut game = g.session.game().clone();
            let result = wait.end_turn(app, &mut game).map(|r| r.map(Box::new));
            if let Screen::Game(g) = &mut app.screen
                && result.is_ok()
            {
                *g.session.game_mut() = game;
            }
            Some(Outcome::Applied {
                command: Command::EndTurn,
                result,
            })
        }
        Action::Engine(command) => {
            let Screen::Game(g) = &mut app.screen else {
                return None;
            };
            let result = g
                .session
                .game_mut()
                .apply(command.clone())
                .map(|r| r.map(Box::new));
            Some(Outcome::Applied { command, result })
        }
        Action::NewGame {
            scenario,
            seed,
            mods,
            difficulty,
        } => Some(Outcome::Started(
            session::start_with(
                &ContentSpec {
                    scenario,
                    mods,
                    dirs: app.mod_dirs.clone(),
                    difficulty,
                },
                seed.unwrap_or_else(clock_seed),
            )
            .map(Box::new),
        )),
        Action::Reload => {
            let Screen::Game(g) = &mut app.screen else {
                return None;
            };
            Some(match g.session.reload() {
                Ok(command) => Outcome::Applied {
                    command,
                    result: Ok(None),
                },
                Err(e) => Outcome::Applied {
                    command: Command::Reload { content_hash: 0 },
                    result: Err(CommandError::Content(e)),
                },
            })
        }
    }
}

/// Read a save for play or for watching. The file is only read; every error is one line.
pub fn open(path: &Path, watch: bool) -> std::result::Result<Opened, String> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let fail = |e: crate::save::SaveError| format!("{file}: {e}");
    let save = Save::read(path).map_err(fail)?;
    let note = save.content_note();
    if watch {
        let replay = Box::new(Replay::open(save, file.clone()).map_err(fail)?);
        return Ok(Opened::Viewer { replay, note });
    }
    let worlds = save.worlds().map_err(fail)?;
    let session = Box::new(Session::from_save(&save, &worlds, None).map_err(fail)?);
    Ok(Opened::Game {
        session,
        file,
        note,
    })
}

/// A seed for a player who did not choose one: short enough to note down and share.
fn clock_seed() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64 % 1_000_000)
}

/// Play in the real terminal. Returns the signal that ended the game, if one did.
pub fn play(opts: &Options) -> Result<Option<i32>> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the game needs a terminal; to play without one, use `agora sim` (see `agora --help`)"
        );
    }
    let mut app = App::new(
        theme::Theme::from_env(),
        catalog::scenarios(opts.scenario.as_deref()),
        opts,
    );
    // `agora load FILE` and `agora replay FILE` open the save at once.
    let opening = match (&opts.load, &opts.watch) {
        (Some(p), _) => Some((p.clone(), false)),
        (None, Some(p)) => Some((p.clone(), true)),
        (None, None) => None,
    };
    if let Some((path, watch)) = opening {
        carry_out(&mut app, vec![Action::Open { path, watch }]);
    }
    // What a crash or a kill left half-written in the saves folder is Agora's to remove.
    store::clean_stale(&opts.saves);
    let signals = terminal::Signals::catch()?;
    let mut term = terminal::Guard::enter()?;
    let ended = run_from(term.terminal(), &mut app, &mut signals.source());
    drop(term);
    if let Some(sig) = signals.caught() {
        match autosave_now(&app, &opts.saves) {
            Ok(Some(path)) => eprintln!(
                "agora: stopped by signal {sig}; the game was saved to {}",
                path.display()
            ),
            Ok(None) => {}
            Err(e) => eprintln!(
                "agora: stopped by signal {sig}; the game could NOT be saved ({e}); {}",
                match store::newest_autosave(&opts.saves) {
                    Some(p) => format!("the previous autosave, {}, is kept", p.display()),
                    None => "no earlier autosave exists".to_string(),
                }
            ),
        }
    }
    ended?;
    Ok(signals.caught())
}

/// Save a game in progress as an autosave (when a signal ends the game), unless the last
/// autosave already holds all of it. `Ok(None)` when there is nothing to save; an error says
/// why the save failed (the earlier autosaves are left as they were).
pub fn autosave_now(app: &App, folder: &Path) -> std::result::Result<Option<PathBuf>, String> {
    let Some(g) = app.game() else {
        return Ok(None);
    };
    let s = &g.session;
    if s.game().is_over() {
        return Ok(None);
    }
    if s.autosaved_at == Some(s.game().log().len()) {
        return Ok(store::newest_autosave(folder));
    }
    store::autosave(folder, s.capture(store::AUTOSAVE_NAME))
        .map(Some)
        .map_err(|e| format!("{}: {e}", folder.display()))
}
