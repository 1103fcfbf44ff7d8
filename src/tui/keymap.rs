//! The one keymap table: every key of every screen, its message and its help text. The `?`
//! overlay and the footer hints are generated from it, so they cannot drift from what the
//! keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::tui::msg::{Msg, Tab};

/// Where a binding applies. The app asks for the contexts of its current state, most
/// specific first; the first binding that matches wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// The title menu.
    Title,
    /// Choosing a scenario and seed for a new game.
    Setup,
    /// Any screen of a game in progress.
    Game,
    /// One screen of the game.
    Screen(Tab),
    /// The help overlay.
    Help,
    /// A yes/no question.
    Confirm,
    /// A storylet waiting for the player's answer.
    Choice,
    /// The epilogue at the end of a game.
    Epilogue,
    /// The list of saves (Load, Watch a replay).
    Saves,
    /// A line to type (a save's name, a turn).
    Prompt,
    /// A notice; any of its keys closes it.
    Notice,
    /// The replay viewer.
    Viewer,
    /// Everywhere, whatever is open.
    Always,
}

impl Ctx {
    /// The heading this context's keys get in the help overlay.
    pub fn heading(self) -> &'static str {
        match self {
            Ctx::Title => "Title",
            Ctx::Setup => "New game",
            Ctx::Game => "Everywhere in the game",
            Ctx::Screen(t) => t.title(),
            Ctx::Help => "Help",
            Ctx::Confirm => "Question",
            Ctx::Choice => "A choice",
            Ctx::Epilogue => "Epilogue",
            Ctx::Saves => "Saves",
            Ctx::Prompt => "Typing",
            Ctx::Notice => "Notice",
            Ctx::Viewer => "Replay",
            Ctx::Always => "Always",
        }
    }
}

/// A key with the modifiers that matter (Shift is folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

/// What a binding produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Send(Msg),
    /// The digit typed, as `Msg::Digit`.
    Digit,
    /// The screen numbered by the digit typed.
    TabByNumber,
    /// Any character typed, as `Msg::Char` (the binding's keys are not looked at).
    Text,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub ctx: Ctx,
    pub keys: &'static [Key],
    /// How the keys are written in help and hints.
    pub label: &'static str,
    pub act: Act,
    pub help: &'static str,
    /// A short label for the footer; bindings without one appear only in help.
    pub hint: Option<&'static str>,
}

const UP: &[Key] = &[code(KeyCode::Up), ch('k')];
const DOWN: &[Key] = &[code(KeyCode::Down), ch('j')];
const LEFT: &[Key] = &[code(KeyCode::Left), ch('h')];
const RIGHT: &[Key] = &[code(KeyCode::Right), ch('l')];
const ENTER: &[Key] = &[code(KeyCode::Enter)];
const PGUP: &[Key] = &[code(KeyCode::PageUp)];
const PGDN: &[Key] = &[code(KeyCode::PageDown)];
const HOME: &[Key] = &[code(KeyCode::Home), ch('g')];
const END: &[Key] = &[code(KeyCode::End), ch('G')];
const DIGITS: &[Key] = &[
    ch('0'),
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];
const TAB_DIGITS: &[Key] = &[
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
];

const fn b(
    ctx: Ctx,
    keys: &'static [Key],
    label: &'static str,
    msg: Msg,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        ctx,
        keys,
        label,
        act: Act::Send(msg),
        help,
        hint,
    }
}

use Ctx::Screen as S;

/// Every binding, most specific contexts first within each group.
pub static BINDINGS: &[Binding] = &[
    // Questions and help take every key while open.
    b(
        Ctx::Confirm,
        &[ch('y'), code(KeyCode::Enter)],
        "y Enter",
        Msg::Yes,
        "yes",
        Some("yes"),
    ),
    b(
        Ctx::Confirm,
        &[ch('n'), code(KeyCode::Esc)],
        "n Esc",
        Msg::No,
        "no",
        Some("no"),
    ),
    b(
        Ctx::Confirm,
        &[ch('s')],
        "s",
        Msg::Save,
        "when quitting: save under a name, then quit",
        None,
    ),
    b(
        Ctx::Notice,
        &[code(KeyCode::Enter), code(KeyCode::Esc), ch(' '), ch('q')],
        "Enter Esc",
        Msg::Back,
        "close",
        Some("close"),
    ),
    // Typing a name or a number.
    b(
        Ctx::Prompt,
        ENTER,
        "Enter",
        Msg::Open,
        "done (nothing typed takes the suggestion)",
        Some("done"),
    ),
    b(
        Ctx::Prompt,
        &[code(KeyCode::Esc)],
        "Esc",
        Msg::Back,
        "cancel",
        Some("cancel"),
    ),
    b(
        Ctx::Prompt,
        &[code(KeyCode::Backspace)],
        "Backspace",
        Msg::Erase,
        "erase a character",
        None,
    ),
    Binding {
        ctx: Ctx::Prompt,
        keys: &[],
        label: "letters",
        act: Act::Text,
        help: "type",
        hint: None,
    },
    // The list of saves.
    b(
        Ctx::Saves,
        UP,
        "↑ k",
        Msg::Up,
        "previous save",
        Some("move"),
    ),
    b(Ctx::Saves, DOWN, "↓ j", Msg::Down, "next save", None),
    b(Ctx::Saves, PGUP, "PgUp", Msg::PageUp, "page up", None),
    b(Ctx::Saves, PGDN, "PgDn", Msg::PageDown, "page down", None),
    b(
        Ctx::Saves,
        ENTER,
        "Enter",
        Msg::Open,
        "open the save (a damaged one says what is wrong and is left as it is)",
        Some("open"),
    ),
    b(
        Ctx::Saves,
        &[code(KeyCode::Esc), ch('q')],
        "Esc q",
        Msg::Back,
        "back to the title",
        Some("back"),
    ),
    b(Ctx::Saves, &[ch('?')], "?", Msg::Help, "help", Some("help")),
    // The replay viewer (the game's screens work beneath it, read-only).
    b(
        Ctx::Viewer,
        &[ch(' '), ch('p')],
        "Space p",
        Msg::Play,
        "play or pause",
        Some("play"),
    ),
    b(
        Ctx::Viewer,
        RIGHT,
        "→ l",
        Msg::Right,
        "next turn",
        Some("step"),
    ),
    b(Ctx::Viewer, LEFT, "← h", Msg::Left, "previous turn", None),
    b(
        Ctx::Viewer,
        &[ch('+'), ch('=')],
        "+",
        Msg::Faster,
        "faster (1, 2, 4, 8 turns a second)",
        Some("speed"),
    ),
    b(Ctx::Viewer, &[ch('-')], "-", Msg::Slower, "slower", None),
    b(
        Ctx::Viewer,
        &[ch('g')],
        "g",
        Msg::GoTo,
        "jump to a turn: type its number, then Enter",
        Some("jump"),
    ),
    b(
        Ctx::Viewer,
        &[code(KeyCode::Home)],
        "Home",
        Msg::Top,
        "the start",
        None,
    ),
    b(
        Ctx::Viewer,
        &[code(KeyCode::End)],
        "End",
        Msg::Bottom,
        "the end",
        None,
    ),
    b(
        Ctx::Viewer,
        &[ch('t')],
        "t",
        Msg::TakeOver,
        "take over: play on from this turn as a new game (its saves name this one as parent)",
        Some("take over"),
    ),
    b(
        Ctx::Viewer,
        &[code(KeyCode::Esc)],
        "Esc",
        Msg::Back,
        "back to the title",
        Some("title"),
    ),
    b(
        Ctx::Help,
        &[code(KeyCode::Esc), ch('?'), ch('q'), code(KeyCode::Enter)],
        "Esc ? q",
        Msg::Back,
        "close help",
        Some("close"),
    ),
    b(Ctx::Help, UP, "↑ k", Msg::Up, "scroll up", None),
    b(Ctx::Help, DOWN, "↓ j", Msg::Down, "scroll down", None),
    // A storylet's choices.
    b(
        Ctx::Choice,
        UP,
        "↑ k",
        Msg::Up,
        "previous choice",
        Some("choose"),
    ),
    b(Ctx::Choice, DOWN, "↓ j", Msg::Down, "next choice", None),
    b(
        Ctx::Choice,
        ENTER,
        "Enter",
        Msg::Open,
        "answer with this choice (it applies when the turn ends)",
        Some("answer"),
    ),
    b(
        Ctx::Choice,
        &[code(KeyCode::Esc)],
        "Esc",
        Msg::Back,
        "decide later (c opens it again)",
        Some("later"),
    ),
    b(
        Ctx::Choice,
        &[ch('n'), code(KeyCode::Char(' '))],
        "n Space",
        Msg::EndTurn,
        "end the turn now: an unanswered storylet takes its first choice",
        Some("end turn"),
    ),
    b(Ctx::Choice, &[ch('?')], "?", Msg::Help, "help", None),
    b(Ctx::Choice, &[ch('q')], "q", Msg::Quit, "quit", None),
    // The epilogue.
    b(
        Ctx::Epilogue,
        RIGHT,
        "→ l",
        Msg::Right,
        "next part: the story, the people, the roads not taken",
        Some("part"),
    ),
    b(Ctx::Epilogue, LEFT, "← h", Msg::Left, "previous part", None),
    b(
        Ctx::Epilogue,
        &[code(KeyCode::Tab)],
        "Tab",
        Msg::NextTab,
        "next part",
        None,
    ),
    b(
        Ctx::Epilogue,
        &[code(KeyCode::BackTab)],
        "Shift-Tab",
        Msg::PrevTab,
        "previous part",
        None,
    ),
    b(
        Ctx::Epilogue,
        UP,
        "↑ k",
        Msg::Up,
        "previous member, or scroll up",
        Some("move"),
    ),
    b(
        Ctx::Epilogue,
        DOWN,
        "↓ j",
        Msg::Down,
        "next member, or scroll down",
        None,
    ),
    b(Ctx::Epilogue, PGUP, "PgUp", Msg::PageUp, "page up", None),
    b(
        Ctx::Epilogue,
        PGDN,
        "PgDn",
        Msg::PageDown,
        "page down",
        None,
    ),
    b(
        Ctx::Epilogue,
        &[code(KeyCode::Esc)],
        "Esc",
        Msg::Back,
        "back to the game's screens (e returns here)",
        Some("game"),
    ),
    b(
        Ctx::Epilogue,
        &[ch('?')],
        "?",
        Msg::Help,
        "help",
        Some("help"),
    ),
    b(
        Ctx::Epilogue,
        &[ch('q')],
        "q",
        Msg::Quit,
        "quit",
        Some("quit"),
    ),
    // Title.
    b(
        Ctx::Title,
        UP,
        "↑ k",
        Msg::Up,
        "previous item",
        Some("move"),
    ),
    b(Ctx::Title, DOWN, "↓ j", Msg::Down, "next item", None),
    b(
        Ctx::Title,
        ENTER,
        "Enter",
        Msg::Open,
        "choose",
        Some("choose"),
    ),
    b(Ctx::Title, &[ch('?')], "?", Msg::Help, "help", Some("help")),
    b(
        Ctx::Title,
        &[ch('q'), code(KeyCode::Esc)],
        "q Esc",
        Msg::Quit,
        "quit",
        Some("quit"),
    ),
    // New game.
    b(
        Ctx::Setup,
        UP,
        "↑ k",
        Msg::Up,
        "previous scenario",
        Some("scenario"),
    ),
    b(
        Ctx::Setup,
        DOWN,
        "↓ j",
        Msg::Down,
        "next scenario (or mod)",
        None,
    ),
    b(
        Ctx::Setup,
        &[code(KeyCode::Tab), code(KeyCode::BackTab)],
        "Tab",
        Msg::NextTab,
        "move between the scenarios and the mods",
        Some("mods"),
    ),
    b(
        Ctx::Setup,
        &[ch(' ')],
        "Space",
        Msg::Toggle,
        "tick or untick the mod under the cursor",
        None,
    ),
    Binding {
        ctx: Ctx::Setup,
        keys: DIGITS,
        label: "0–9",
        act: Act::Digit,
        help: "type a seed (the same seed replays the same game)",
        hint: Some("seed"),
    },
    b(
        Ctx::Setup,
        &[code(KeyCode::Backspace)],
        "Backspace",
        Msg::Erase,
        "erase a digit of the seed",
        None,
    ),
    b(
        Ctx::Setup,
        &[ch('r')],
        "r",
        Msg::ClearSeed,
        "random seed",
        None,
    ),
    b(
        Ctx::Setup,
        ENTER,
        "Enter",
        Msg::Open,
        "start the game",
        Some("start"),
    ),
    b(
        Ctx::Setup,
        &[code(KeyCode::Esc), ch('q')],
        "Esc q",
        Msg::Back,
        "back to the title",
        Some("back"),
    ),
    b(Ctx::Setup, &[ch('?')], "?", Msg::Help, "help", Some("help")),
    // Overview.
    b(
        S(Tab::Overview),
        UP,
        "↑ k",
        Msg::Up,
        "previous thing that needs attention",
        Some("select"),
    ),
    b(
        S(Tab::Overview),
        DOWN,
        "↓ j",
        Msg::Down,
        "next thing that needs attention",
        None,
    ),
    b(
        S(Tab::Overview),
        ENTER,
        "Enter",
        Msg::Open,
        "go to the screen that explains it",
        Some("go"),
    ),
    // Members.
    b(
        S(Tab::Members),
        UP,
        "↑ k",
        Msg::Up,
        "previous member",
        Some("member"),
    ),
    b(S(Tab::Members), DOWN, "↓ j", Msg::Down, "next member", None),
    b(
        S(Tab::Members),
        &[ch('o')],
        "o",
        Msg::Sort,
        "sort by the next column",
        Some("sort"),
    ),
    b(
        S(Tab::Members),
        &[ch('O')],
        "O",
        Msg::Reverse,
        "reverse the order",
        None,
    ),
    b(
        S(Tab::Members),
        HOME,
        "Home g",
        Msg::Top,
        "first member",
        None,
    ),
    b(
        S(Tab::Members),
        END,
        "End G",
        Msg::Bottom,
        "last member",
        None,
    ),
    // Meeting.
    b(
        S(Tab::Meeting),
        UP,
        "↑ k",
        Msg::Up,
        "previous agenda item",
        Some("item"),
    ),
    b(
        S(Tab::Meeting),
        DOWN,
        "↓ j",
        Msg::Down,
        "next agenda item",
        None,
    ),
    // Market.
    b(
        S(Tab::Market),
        UP,
        "↑ k",
        Msg::Up,
        "previous good",
        Some("good"),
    ),
    b(S(Tab::Market), DOWN, "↓ j", Msg::Down, "next good", None),
    // Bonds.
    b(
        S(Tab::Bonds),
        UP,
        "↑ k",
        Msg::Up,
        "previous member (their bonds light up)",
        Some("member"),
    ),
    b(S(Tab::Bonds), DOWN, "↓ j", Msg::Down, "next member", None),
    // Chronicle.
    b(
        S(Tab::Chronicle),
        UP,
        "↑ k",
        Msg::Up,
        "previous line",
        Some("move"),
    ),
    b(S(Tab::Chronicle), DOWN, "↓ j", Msg::Down, "next line", None),
    b(
        S(Tab::Chronicle),
        ENTER,
        "Enter",
        Msg::Open,
        "show or hide why",
        Some("why"),
    ),
    b(
        S(Tab::Chronicle),
        PGUP,
        "PgUp",
        Msg::PageUp,
        "page up",
        None,
    ),
    b(
        S(Tab::Chronicle),
        PGDN,
        "PgDn",
        Msg::PageDown,
        "page down",
        None,
    ),
    b(S(Tab::Chronicle), HOME, "Home g", Msg::Top, "newest", None),
    b(S(Tab::Chronicle), END, "End G", Msg::Bottom, "oldest", None),
    // Policy.
    b(
        S(Tab::Policy),
        UP,
        "↑ k",
        Msg::Up,
        "previous setting",
        Some("setting"),
    ),
    b(S(Tab::Policy), DOWN, "↓ j", Msg::Down, "next setting", None),
    b(
        S(Tab::Policy),
        RIGHT,
        "→ l",
        Msg::Right,
        "next value",
        Some("change"),
    ),
    b(
        S(Tab::Policy),
        LEFT,
        "← h",
        Msg::Left,
        "previous value",
        None,
    ),
    b(
        S(Tab::Policy),
        ENTER,
        "Enter",
        Msg::Open,
        "next value",
        None,
    ),
    b(
        S(Tab::Policy),
        &[ch('f')],
        "f",
        Msg::Fallback,
        "cycle a good's fallback (what it leaves unmet goes there)",
        Some("fallback"),
    ),
    // Every screen of a game.
    b(
        Ctx::Game,
        &[ch('n'), code(KeyCode::Char(' '))],
        "n Space",
        Msg::EndTurn,
        "end the turn: the community acts on your policy",
        Some("end turn"),
    ),
    Binding {
        ctx: Ctx::Game,
        keys: TAB_DIGITS,
        label: "1–7",
        act: Act::TabByNumber,
        help: "screens: Overview, Members, Meeting, Market, Bonds, Chronicle, Policy",
        hint: None,
    },
    b(
        Ctx::Game,
        &[code(KeyCode::Tab)],
        "Tab",
        Msg::NextTab,
        "next screen",
        Some("screen"),
    ),
    b(
        Ctx::Game,
        &[ch('R')],
        "R",
        Msg::Reload,
        "reload the scenario and mods from disk (on errors the old content stays)",
        None,
    ),
    b(
        Ctx::Game,
        &[code(KeyCode::BackTab)],
        "Shift-Tab",
        Msg::PrevTab,
        "previous screen",
        None,
    ),
    b(
        Ctx::Game,
        &[ch('c')],
        "c",
        Msg::Choices,
        "answer the storylets waiting for you",
        None,
    ),
    b(
        Ctx::Game,
        &[ch('e')],
        "e",
        Msg::Epilogue,
        "the epilogue and the roads not taken (when the game is over)",
        None,
    ),
    b(
        Ctx::Game,
        &[ch('s')],
        "s",
        Msg::Save,
        "save the game under a name (it also autosaves after every turn)",
        Some("save"),
    ),
    b(
        Ctx::Game,
        &[ch('?')],
        "?",
        Msg::Help,
        "help for this screen",
        Some("help"),
    ),
    b(Ctx::Game, &[ch('q')], "q", Msg::Quit, "quit", Some("quit")),
    b(
        Ctx::Always,
        &[ctrl('c')],
        "Ctrl-C",
        Msg::ForceQuit,
        "quit at once",
        None,
    ),
];

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    key.ctrl == ctrl && key.code == ev.code
}

/// The message a key press produces in the given contexts (most specific first).
pub fn lookup(ctxs: &[Ctx], ev: &KeyEvent) -> Option<Msg> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    for ctx in ctxs {
        for bind in BINDINGS.iter().filter(|bind| bind.ctx == *ctx) {
            if bind.act == Act::Text {
                match ev.code {
                    KeyCode::Char(c) if !ev.modifiers.contains(KeyModifiers::CONTROL) => {
                        return Some(Msg::Char(c));
                    }
                    _ => continue,
                }
            }
            if bind.keys.iter().any(|k| matches(k, ev)) {
                return Some(match bind.act {
                    Act::Send(m) => m,
                    Act::Text => continue,
                    Act::Digit | Act::TabByNumber => {
                        let KeyCode::Char(c) = ev.code else {
                            continue;
                        };
                        let d = c.to_digit(10)?;
                        match bind.act {
                            Act::Digit => Msg::Digit(d as u8),
                            _ => Msg::GoTab(Tab::from_number(d)?),
                        }
                    }
                });
            }
        }
    }
    None
}

/// The bindings of each context, for the help overlay.
pub fn help(ctxs: &[Ctx]) -> Vec<(Ctx, Vec<&'static Binding>)> {
    ctxs.iter()
        .map(|&c| (c, BINDINGS.iter().filter(|b| b.ctx == c).collect()))
        .filter(|(_, v): &(Ctx, Vec<_>)| !v.is_empty())
        .collect()
}

/// Footer hints `(keys, what)` for the given contexts, in table order.
pub fn hints(ctxs: &[Ctx]) -> Vec<(&'static str, &'static str)> {
    ctxs.iter()
        .flat_map(|&c| BINDINGS.iter().filter(move |b| b.ctx == c))
        .filter_map(|b| b.hint.map(|h| (short_label(b), h)))
        .collect()
}

/// The first key of a binding, for the footer (`↑ k` → `↑↓` where the pair is bound).
fn short_label(b: &Binding) -> &'static str {
    match b.label {
        "↑ k" => "↑↓",
        "→ l" => "←→",
        "n Space" => "n",
        "y Enter" => "y",
        "n Esc" => "n",
        "Esc ? q" => "Esc",
        "Esc q" => "Esc",
        "q Esc" => "q",
        "Space p" => "Space",
        "Enter Esc" => "Enter",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn the_most_specific_context_wins() {
        let game = [Ctx::Screen(Tab::Policy), Ctx::Game, Ctx::Always];
        assert_eq!(lookup(&game, &key(KeyCode::Enter)), Some(Msg::Open));
        assert_eq!(lookup(&game, &key(KeyCode::Char('n'))), Some(Msg::EndTurn));
        let confirm = [Ctx::Confirm, Ctx::Always];
        assert_eq!(lookup(&confirm, &key(KeyCode::Char('n'))), Some(Msg::No));
        assert_eq!(lookup(&confirm, &key(KeyCode::Char('q'))), None);
    }

    #[test]
    fn digits_and_modifiers() {
        let game = [Ctx::Screen(Tab::Overview), Ctx::Game, Ctx::Always];
        assert_eq!(
            lookup(&game, &key(KeyCode::Char('5'))),
            Some(Msg::GoTab(Tab::Bonds))
        );
        assert_eq!(lookup(&game, &key(KeyCode::Char('8'))), None);
        let setup = [Ctx::Setup, Ctx::Always];
        assert_eq!(
            lookup(&setup, &key(KeyCode::Char('8'))),
            Some(Msg::Digit(8))
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&setup, &ctrl_c), Some(Msg::ForceQuit));
        let shift_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(lookup(&game, &shift_tab), Some(Msg::PrevTab));
        let big_o = KeyEvent::new(KeyCode::Char('O'), KeyModifiers::SHIFT);
        let members = [Ctx::Screen(Tab::Members), Ctx::Game];
        assert_eq!(lookup(&members, &big_o), Some(Msg::Reverse));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for bnd in &BINDINGS[i + 1..] {
                if a.ctx == bnd.ctx {
                    for k in a.keys {
                        assert!(!bnd.keys.contains(k), "{k:?} twice in {:?}", a.ctx);
                    }
                }
            }
        }
    }

    #[test]
    fn every_screen_has_help_and_hints() {
        for t in Tab::ALL {
            let ctxs = [Ctx::Screen(t), Ctx::Game, Ctx::Always];
            let h = hints(&ctxs);
            assert!(h.iter().any(|(_, what)| *what == "end turn"), "{t:?}");
            assert!(help(&ctxs).iter().any(|(c, _)| *c == Ctx::Game));
        }
    }
}
