//! The Policy screen's settings: each row reads its value from the state and turns a change
//! into an engine `Command`. Explanations and costs are drawn from the scenario's parameters.

use crate::engine::command::{MAX_DEMURRAGE, MAX_MARKET_DAYS};
use crate::engine::policy::{AidMode, DecisionRule, Facilitation, Policy};
use crate::engine::state::State;
use crate::engine::{Command, GoodId, Regime, World};

/// One setting the player can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A good's regime and fallback.
    Regime(GoodId),
    DecisionRule,
    ProgressiveStack,
    TimedRounds,
    SecretBallot,
    LeftoverRationing,
    MarketDays,
    Demurrage,
    Dividend,
    ContributionCredits,
    Hiring,
    AidMode,
    CommunityStore,
}

/// Which group a row belongs to, for headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Goods,
    Meetings,
    Market,
    Community,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Goods => "Goods",
            Group::Meetings => "Meetings",
            Group::Market => "Market and scrip",
            Group::Community => "Aid and community",
        }
    }
}

/// Demurrage moves in steps of this many per-mille.
const DEMURRAGE_STEP: u32 = 10;

/// Every row, goods first.
pub fn rows(world: &World) -> Vec<Row> {
    let mut v: Vec<Row> = (0..world.goods.len()).map(Row::Regime).collect();
    v.extend([
        Row::DecisionRule,
        Row::ProgressiveStack,
        Row::TimedRounds,
        Row::SecretBallot,
        Row::LeftoverRationing,
        Row::MarketDays,
        Row::Demurrage,
        Row::Dividend,
        Row::ContributionCredits,
        Row::Hiring,
        Row::AidMode,
        Row::CommunityStore,
    ]);
    v
}

impl Row {
    pub fn group(self) -> Group {
        match self {
            Row::Regime(_) => Group::Goods,
            Row::DecisionRule
            | Row::ProgressiveStack
            | Row::TimedRounds
            | Row::SecretBallot
            | Row::LeftoverRationing => Group::Meetings,
            Row::MarketDays
            | Row::Demurrage
            | Row::Dividend
            | Row::ContributionCredits
            | Row::Hiring => Group::Market,
            Row::AidMode | Row::CommunityStore => Group::Community,
        }
    }

    pub fn label(self, world: &World) -> String {
        match self {
            Row::Regime(g) => world.good_name(g).to_string(),
            Row::DecisionRule => "decision rule".into(),
            Row::ProgressiveStack => "progressive stack".into(),
            Row::TimedRounds => "timed rounds".into(),
            Row::SecretBallot => "secret ballot".into(),
            Row::LeftoverRationing => "ration refused food".into(),
            Row::MarketDays => "market days".into(),
            Row::Demurrage => "demurrage".into(),
            Row::Dividend => "dividend".into(),
            Row::ContributionCredits => "contrib. credits".into(),
            Row::Hiring => "paid work".into(),
            Row::AidMode => "aid accounts".into(),
            Row::CommunityStore => "community store".into(),
        }
    }

    /// The value as words.
    pub fn value(self, state: &State) -> String {
        value_in(self, state, &state.policy)
    }

    /// The value when the turn began, if the player has changed it since.
    pub fn was(
        self,
        state: &State,
        before: &Policy,
        regime_was: Option<(Regime, Option<Regime>)>,
    ) -> Option<String> {
        match self {
            Row::Regime(_) => regime_was.map(|(r, f)| regime_words(r, f)),
            _ => {
                let old = value_in(self, state, before);
                (old != self.value(state)).then_some(old)
            }
        }
    }

    /// The command that moves this setting one step (`dir` = +1 or −1).
    pub fn step(self, world: &World, state: &State, dir: i32) -> Option<Command> {
        let p = &state.policy;
        let toggle_fac = |f: fn(&mut Facilitation)| {
            let mut fac = p.facilitation;
            f(&mut fac);
            Command::SetFacilitation(fac)
        };
        Some(match self {
            Row::Regime(g) => {
                let gs = &state.goods[g];
                let regime = cycle(&Regime::ALL, gs.regime, dir);
                Command::SetRegime {
                    good: world.scenario.goods[g].id.clone(),
                    regime,
                    fallback: gs.fallback.filter(|f| *f != regime),
                }
            }
            Row::DecisionRule => {
                Command::SetDecisionRule(cycle(&DecisionRule::ALL, p.decision_rule, dir))
            }
            Row::ProgressiveStack => toggle_fac(|f| f.progressive_stack = !f.progressive_stack),
            Row::TimedRounds => toggle_fac(|f| f.timed_rounds = !f.timed_rounds),
            Row::SecretBallot => toggle_fac(|f| f.secret_ballot = !f.secret_ballot),
            Row::LeftoverRationing => Command::SetLeftoverRationing(!p.leftover_rationing),
            Row::MarketDays => {
                let d = step_u32(p.market_days, 1, MAX_MARKET_DAYS, dir)?;
                Command::SetMarketDays(d)
            }
            Row::Demurrage => {
                let d = step_u32(p.demurrage_permille, DEMURRAGE_STEP, MAX_DEMURRAGE, dir)?;
                Command::SetDemurrage(d)
            }
            Row::Dividend => Command::SetDividend(!p.dividend),
            Row::ContributionCredits => Command::SetContributionCredits(!p.contribution_credits),
            Row::Hiring => Command::SetHiring(!p.hiring),
            Row::AidMode => Command::SetAidMode(match p.aid_mode {
                AidMode::NeedBased => AidMode::AccountKeeping,
                AidMode::AccountKeeping => AidMode::NeedBased,
            }),
            Row::CommunityStore => Command::SetCommunityStore(!p.community_store),
        })
    }

    /// The command that moves a good's fallback to the next choice (none → the other regimes).
    pub fn next_fallback(self, world: &World, state: &State) -> Option<Command> {
        let Row::Regime(g) = self else {
            return None;
        };
        let gs = &state.goods[g];
        let choices: Vec<Option<Regime>> = std::iter::once(None)
            .chain(
                Regime::ALL
                    .into_iter()
                    .filter(|r| *r != gs.regime)
                    .map(Some),
            )
            .collect();
        let at = choices.iter().position(|c| *c == gs.fallback).unwrap_or(0);
        Some(Command::SetRegime {
            good: world.scenario.goods[g].id.clone(),
            regime: gs.regime,
            fallback: choices[(at + 1) % choices.len()],
        })
    }
}

fn value_in(row: Row, state: &State, p: &Policy) -> String {
    let on = |b: bool| if b { "on" } else { "off" }.to_string();
    match row {
        Row::Regime(g) => regime_words(state.goods[g].regime, state.goods[g].fallback),
        Row::DecisionRule => p.decision_rule.name().into(),
        Row::ProgressiveStack => on(p.facilitation.progressive_stack),
        Row::TimedRounds => on(p.facilitation.timed_rounds),
        Row::SecretBallot => on(p.facilitation.secret_ballot),
        Row::LeftoverRationing => on(p.leftover_rationing),
        Row::MarketDays => match p.market_days {
            0 => "closed".into(),
            1 => "1 a turn".into(),
            d => format!("{d} a turn"),
        },
        Row::Demurrage => format!("{}‰ a turn", p.demurrage_permille),
        Row::Dividend => on(p.dividend),
        Row::ContributionCredits => on(p.contribution_credits),
        Row::Hiring => on(p.hiring),
        Row::AidMode => match p.aid_mode {
            AidMode::NeedBased => "gifts (no debt)".into(),
            AidMode::AccountKeeping => "debts kept".into(),
        },
        Row::CommunityStore => on(p.community_store),
    }
}

/// The commands that decided each setting: the last one per setting, in the order they
/// were given (changing a good's regime three times before a turn ends is one change).
pub fn latest(cmds: &[Command]) -> Vec<&Command> {
    let same = |a: &Command, b: &Command| match (a, b) {
        (Command::SetRegime { good: x, .. }, Command::SetRegime { good: y, .. }) => x == y,
        (Command::Choose { storylet: x, .. }, Command::Choose { storylet: y, .. }) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    };
    cmds.iter()
        .enumerate()
        .filter(|(i, c)| !cmds[i + 1..].iter().any(|later| same(c, later)))
        .map(|(_, c)| c)
        .collect()
}

/// A player's command in words: "cloth under Exchange → Aid", "market days: 2 a turn".
pub fn describe(world: &World, cmd: &Command) -> String {
    let on = |b: bool| if b { "on" } else { "off" };
    match cmd {
        Command::EndTurn => "end of the turn".into(),
        Command::SetRegime {
            good,
            regime,
            fallback,
        } => {
            let name = world
                .good(good)
                .map_or(good.as_str(), |g| world.good_name(g));
            format!("{name} under {}", regime_words(*regime, *fallback))
        }
        Command::SetDecisionRule(r) => format!("decision rule: {}", r.name()),
        Command::SetFacilitation(f) => {
            let mut on_rules = Vec::new();
            if f.progressive_stack {
                on_rules.push("progressive stack");
            }
            if f.timed_rounds {
                on_rules.push("timed rounds");
            }
            if f.secret_ballot {
                on_rules.push("secret ballot");
            }
            if on_rules.is_empty() {
                "meetings without facilitation".into()
            } else {
                format!("meetings with {}", on_rules.join(", "))
            }
        }
        Command::SetLeftoverRationing(b) => format!("rationing refused food: {}", on(*b)),
        Command::SetMarketDays(d) => format!("market days: {d} a turn"),
        Command::SetDemurrage(d) => format!("demurrage: {d}‰ a turn"),
        Command::SetDividend(b) => format!("dividend: {}", on(*b)),
        Command::SetContributionCredits(b) => format!("contribution credits: {}", on(*b)),
        Command::SetHiring(b) => format!("paid work: {}", on(*b)),
        Command::SetAidMode(AidMode::NeedBased) => "aid as gifts, no debt kept".into(),
        Command::SetAidMode(AidMode::AccountKeeping) => "aid with debts kept".into(),
        Command::SetCommunityStore(b) => format!("community store: {}", on(*b)),
        Command::SetRunBy { workplace, by } => {
            let name = world
                .scenario
                .meta
                .workplaces
                .iter()
                .find(|w| w.id == *workplace)
                .map_or(workplace.as_str(), |w| w.name.as_str());
            format!("{name}: run by {}", by.name())
        }
        Command::Choose { storylet, choice } => {
            let def = world.scenario.storylets.iter().find(|s| s.id == *storylet);
            let title = def.map_or(storylet.as_str(), |s| s.title.as_str());
            match def.and_then(|s| s.choices.get(*choice as usize)) {
                Some(c) => format!("your answer to “{title}”: “{}”", c.label),
                None => format!("your answer to “{title}”: choice {}", choice + 1),
            }
        }
        Command::Reload { content_hash } => format!("content reloaded ({content_hash:016x})"),
    }
}

/// "Commons" or "Exchange → Aid".
pub fn regime_words(r: Regime, fallback: Option<Regime>) -> String {
    match fallback {
        Some(f) => format!("{r} → {f}"),
        None => r.to_string(),
    }
}

fn cycle<T: Copy + PartialEq>(all: &[T], now: T, dir: i32) -> T {
    let n = all.len();
    let at = all.iter().position(|x| *x == now).unwrap_or(0);
    let next = if dir >= 0 {
        (at + 1) % n
    } else {
        (at + n - 1) % n
    };
    all[next]
}

fn step_u32(now: u32, step: u32, max: u32, dir: i32) -> Option<u32> {
    let next = if dir >= 0 {
        now.saturating_add(step).min(max)
    } else {
        now.saturating_sub(step)
    };
    (next != now).then_some(next)
}

/// What a setting does and what it costs, in a few sentences from the scenario's parameters.
pub fn explain(row: Row, world: &World, state: &State) -> Vec<String> {
    let par = &state.params;
    let p = &state.policy;
    let item_cost = par.meeting.item_cost_permille as f64 / 10.0;
    let fp = &par.meeting.facilitation;
    match row {
        Row::Regime(g) => {
            let def = &world.scenario.goods[g];
            let now = state.goods[g].regime;
            let mark = |r: Regime| if r == now { "(now) " } else { "" };
            vec![
                def.description.clone(),
                format!(
                    "{}Commons: a meeting shares out the pool of all that is made. Costs \
                     meeting time, {item_cost}% of working time per item.",
                    mark(Regime::Commons)
                ),
                format!(
                    "{}Exchange: holders sell for scrip. Costs market time ({} day(s) a turn); \
                     those without scrip go without.",
                    mark(Regime::Exchange),
                    p.market_days
                ),
                format!(
                    "{}Aid: the short ask bonded friends, up to {} hop(s) away, who give what \
                     they can spare. Costs no time; the friendless go without.",
                    mark(Regime::Aid),
                    par.aid.reach
                ),
                "Fallback (f): a second regime takes what the first leaves unmet, e.g. \
                 Exchange → Aid: buy what you can, friends cover the rest."
                    .into(),
            ]
        }
        Row::DecisionRule => vec![
            "How a meeting decides a request.".into(),
            format!(
                "Majority: support above {:.0}% passes. Consensus: passes unless someone blocks \
                 (lower-status members stand aside more often than they block). Unanimity: \
                 everyone must support it.",
                par.meeting.threshold * 100.0
            ),
            "Cost: none in time, but stricter rules refuse more requests; under unanimity and \
             with a large minority, status matters less for who gets the floor."
                .into(),
        ],
        Row::ProgressiveStack => vec![
            format!(
                "Lower-status members speak first, and status weighs less: in floor time \
                 β × {}, in deference κ × {}, in stubbornness × {}.",
                fp.stack_beta, fp.stack_kappa, fp.stack_lambda
            ),
            format!(
                "Cost: each item takes {}% longer (an item already takes {item_cost}% of every \
                 attendee's working time).",
                fp.cost_pct[0]
            ),
        ],
        Row::TimedRounds => vec![
            format!(
                "No speaker may hold more than {} times an equal share of the floor, so no one \
                 can hold the room.",
                fp.round_cap
            ),
            format!("Cost: each item takes {}% longer.", fp.cost_pct[1]),
        ],
        Row::SecretBallot => vec![
            "The final vote is secret: nobody votes with the room against their own view, and \
             deference to status in the vote is gone."
                .into(),
            format!(
                "Cost: each item takes {}% longer; members cannot see who supported them.",
                fp.cost_pct[2]
            ),
        ],
        Row::LeftoverRationing => vec![
            "A standing rule: survival requests a meeting refused are rationed from what is \
             left in the pool, so food does not rot while people go hungry."
                .into(),
            "Requests of other priorities (medicine, press time) stay refused.".into(),
        ],
        Row::MarketDays => vec![
            format!(
                "How often the market meets each turn (0 closes every market, at most \
                 {MAX_MARKET_DAYS}). Each day holds {} shouts; more shouts fill more need.",
                par.market.depth
            ),
            format!(
                "Cost: each market day takes {:.1}% of every trader's working time.",
                par.market.day_cost_permille as f64 / 10.0
            ),
        ],
        Row::Demurrage => vec![
            "A holding fee on scrip balances each turn, like Wörgl's stamp scrip: money that \
             sits still shrinks, so it circulates. It goes to the community's treasury."
                .into(),
            format!(
                "Cost: savers lose {}‰ a turn. With the dividend on, the treasury is shared \
                 equally.",
                p.demurrage_permille
            ),
        ],
        Row::Dividend => vec![
            "Shares the treasury (what demurrage collects) equally among members before the \
             markets open, so those who cannot earn still have scrip to buy with."
                .into(),
            "Cost: nothing to share unless demurrage is above 0‰.".into(),
        ],
        Row::ContributionCredits => vec![
            "Pays members whose output goes into a Commons pool, at the last market price, so \
             farmers feeding the pool can still buy what is traded."
                .into(),
            "The treasury (what demurrage collected) pays first; what it cannot pay is newly \
             issued scrip, so the money supply grows with what goes into the pools."
                .into(),
            format!(
                "Cost: no one pays directly, but issued scrip ({} so far) dilutes everyone's \
                 balance at market.",
                state.market.issued
            ),
        ],
        Row::Hiring => {
            let (d, alpha) = (par.labour.days.max(1) as f64, par.labour.labour_share);
            // What the first hired day adds to a line its owner works full time, in per cent
            // of a day of the owner's own work.
            let first = d * (libm::pow(1.0 + 1.0 / d, alpha) - 1.0) * 100.0;
            vec![
                format!(
                    "Members may sell up to {} days of work a turn to producers of traded goods, \
                     at a labour market held before work begins. A day is asked for at what it \
                     would have made at the member's own work (little, if what they make does \
                     not sell) and bought for what it adds on the employer's line: the first \
                     about {first:.0}% of a day of the employer's own work, each further one \
                     less.",
                    par.labour.days
                ),
                "Wages pass from employer to worker, so someone who can work can earn without \
                 goods to sell; someone who cannot work earns nothing."
                    .into(),
                "Cost: each day sold is that share of the worker's own output, and a market \
                 day's time for those who come."
                    .into(),
            ]
        }
        Row::AidMode => vec![
            "Gifts (no debt): a member asks only when short, only for the shortfall, and \
             nothing is owed (the Maasai osotua rule)."
                .into(),
            "Debts kept (esile): every gift becomes a debt, and debtors repay whatever they \
             hold above their own needs, oldest debts first, whether or not the lender is in \
             need."
                .into(),
        ],
        Row::CommunityStore => vec![
            "For goods under Aid: each turn every member gets shares in proportion to what \
             they are short, and spends them at the store on what they need most; where a good is scarce its price \
             in shares rises, which shows what is scarce."
                .into(),
            "Its shelf is the good's common pool, stocked partly by what members hold above \
             their needs after gifts."
                .into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Game;
    use crate::lab::sim::SimSpec;

    #[test]
    fn steps_become_commands_the_engine_accepts() {
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        let mut game = Game::new(world.clone(), 1);
        for row in rows(&world) {
            for dir in [1, -1] {
                if let Some(cmd) = row.step(&world, game.state(), dir) {
                    game.apply(cmd).expect("accepted");
                }
            }
            if let Some(cmd) = row.next_fallback(&world, game.state()) {
                game.apply(cmd).expect("accepted");
            }
        }
        // Stepping a regime keeps the fallback, unless it would equal the regime.
        let mut game = Game::new(world.clone(), 1);
        let grain = world.good("grain").unwrap();
        game.apply(Command::SetRegime {
            good: "grain".into(),
            regime: Regime::Commons,
            fallback: Some(Regime::Aid),
        })
        .unwrap();
        let cmd = Row::Regime(grain).step(&world, game.state(), 1).unwrap();
        assert_eq!(
            cmd,
            Command::SetRegime {
                good: "grain".into(),
                regime: Regime::Exchange,
                fallback: Some(Regime::Aid)
            }
        );
        game.apply(cmd).unwrap();
        let cmd = Row::Regime(grain).step(&world, game.state(), 1).unwrap();
        assert_eq!(
            cmd,
            Command::SetRegime {
                good: "grain".into(),
                regime: Regime::Aid,
                fallback: None
            }
        );
        // Market days stop at zero rather than wrapping.
        let mut g = Game::new(world.clone(), 1);
        g.apply(Command::SetMarketDays(0)).unwrap();
        assert_eq!(Row::MarketDays.step(&world, g.state(), -1), None);
    }

    #[test]
    fn latest_keeps_the_last_command_per_setting() {
        let regime = |good: &str, regime| Command::SetRegime {
            good: good.into(),
            regime,
            fallback: None,
        };
        let cmds = vec![
            regime("cloth", Regime::Aid),
            Command::SetDividend(true),
            regime("grain", Regime::Aid),
            regime("cloth", Regime::Commons),
            Command::SetDividend(false),
        ];
        assert_eq!(latest(&cmds), vec![&cmds[2], &cmds[3], &cmds[4]]);
    }

    #[test]
    fn fallback_cycles_through_the_other_regimes_and_back() {
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        let mut game = Game::new(world.clone(), 1);
        let g = world.good("grain").unwrap();
        let mut seen = Vec::new();
        for _ in 0..3 {
            let cmd = Row::Regime(g).next_fallback(&world, game.state()).unwrap();
            game.apply(cmd).unwrap();
            seen.push(game.state().goods[g].fallback);
        }
        assert_eq!(seen, vec![Some(Regime::Exchange), Some(Regime::Aid), None]);
    }
}
