//! Links in blocks and SEO fields: absolute `http(s)` URLs, or a path on this
//! site (`/p/other-page`). Nothing else (`javascript:`, `data:`, `//host`) ever
//! reaches a page.

use url::Url;

/// Longest link accepted, in characters.
pub const MAX_CHARS: usize = 2000;

/// Which links a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `http://`, `https://` or a path on this site.
    WebOrPath,
    /// `https://` only (embedded media).
    Https,
}

/// The trimmed link, or why it is not one `rule` accepts.
pub fn check(raw: &str, rule: Rule) -> Result<String, String> {
    let link = raw.trim();
    if link.chars().count() > MAX_CHARS {
        return Err(format!("Must be at most {MAX_CHARS} characters"));
    }
    if link.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("Must be a link without spaces".into());
    }
    let is_path = link.starts_with('/') && !link.starts_with("//") && !link.starts_with("/\\");
    if rule == Rule::WebOrPath && is_path {
        return Ok(link.to_string());
    }
    let allowed: &[&str] = match rule {
        Rule::WebOrPath => &["http", "https"],
        Rule::Https => &["https"],
    };
    match Url::parse(link) {
        Ok(url) if allowed.contains(&url.scheme()) && url.host_str().is_some() => {
            Ok(link.to_string())
        }
        _ => Err(match rule {
            Rule::WebOrPath => "Must be a link starting with https:// or a path starting with /",
            Rule::Https => "Must be a link starting with https://",
        }
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_and_site_paths_pass() {
        for ok in [
            "https://example.org/a?b=1",
            "http://example.org",
            "/p/join-us",
            " /x ",
        ] {
            assert!(check(ok, Rule::WebOrPath).is_ok(), "{ok}");
        }
        assert_eq!(check(" /x ", Rule::WebOrPath).unwrap(), "/x");
        assert!(check("https://youtu.be/abc", Rule::Https).is_ok());
    }

    #[test]
    fn everything_else_is_refused() {
        for bad in [
            "javascript:alert(1)",
            "data:text/html,<script>",
            "//evil.test/x",
            "/\\evil.test",
            "ftp://example.org",
            "example.org",
            "https://",
            "https://exa mple.org",
            "",
        ] {
            assert!(check(bad, Rule::WebOrPath).is_err(), "{bad:?}");
        }
        assert!(check("http://example.org/v.mp4", Rule::Https).is_err());
        assert!(check("/v.mp4", Rule::Https).is_err());
        assert!(
            check(
                &format!("https://x.org/{}", "a".repeat(MAX_CHARS)),
                Rule::WebOrPath
            )
            .is_err()
        );
    }
}
