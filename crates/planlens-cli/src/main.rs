//! The `planlens` command: a thin shell over the library. It parses arguments
//! (clap), reads files and writes to stdout; everything it prints comes from the core.

mod cli;
mod input;
mod parallel;
mod read;
mod text;

fn main() {
    std::process::exit(cli::main());
}
