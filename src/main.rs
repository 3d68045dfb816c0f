//! The `planlens` command: a thin shell over the library (feature `cli`).

mod cli;

fn main() {
    std::process::exit(cli::main());
}
