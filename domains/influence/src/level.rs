//! Levels of government.

use serde::{Deserialize, Serialize};

/// Where a representative sits, and what a campaign targets.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(as = GovernmentLevel)]
pub enum Level {
    Federal,
    Provincial,
    Municipal,
    SchoolBoard,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Federal,
        Level::Provincial,
        Level::Municipal,
        Level::SchoolBoard,
    ];

    /// The message for a value that is not a level.
    pub const MESSAGE: &'static str = "Must be one of federal, provincial, municipal, school_board";

    /// The name stored and answered (`school_board`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Federal => "federal",
            Level::Provincial => "provincial",
            Level::Municipal => "municipal",
            Level::SchoolBoard => "school_board",
        }
    }

    /// Reads a stored or typed level; case and spaces or hyphens for the
    /// underscore do not matter (`School board` is `school_board`).
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let tidy = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Self::ALL
            .into_iter()
            .find(|level| level.as_str() == tidy)
            .ok_or(Self::MESSAGE)
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_read_however_they_are_typed() {
        for level in Level::ALL {
            assert_eq!(Level::parse(level.as_str()), Ok(level));
        }
        assert_eq!(Level::parse(" School Board "), Ok(Level::SchoolBoard));
        assert_eq!(Level::parse("school-board"), Ok(Level::SchoolBoard));
        for bad in ["", "senate", "federal2", "regional"] {
            assert!(Level::parse(bad).is_err(), "{bad:?}");
        }
    }
}
