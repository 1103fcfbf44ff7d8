//! The terminal game, in The Elm Architecture: a model (`app::App`), messages (`msg`),
//! `App::update` returning actions for the shell, one view module per screen (`view`), one
//! keymap table (`keymap`) and one theme (`theme`). It talks to the engine only through
//! commands and read-only state.
//!
//! The loop (`run`) is generic over the ratatui backend so tests drive it on `TestBackend`;
//! it blocks on the next event, so an idle game uses no CPU.

pub mod app;
pub mod attention;
pub mod chronicle;
pub mod keymap;
pub mod msg;
pub mod policy;
pub mod records;
pub mod session;
pub mod terminal;
pub mod theme;
pub mod view;

use std::collections::VecDeque;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;

pub use app::{App, Options};

use crate::content::mods::reload::ContentSpec;
use crate::engine::{Command, CommandError};
use crate::tui::app::Screen;
use crate::tui::msg::{Action, Msg, Outcome};

/// Run the game until the player quits: draw, wait for an event, update, draw again.
pub fn run<B, E>(terminal: &mut Terminal<B>, app: &mut App, events: E) -> Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    E: IntoIterator<Item = std::io::Result<Event>>,
{
    draw(terminal, app)?;
    for ev in events {
        let Some(msg) = app.translate(&ev?) else {
            continue;
        };
        dispatch(app, msg);
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
    let mut queue: VecDeque<Action> = app.update(msg).into();
    let mut done = Vec::new();
    while let Some(action) = queue.pop_front() {
        if let Some(outcome) = perform(app, action.clone()) {
            app.resolve(outcome);
        }
        done.push(action);
    }
    done
}

/// The shell's side of an action: apply a command to the game, or load a scenario.
fn perform(app: &mut App, action: Action) -> Option<Outcome> {
    match action {
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
        } => Some(Outcome::Started(
            session::start_with(
                &ContentSpec {
                    scenario,
                    mods,
                    dirs: app.mod_dirs.clone(),
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
    let mut app = App::new(theme::Theme::from_env(), app::catalog(), opts);
    let signals = terminal::Signals::catch()?;
    let mut term = terminal::Guard::enter()?;
    run(term.terminal(), &mut app, signals.events())?;
    drop(term);
    if let Some(sig) = signals.caught()
        && let Some(path) = autosave_now(&app, &opts.saves)
    {
        eprintln!(
            "agora: stopped by signal {sig}; the game was saved to {}",
            path.display()
        );
    }
    Ok(signals.caught())
}

/// Save a game in progress as an autosave (when a signal ends the game). Nothing to save,
/// or a save that fails, gives `None`: the signal still ends the game.
pub fn autosave_now(app: &App, folder: &std::path::Path) -> Option<std::path::PathBuf> {
    let g = app.game()?;
    let game = g.session.game();
    if game.is_over() {
        return None;
    }
    let meta = crate::save::Meta {
        name: "autosave".into(),
        source: g
            .session
            .content()
            .map(|c| c.scenario.clone())
            .unwrap_or_else(|| game.world().scenario.meta.id.clone()),
        mods: Vec::new(),
        parent: None,
    };
    let save = crate::save::Save::capture(game, &meta, &[]);
    crate::save::store::autosave(folder, &save).ok()
}
