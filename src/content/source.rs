//! What content is read from: each file's text under the path its diagnostics name. The
//! lowest layer of `content`: parsing, validation and mods all locate problems in these.

/// One file's text and the path it is reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: String,
    pub text: String,
}

/// The sources of one scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    pub scenario: Source,
    pub goods: Source,
    pub members: Source,
    pub storylets: Source,
}
