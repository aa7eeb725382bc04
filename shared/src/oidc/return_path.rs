//! Where a browser goes back to after signing in with a provider: a path on
//! this site, never another site (an open redirect would lend the sign-in page's
//! trust to a phishing page).

/// A same-site relative path (`/changemaker/shifts?week=2`); anything else
/// becomes `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnPath(String);

/// The longest path kept.
const MAX_LEN: usize = 1024;

impl ReturnPath {
    /// `raw` when it is a path on this site, else the start page. Refused: an
    /// absolute URL, a scheme-relative `//host`, backslashes (browsers read
    /// `/\host` as `//host`), control characters, and anything overlong.
    pub fn parse(raw: Option<&str>) -> Self {
        let safe = raw.filter(|path| {
            path.len() <= MAX_LEN
                && path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(|c| c.is_control() || c.is_whitespace())
        });
        Self(safe.unwrap_or("/").to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for ReturnPath {
    fn default() -> Self {
        Self("/".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_paths_on_this_site() {
        for ok in [
            "/",
            "/changemaker/shifts",
            "/trajectory?child=1#growth",
            "/p/%2F%2Fsave",
        ] {
            assert_eq!(ReturnPath::parse(Some(ok)).as_str(), ok);
        }
    }

    #[test]
    fn anything_else_goes_to_the_start_page() {
        let long = format!("/{}", "a".repeat(MAX_LEN));
        for bad in [
            "https://evil.example/",
            "//evil.example/x",
            "/\\evil.example",
            "\\\\evil.example",
            "javascript:alert(1)",
            "relative/path",
            "/with space",
            "/tab\tbreak",
            "/line\nbreak",
            "",
            long.as_str(),
        ] {
            assert_eq!(ReturnPath::parse(Some(bad)).as_str(), "/", "{bad:?}");
        }
        assert_eq!(ReturnPath::parse(None).as_str(), "/");
    }
}
