//! What a new game can be played with: every scenario (loaded for its description) and every
//! mod whose manifest reads.

use std::path::{Path, PathBuf};

use crate::content;

/// A scenario as the title screen offers it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioChoice {
    pub id: String,
    pub name: String,
    pub description: String,
    pub question: String,
    pub turns: u32,
    pub turn_unit: String,
    pub members: usize,
    pub goods: usize,
    /// Why it does not load, if it does not.
    pub problem: Option<String>,
}

/// Every scenario available, loaded for its description (embedded ones and `assets/`), and
/// `extra` (a scenario folder named on the command line) when it is not among them.
pub fn scenarios(extra: Option<&str>) -> Vec<ScenarioChoice> {
    let ids = content::catalog_ids();
    let extra = extra.filter(|x| !ids.iter().any(|i| i == x));
    let mut out: Vec<ScenarioChoice> = ids.into_iter().map(choice).collect();
    if let Some(x) = extra {
        let mut c = choice(x.to_string());
        // It may share a name with a shipped scenario: name its folder too.
        if c.problem.is_none() {
            let folder = Path::new(x)
                .file_name()
                .map_or(x.to_string(), |f| f.to_string_lossy().into_owned());
            c.name = format!("{} ({folder}/)", c.name);
        }
        out.push(c);
    }
    out
}

/// One scenario as the new-game screen offers it.
fn choice(id: String) -> ScenarioChoice {
    match content::open(&id) {
        Ok((loaded, _)) => {
            let s = loaded.scenario;
            ScenarioChoice {
                id,
                name: s.meta.name,
                description: s.meta.description,
                question: s.meta.question,
                turns: s.meta.turns,
                turn_unit: s.meta.turn_unit,
                members: s.members.iter().filter(|m| m.present).count(),
                goods: s.goods.len(),
                problem: None,
            }
        }
        Err(diags) => ScenarioChoice {
            name: id.clone(),
            id,
            description: String::new(),
            question: String::new(),
            turns: 0,
            turn_unit: String::new(),
            members: 0,
            goods: 0,
            problem: Some(format!(
                "does not load ({} error(s)); run `agora check` to see them",
                diags.len()
            )),
        },
    }
}

/// A mod as the new-game screen offers it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModChoice {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
    /// The scenarios it is for; empty means any.
    pub scenarios: Vec<String>,
}

impl ModChoice {
    pub fn fits(&self, scenario: &str) -> bool {
        self.scenarios.is_empty() || self.scenarios.iter().any(|s| s == scenario)
    }
}

/// Every mod whose manifest reads (embedded, `assets/mods` and `dirs`), by id.
pub fn mods(dirs: &[PathBuf]) -> Vec<ModChoice> {
    content::mods::available(dirs)
        .0
        .into_iter()
        .map(|a| ModChoice {
            id: a.manifest.id,
            name: a.manifest.name,
            version: a.manifest.version,
            description: a.manifest.description,
            scenarios: a.manifest.scenarios,
        })
        .collect()
}
