//! The `riskctl` command line: a thin clap layer over the library, one module per subcommand.
mod cli;

/// mimalloc rather than glibc's malloc: see its entry in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
