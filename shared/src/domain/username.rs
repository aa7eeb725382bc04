//! Usernames: 3–32 letters, digits, `_`, `-` or `.`.

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        let ok = (3..=32).contains(&raw.chars().count())
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if ok {
            Ok(Self(raw.to_string()))
        } else {
            Err("Username must be 3 to 32 characters: letters, digits, '_', '-' or '.'")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        for ok in ["ada", "ada.lovelace", "A_B-c.9", &"x".repeat(32)] {
            assert!(Username::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["ab", "with space", "émile", "a/b", "", &"x".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Username::parse("  ada ").unwrap().as_str(), "ada");
    }
}
