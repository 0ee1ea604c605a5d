//! Files compiled into the binary by `build.rs`: the national catalog and the default templates,
//! as `(path relative to their folder, contents)`.
include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
