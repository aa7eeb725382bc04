//! Text fields: trimmed, bounded in characters (not bytes), and free of control
//! characters. Line breaks and tabs are text in free text; nothing else below
//! U+0020 is (PostgreSQL refuses NUL, and the others only break displays and logs).

use std::fmt;

/// One line of `MIN` (by default 1: required) to `MAX` characters, trimmed, with no
/// control characters at all.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Line<const MAX: usize, const MIN: usize = 1>(String);

/// Free text of at most `MAX` characters, trimmed; may be empty and may span lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Text<const MAX: usize>(String);

/// A text type: what a field's raw string must be, and the tidy string to store.
/// Lets [`crate::error::FieldErrors::tidy`] check a `String` field in place.
pub trait TextRule: Sized {
    fn check(raw: &str) -> Result<Self, String>;
    fn into_text(self) -> String;
}

impl<const MAX: usize, const MIN: usize> TextRule for Line<MAX, MIN> {
    fn check(raw: &str) -> Result<Self, String> {
        Self::parse(raw)
    }

    fn into_text(self) -> String {
        self.0
    }
}

impl<const MAX: usize> TextRule for Text<MAX> {
    fn check(raw: &str) -> Result<Self, String> {
        Self::parse(raw)
    }

    fn into_text(self) -> String {
        self.0
    }
}

fn too_long(max: usize) -> String {
    format!("Must be at most {max} characters")
}

impl<const MAX: usize, const MIN: usize> Line<MAX, MIN> {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        let length = value.chars().count();
        if value.is_empty() && MIN > 0 {
            Err("Is required".into())
        } else if length < MIN {
            Err(format!("Must be at least {MIN} characters"))
        } else if length > MAX {
            Err(too_long(MAX))
        } else if value.chars().any(char::is_control) {
            Err("Must be one line, without control characters".into())
        } else {
            Ok(Self(value.to_string()))
        }
    }

    /// Each entry of a short list (tags, vaccines), with duplicates dropped: at most
    /// `max_items` entries.
    pub fn parse_list(values: &[String], max_items: usize) -> Result<Vec<Self>, String> {
        if values.len() > max_items {
            return Err(format!("At most {max_items} entries"));
        }
        let mut kept: Vec<Self> = Vec::with_capacity(values.len());
        for value in values {
            let line = Self::parse(value)
                .map_err(|_| format!("Each entry must be 1 to {MAX} characters, on one line"))?;
            if !kept.contains(&line) {
                kept.push(line);
            }
        }
        Ok(kept)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl<const MAX: usize> Text<MAX> {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        if value.chars().count() > MAX {
            Err(too_long(MAX))
        } else if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            Err("Must not contain control characters".into())
        } else {
            Ok(Self(value.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<const MAX: usize, const MIN: usize> fmt::Display for Line<MAX, MIN> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<const MAX: usize> fmt::Display for Text<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<const MAX: usize, const MIN: usize> AsRef<str> for Line<MAX, MIN> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> AsRef<str> for Text<MAX> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize, const MIN: usize> From<Line<MAX, MIN>> for String {
    fn from(line: Line<MAX, MIN>) -> Self {
        line.0
    }
}

impl<const MAX: usize> From<Text<MAX>> for String {
    fn from(text: Text<MAX>) -> Self {
        text.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_trimmed_required_bounded_and_on_one_line() {
        assert_eq!(Line::<5>::parse("  Ada ").unwrap().as_str(), "Ada");
        assert_eq!(Line::<5>::parse("Zoë").unwrap().as_str(), "Zoë");
        assert!(Line::<5>::parse("éééééé").is_err(), "six characters");
        assert_eq!(Line::<5, 0>::parse(" ").unwrap().as_str(), "");
        assert!(Line::<5, 0>::parse("a\nb").is_err());
        assert!(Line::<5, 2>::parse("a").is_err());
        for bad in ["", "   ", "a\nb", "a\tb", "a\u{0}b", "a\u{7f}b"] {
            assert!(Line::<5>::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn text_keeps_lines_and_tabs_and_refuses_other_control_characters() {
        assert_eq!(
            Text::<20>::parse("  two\nlines\tok ").unwrap().as_str(),
            "two\nlines\tok"
        );
        assert!(Text::<20>::parse("").unwrap().is_empty());
        for bad in ["nul\u{0}", "bell\u{7}", "esc\u{1b}[31m", "del\u{7f}"] {
            assert_eq!(
                Text::<20>::parse(bad).unwrap_err(),
                "Must not contain control characters",
                "{bad:?}"
            );
        }
        assert_eq!(
            Text::<3>::parse("abcd").unwrap_err(),
            "Must be at most 3 characters"
        );
    }

    #[test]
    fn lists_drop_repeats_and_refuse_bad_entries() {
        let values = ["MMR".to_string(), " MMR ".into(), "DTaP".into()];
        let kept = Line::<10>::parse_list(&values, 5).unwrap();
        assert_eq!(
            kept.iter().map(Line::as_str).collect::<Vec<_>>(),
            ["MMR", "DTaP"]
        );
        assert!(Line::<10>::parse_list(&values, 2).is_err());
        for bad in ["", "  ", "eleven char", "two\nlines"] {
            assert!(Line::<10>::parse_list(&[bad.into()], 2).is_err(), "{bad:?}");
        }
    }
}
