//! The one integration-test binary (one link, one copy of the dependencies): a module per
//! concern, shared helpers and the CLI case builder in `common`.
mod audit;
mod batch;
mod catalog;
mod checklist_doc;
mod chinese_profile;
mod cli;
mod common;
mod convert;
mod forms;
mod fuzz;
mod hostile;
mod language;
mod matching;
mod office;
mod pdf;
mod pipeline;
mod records;
mod robustness;
mod snapshots;
mod standards;
mod tailoring;
mod typography;
