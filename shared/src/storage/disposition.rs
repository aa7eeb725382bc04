//! The `Content-Disposition` a download is served with, so a file is saved under
//! the name people gave it while the storage key stays an opaque id.

/// `attachment; filename="..."` with a UTF-8 fallback, quotes and control
/// characters removed so the header cannot be broken.
pub fn content_disposition(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '"' && *c != '\\')
        .collect();
    let encoded = percent_encode(filename, b"");
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// UTF-8 percent-encoding of everything but ASCII letters, digits, `-._~` and
/// the bytes in `keep`.
pub(super) fn percent_encode(text: &str, keep: &[u8]) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_is_safe_and_keeps_the_name() {
        assert_eq!(
            content_disposition("report.pdf"),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
        );
        let tricky = content_disposition("a\"b\r\nc é.pdf");
        assert!(!tricky.contains('\r') && !tricky.contains('\n'));
        assert!(tricky.contains("filename=\"ab__c _.pdf\""));
        assert!(tricky.contains("%C3%A9"));
    }
}
