//! An object's real type from its first bytes ("magic bytes"), so that a check
//! never trusts the type a client announced.

/// How many leading bytes [`sniff`] needs to recognise every type it knows.
pub const SNIFF_BYTES: usize = 16;

/// The real type of a file from its first bytes, for the types the platform
/// accepts; `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
        )
    {
        Some("image/heic")
    } else {
        sniff_video(bytes)
    }
}

/// The video containers the Media module accepts, from their first bytes. Which
/// container it really is (an MP4 or a QuickTime file, a WebM or a Matroska
/// file) is for the video worker's probe to say; this only keeps what is
/// plainly no video out of the bucket.
fn sniff_video(bytes: &[u8]) -> Option<&'static str> {
    let atom = bytes.get(4..8)?;
    if atom == b"ftyp" {
        match bytes.get(8..12)? {
            b"qt  " => Some("video/quicktime"),
            b"M4V " | b"M4VH" | b"M4VP" => Some("video/x-m4v"),
            _ => Some("video/mp4"),
        }
    } else if matches!(atom, b"moov" | b"mdat" | b"wide" | b"free" | b"skip") {
        // QuickTime files written before `ftyp` existed open with another atom.
        Some("video/quicktime")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"AVI " {
        Some("video/x-msvideo")
    } else if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        // EBML: Matroska, and WebM (a Matroska profile).
        Some("video/x-matroska")
    } else if bytes.starts_with(b"FLV\x01") {
        Some("video/x-flv")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_accepted_types_and_nothing_else() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0"), Some("image/heic"));
        assert_eq!(sniff(b"\0\0\0\x18ftypmif1\0\0"), Some("image/heic"));
        assert_eq!(sniff(b"GIF89a......"), None);
        assert_eq!(sniff(b"<html>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn truncated_headers_are_not_recognised() {
        // Too short to hold the bytes that tell the type apart.
        assert_eq!(sniff(&[0xFF, 0xD8]), None);
        assert_eq!(sniff(b"\x89PNG\r\n"), None);
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEB"), None);
        assert_eq!(sniff(b"%PDF"), None);
        assert_eq!(sniff(b"\0\0\0\x18ftyphei"), None);
        // A container that is not an image: an MP4 video.
        assert_eq!(sniff(b"\0\0\0\x18ftypisom\0\0"), Some("video/mp4"));
    }

    #[test]
    fn sniffs_the_video_containers() {
        assert_eq!(sniff(b"\0\0\0\x20ftypisom\0\0\x02\0"), Some("video/mp4"));
        assert_eq!(sniff(b"\0\0\0\x20ftypmp42\0\0\0\0"), Some("video/mp4"));
        assert_eq!(
            sniff(b"\0\0\0\x14ftypqt  \0\0\0\0"),
            Some("video/quicktime")
        );
        assert_eq!(sniff(b"\0\0\0\x08wide\0\0\0\0"), Some("video/quicktime"));
        assert_eq!(sniff(b"\0\0\0\x1cftypM4V \0\0\0\x01"), Some("video/x-m4v"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0AVI LIST"), Some("video/x-msvideo"));
        assert_eq!(
            sniff(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81"),
            Some("video/x-matroska")
        );
        assert_eq!(sniff(b"FLV\x01\x05\0\0\0\x09"), Some("video/x-flv"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WAVEfmt "), None, "audio is no video");
        assert_eq!(sniff(b"FLV"), None);
    }

    #[test]
    fn the_announced_prefix_is_enough_for_every_type() {
        let longest = b"RIFF\x10\0\0\0WEBP".len().max(b"\0\0\0\x18ftypheic".len());
        assert!(longest <= SNIFF_BYTES);
    }
}
