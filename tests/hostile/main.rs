//! Hostile inputs and file safety, round two (issue 23): one regression test per defect, each
//! of which failed before its fix — saves and files (`saves`), the command line as a user
//! runs it (`cli`), and a long turn in the terminal game (`wait`). One test binary, so CI
//! links the crate once for all of them.

mod cli;
mod saves;
mod wait;
