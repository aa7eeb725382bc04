//! Slugs: the readable part of a public URL (`/p/save-the-park`), derived from a
//! title. Unique slugs are taken by inserting candidates in turn with
//! `on conflict (slug) do nothing` — the database's unique constraint decides, so
//! two requests creating "Save the park" at the same moment get `save-the-park` and
//! `save-the-park-2`, never an error.

/// Longest slug, in characters.
pub const MAX_LEN: usize = 80;

/// `"Sauvez l'école — 2026!"` → `"sauvez-l-ecole-2026"`: transliterated to ASCII,
/// lower case, words joined by `-`, at most [`MAX_LEN`] characters; `"untitled"`
/// when nothing is left.
pub fn from_title(title: &str) -> String {
    let slug = slug::slugify(title);
    let mut cut: String = slug.chars().take(MAX_LEN).collect();
    while cut.ends_with('-') {
        cut.pop();
    }
    if cut.is_empty() {
        "untitled".into()
    } else {
        cut
    }
}

/// `base`, then `base-2`, `base-3`, … (each within [`MAX_LEN`]).
pub fn candidates(base: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(base.to_string()).chain((2..).map(move |n: u32| {
        let suffix = format!("-{n}");
        let keep = MAX_LEN.saturating_sub(suffix.len());
        let stem: String = base.chars().take(keep).collect();
        format!("{}{suffix}", stem.trim_end_matches('-'))
    }))
}

/// Whether `raw` is a slug as [`from_title`] makes them (for slugs typed by hand).
pub fn is_valid(raw: &str) -> bool {
    !raw.is_empty()
        && raw.len() <= MAX_LEN
        && !raw.starts_with('-')
        && !raw.ends_with('-')
        && !raw.contains("--")
        && raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_readable_ascii() {
        assert_eq!(from_title("Sauvez l'école — 2026!"), "sauvez-l-ecole-2026");
        assert_eq!(from_title("  Save   the PARK  "), "save-the-park");
        assert_eq!(from_title("!!!"), "untitled");
        let long = from_title(&"word ".repeat(40));
        assert!(long.len() <= MAX_LEN && is_valid(&long), "{long}");
    }

    #[test]
    fn candidates_count_up_and_stay_short() {
        let found: Vec<String> = candidates("park").take(3).collect();
        assert_eq!(found, ["park", "park-2", "park-3"]);
        let base = "a".repeat(MAX_LEN);
        assert!(
            candidates(&base)
                .skip(1)
                .take(20)
                .all(|c| c.len() <= MAX_LEN && is_valid(&c))
        );
    }

    #[test]
    fn hand_written_slugs_are_checked() {
        assert!(is_valid("save-the-park-2"));
        for bad in ["", "-a", "a-", "a--b", "Upper", "sp ace", "é"] {
            assert!(!is_valid(bad), "{bad:?}");
        }
    }
}
