//! `dashc`: the command-line face of dashc-core.
fn main() {
    eprintln!("dashc: no command given; see `dashc --help`");
    std::process::exit(2);
}
