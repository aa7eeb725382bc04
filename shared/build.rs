//! Embeds every `migrations/NNNN_name.sql` file of the repository into the crate.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<(i32, String, String)> = std::fs::read_dir(&dir)
        .expect("migrations/ must exist beside shared/")
        .filter_map(|entry| {
            let path = entry.expect("readable migrations/").path();
            let file = path.file_name()?.to_str()?.to_string();
            let stem = file.strip_suffix(".sql")?;
            let (version, name) = stem.split_once('_')?;
            let version: i32 = version.parse().ok()?;
            println!("cargo:rerun-if-changed={}", path.display());
            Some((version, name.to_string(), path.display().to_string()))
        })
        .collect();
    files.sort();
    for pair in files.windows(2) {
        assert!(
            pair[0].0 != pair[1].0,
            "two migrations share version {}",
            pair[0].0
        );
    }
    let mut out = String::from("static MIGRATIONS: &[Migration] = &[\n");
    for (version, name, path) in files {
        writeln!(
            out,
            "    Migration {{ version: {version}, name: {name:?}, sql: include_str!({path:?}) }},"
        )
        .unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("migrations.rs");
    std::fs::write(target, out).unwrap();
}
