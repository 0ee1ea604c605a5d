//! The one integration-test binary (one link, one copy of the dependencies): a module per
//! concern, shared helpers and the CLI case builder in `common`.
mod catalog;
mod cli;
mod common;
mod convert;
mod fuzz;
mod hostile;
mod matching;
mod office;
mod pdf;
mod pipeline;
mod robustness;
mod snapshots;
mod standards;
mod tailoring;
