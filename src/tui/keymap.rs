//! The keymap: every context's table of bindings, each written by the screen or window it
//! belongs to. Dispatch (`lookup`), the `?` overlay (`help`) and the footer (`hints`) are
//! generated from these tables, so they cannot drift from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::tui::components::{choice, confirm, crisis, help, notice, prompt};
use crate::tui::keys::{Act, Binding, Ctx, Key, ctrl, send};
use crate::tui::msg::{Msg, Tab};
use crate::tui::screens::game::{
    self, bonds, chronicle, market, meeting, members, overview, policy,
};
use crate::tui::screens::{epilogue, saves, setup, title, viewer};

/// Keys that work whatever is open.
#[rustfmt::skip]
const ALWAYS: &[Binding] = &[
    send(&[ctrl('c')], "Ctrl-C", Msg::ForceQuit, None, "quit at once"),
];

/// A context's bindings, in the order `lookup` tries them.
fn table(ctx: Ctx) -> &'static [Binding] {
    match ctx {
        Ctx::Confirm => confirm::KEYS,
        Ctx::Notice => notice::KEYS,
        Ctx::Prompt => prompt::KEYS,
        Ctx::Help => help::KEYS,
        Ctx::Choice => choice::KEYS,
        Ctx::Crisis => crisis::KEYS,
        Ctx::Saves => saves::KEYS,
        Ctx::Viewer => viewer::KEYS,
        Ctx::Epilogue => epilogue::KEYS,
        Ctx::Title => title::KEYS,
        Ctx::Setup => setup::KEYS,
        Ctx::Screen(Tab::Overview) => overview::KEYS,
        Ctx::Screen(Tab::Members) => members::KEYS,
        Ctx::Screen(Tab::Meeting) => meeting::KEYS,
        Ctx::Screen(Tab::Market) => market::KEYS,
        Ctx::Screen(Tab::Bonds) => bonds::KEYS,
        Ctx::Screen(Tab::Chronicle) => chronicle::KEYS,
        Ctx::Screen(Tab::Policy) => policy::KEYS,
        Ctx::Game => game::KEYS,
        Ctx::Always => ALWAYS,
    }
}

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
        for bind in table(*ctx) {
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
pub fn help(ctxs: &[Ctx]) -> Vec<(Ctx, &'static [Binding])> {
    ctxs.iter()
        .map(|&c| (c, table(c)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// Footer hints `(keys, what)` for the given contexts, in table order.
pub fn hints(ctxs: &[Ctx]) -> Vec<(&'static str, &'static str)> {
    ctxs.iter()
        .flat_map(|&c| table(c))
        .filter_map(|b| b.hint.map(|h| (short_label(b), h)))
        .collect()
}

/// The first key of a binding, for the footer (`↑ k` → `↑↓` where the pair is bound).
fn short_label(b: &Binding) -> &'static str {
    match b.label {
        "↑ k" => "↑↓",
        "→ l" => "←→",
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
    use crate::tui::keys::ch;

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
        for ctx in every_context() {
            let binds = table(ctx);
            for (i, a) in binds.iter().enumerate() {
                for bnd in &binds[i + 1..] {
                    for k in a.keys {
                        assert!(!bnd.keys.contains(k), "{k:?} twice in {ctx:?}");
                    }
                }
            }
        }
    }

    /// Ending a turn has one key, everywhere: Space never ends one, not even under a
    /// storylet's choice.
    #[test]
    fn only_n_ends_a_turn_in_every_context() {
        for ctx in every_context() {
            for b in table(ctx) {
                if b.act == Act::Send(Msg::EndTurn) {
                    assert_eq!(b.keys, &[ch('n')][..], "{ctx:?}: {}", b.label);
                }
            }
        }
    }

    fn every_context() -> Vec<Ctx> {
        let mut ctxs = vec![
            Ctx::Title,
            Ctx::Setup,
            Ctx::Game,
            Ctx::Help,
            Ctx::Confirm,
            Ctx::Choice,
            Ctx::Crisis,
            Ctx::Epilogue,
            Ctx::Saves,
            Ctx::Prompt,
            Ctx::Notice,
            Ctx::Viewer,
            Ctx::Always,
        ];
        ctxs.extend(Tab::ALL.map(Ctx::Screen));
        ctxs
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
