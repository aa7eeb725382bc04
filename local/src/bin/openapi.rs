//! Writes the fleet's OpenAPI document to `functions/docs/openapi.json`, which the
//! `docs` function serves and the SPA's API types are generated from:
//! `cargo run -p local --bin openapi`. A test fails when the file is out of date.

use std::process::ExitCode;

fn main() -> ExitCode {
    let path = local::openapi::PATH;
    match std::fs::write(path, local::openapi::json()) {
        Ok(()) => {
            println!("wrote {path}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("openapi: cannot write {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
