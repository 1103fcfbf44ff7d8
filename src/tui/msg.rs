//! Messages (what the player meant) and actions (what `update` asks the shell to do).

use crate::engine::{Command, CommandError, TurnReport};
use crate::tui::replay::Replay;
use crate::tui::session::Session;

/// The game's screens, in tab order; number keys 1–7 pick them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Overview,
    Members,
    Meeting,
    Market,
    Bonds,
    Chronicle,
    Policy,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Overview,
        Tab::Members,
        Tab::Meeting,
        Tab::Market,
        Tab::Bonds,
        Tab::Chronicle,
        Tab::Policy,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Members => "Members",
            Tab::Meeting => "Meeting",
            Tab::Market => "Market",
            Tab::Bonds => "Bonds",
            Tab::Chronicle => "Chronicle",
            Tab::Policy => "Policy",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The tab a number key (1-based) opens.
    pub fn from_number(n: u32) -> Option<Tab> {
        Tab::ALL.get((n as usize).checked_sub(1)?).copied()
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }

    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}

/// What the player meant, or what the terminal reported. Keys become messages through the
/// keymap table; mouse and resize events become messages directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextTab,
    PrevTab,
    GoTab(Tab),
    /// Enter: open, toggle or start.
    Open,
    /// Esc: close or go back.
    Back,
    Help,
    EndTurn,
    /// End months one after another until something needs the player (`advance`).
    Advance,
    /// Show or hide the guide to the first months.
    Guide,
    /// Open the storylets waiting for an answer.
    Choices,
    /// Open the epilogue (once the game is over).
    Epilogue,
    Save,
    /// Quit, asking first if a game would be lost.
    Quit,
    /// Ctrl-C: quit now.
    ForceQuit,
    Yes,
    No,
    /// Policy: cycle the selected good's fallback.
    Fallback,
    /// Members: sort by the next column; reverse the order.
    Sort,
    Reverse,
    /// New game: tick or untick the mod under the cursor.
    Toggle,
    /// New game: the next difficulty.
    Difficulty,
    /// Title: type a digit of the seed, erase one, clear it.
    Digit(u8),
    Erase,
    ClearSeed,
    /// Select the n-th row of the current list (a mouse click).
    Select(usize),
    Click {
        x: u16,
        y: u16,
    },
    ScrollUp,
    ScrollDown,
    Resize {
        w: u16,
        h: u16,
    },
    /// Reload the game's content (scenario and mods) from disk.
    Reload,
    /// A character typed into a prompt (a save's name, a turn to jump to).
    Char(char),
    /// Time passing while a replay plays (sent only then).
    Tick,
    /// Replay: play or pause; faster; slower; jump to a turn; take over from this turn.
    Play,
    Faster,
    Slower,
    GoTo,
    TakeOver,
}

/// What `update` asks the imperative shell to do; its result comes back as an `Outcome`.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Apply a command to the game.
    Engine(Command),
    /// Load a scenario and start a game (the seed is drawn from the clock when absent).
    NewGame {
        scenario: String,
        seed: Option<u64>,
        mods: Vec<String>,
        difficulty: crate::engine::world::difficulty::Difficulty,
    },
    /// Reload the game's content from disk and switch to it (a logged command).
    Reload,
    /// Write the game as the next autosave (after every turn).
    Autosave,
    /// Write the game as a named save in the saves folder; then quit, with `quit`. Over
    /// another game's save only with `overwrite` (else the shell asks first).
    Save {
        name: String,
        quit: bool,
        overwrite: bool,
    },
    /// Read the saves folder again, for the title's lists.
    ListSaves,
    /// Keep the player's preferences (`prefs`) in the saves folder.
    SavePrefs,
    /// Read a save and continue it, or (`watch`) open it in the replay viewer.
    Open {
        path: std::path::PathBuf,
        watch: bool,
    },
}

/// What came of an `Action`, fed back to `update`.
#[derive(Debug)]
pub enum Outcome {
    Applied {
        command: Command,
        result: Result<Option<Box<TurnReport>>, CommandError>,
    },
    Started(Result<Box<Session>, String>),
    /// A save written (or not): the log length it holds, and where it went.
    Saved {
        autosave: bool,
        quit: bool,
        at: usize,
        result: Result<std::path::PathBuf, String>,
    },
    /// A named save was not written: a save by that name exists (another game's, or one
    /// this game was not saved as), so the player is asked first.
    Exists {
        name: String,
        quit: bool,
    },
    Listed(Vec<crate::save::store::Listed>),
    /// The preferences kept, or why not.
    PrefsSaved(Result<(), String>),
    Opened(Result<Box<Opened>, String>),
}

/// A save read from disk, ready for its screen.
#[derive(Debug)]
pub enum Opened {
    Game {
        session: Box<Session>,
        file: String,
        /// Set when the shipped content changed since the save was made.
        note: Option<String>,
    },
    /// Replayed in full, for the viewer.
    Viewer {
        replay: Box<Replay>,
        note: Option<String>,
    },
}
