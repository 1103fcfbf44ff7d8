//! The real terminal: raw mode, the alternate screen and mouse reporting, restored on exit,
//! on error (the guard's `Drop`), on panic (a hook that restores before the message) and on
//! SIGINT, SIGTERM and SIGHUP (`Signals` ends the event stream, so the game unwinds normally).

use std::io::{self, IsTerminal, Stdout};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// Owns the terminal while the game runs; dropping it restores the terminal.
pub struct Guard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl Guard {
    pub fn enter() -> io::Result<Guard> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut out = io::stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableMouseCapture) {
            restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(out)) {
            Ok(mut terminal) => {
                terminal.hide_cursor()?;
                terminal.clear()?;
                Ok(Guard { terminal })
            }
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    pub fn terminal(&mut self) -> &mut Terminal<CrosstermBackend<Stdout>> {
        &mut self.terminal
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Put the terminal back as the shell expects it. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
}

/// Restore the terminal before a panic's message is printed, so the message is readable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// SIGHUP's number, recorded when the terminal is found gone without one.
const HANGUP: usize = 1;

/// The signals that end the game politely: the loop stops, the game is autosaved and the
/// terminal restored, then the process exits with `128 + signal`.
pub struct Signals {
    caught: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Signals {
    #[cfg(unix)]
    pub fn catch() -> io::Result<Signals> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let caught = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal_hook::flag::register_usize(sig, std::sync::Arc::clone(&caught), sig as usize)?;
        }
        Ok(Signals { caught })
    }

    #[cfg(not(unix))]
    pub fn catch() -> io::Result<Signals> {
        Ok(Signals {
            caught: std::sync::Arc::default(),
        })
    }

    /// The signal caught so far, if any.
    pub fn caught(&self) -> Option<i32> {
        match self.caught.load(std::sync::atomic::Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }

    /// Terminal events until a signal arrives.
    pub fn source(&self) -> Events<'_> {
        Events { signals: self }
    }
}

/// Terminal events until a signal arrives. Waiting wakes five times a second to look at the
/// signal flag, which costs no measurable CPU; a signal ends the stream.
pub struct Events<'a> {
    signals: &'a Signals,
}

impl crate::tui::Source for Events<'_> {
    fn next_event(
        &mut self,
        tick: Option<std::time::Duration>,
    ) -> Option<io::Result<Option<Event>>> {
        use std::time::{Duration, Instant};
        const WAIT: Duration = Duration::from_millis(200);
        let deadline = tick.map(|t| Instant::now() + t);
        // A terminal that has gone away (its window closed without a SIGHUP reaching us)
        // makes every wait return at once: many quick empty waits in a row end the game as
        // a hangup would, instead of spinning.
        let mut quick = 0;
        loop {
            if self.signals.caught().is_some() || quick > 100 {
                return None;
            }
            let wait = match deadline {
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Some(Ok(None));
                    }
                    left.min(WAIT)
                }
                None => WAIT,
            };
            let started = Instant::now();
            match event::poll(wait) {
                Ok(true) => return Some(event::read().map(Some)),
                // A terminal closed without a SIGHUP reaching us (its emulator killed) is
                // no longer a terminal: end the game as a hangup would.
                Ok(false) if !io::stdin().is_terminal() => {
                    self.signals
                        .caught
                        .store(HANGUP, std::sync::atomic::Ordering::SeqCst);
                    return None;
                }
                // An interrupted wait is how a signal often shows itself: look again.
                Ok(false) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Some(Err(e)),
            }
            if started.elapsed() < wait / 4 {
                quick += 1;
            } else {
                quick = 0;
            }
        }
    }
}
