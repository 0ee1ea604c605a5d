//! The one integration-test binary (one link, one copy of the dependencies): a module per
//! concern, shared helpers and the CLI case builder in `common`.
mod catalog;
mod cli;
mod common;
mod matching;
mod pdf;
mod robustness;
mod snapshots;
mod tailoring;
