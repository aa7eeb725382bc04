//! File names people give their files: shown in lists and used as the download's
//! name, never as a storage key.

use std::fmt;

/// 1–255 characters once trimmed, without path separators or control characters,
/// and not only dots.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Filename(String);

impl Filename {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let name = raw.trim();
        if name.is_empty() || name.chars().count() > 255 {
            Err("File name must be 1 to 255 characters")
        } else if name.contains(['/', '\\']) {
            Err("File name cannot contain / or \\")
        } else if name.chars().any(char::is_control) {
            Err("File name cannot contain control characters")
        } else if name.chars().all(|c| c == '.') {
            Err("File name cannot be only dots")
        } else {
            Ok(Self(name.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Filename {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_are_trimmed_and_checked() {
        assert_eq!(
            Filename::parse("  scan 2024.pdf ").unwrap().as_str(),
            "scan 2024.pdf"
        );
        assert_eq!(
            Filename::parse("Résumé ü.jpg").unwrap().as_str(),
            "Résumé ü.jpg"
        );
        assert!(Filename::parse(&"a".repeat(255)).is_ok());
        for bad in [
            "",
            "   ",
            "../etc/passwd",
            "a/b.pdf",
            "a\\b.pdf",
            "bad\nname.pdf",
            "tab\there",
            "nul\0.pdf",
            "..",
            ".",
            &"a".repeat(256),
        ] {
            assert!(Filename::parse(bad).is_err(), "{bad:?}");
        }
    }
}
