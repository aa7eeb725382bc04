//! The thumbnail: one frame, scaled to at most 640 pixels wide, as JPEG. ffmpeg
//! seeks in the presigned URL before decoding (`-ss` before `-i`), so it reads
//! the index and the few frames around that moment, not the whole file.

use std::time::Duration;

use shared::config::Config;

use crate::tools::{self, ToolError};

const DEADLINE: Duration = Duration::from_secs(180);

/// The moment the thumbnail is taken: a tenth in, at most five seconds (past a
/// fade from black, before the video has moved on from its opening).
pub fn moment(duration_seconds: f64) -> f64 {
    (duration_seconds * 0.1).min(5.0)
}

/// The JPEG bytes of the frame at `at` seconds; `Ok(None)` when no frame could
/// be decoded there (a damaged file); the tool's diagnostics are logged.
pub async fn grab(config: &Config, url: &str, at: f64) -> Result<Grab, ToolError> {
    let at = format!("{at:.3}");
    let args = [
        "-v",
        "error",
        "-ss",
        &at,
        "-i",
        url,
        "-frames:v",
        "1",
        "-vf",
        "scale='min(640,iw)':-2",
        "-f",
        "image2",
        "-c:v",
        "mjpeg",
        "-q:v",
        "4",
        "pipe:1",
    ];
    let out = tools::run(config, "ffmpeg", &args, DEADLINE).await?;
    if out.success && out.stdout.starts_with(&[0xFF, 0xD8]) {
        Ok(Grab::Frame(out.stdout))
    } else if tools::connection_trouble(&out.stderr) {
        Ok(Grab::Connection(out.stderr))
    } else {
        tracing::info!(diagnostics = %out.stderr, "no frame decoded for the thumbnail");
        Ok(Grab::Undecodable)
    }
}

/// What grabbing a frame gave.
pub enum Grab {
    Frame(Vec<u8>),
    /// Storage could not be read: try again later.
    Connection(String),
    /// The file's frames cannot be decoded.
    Undecodable,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_moment_is_early_but_not_the_first_frame() {
        assert!((moment(1.0) - 0.1).abs() < 1e-9);
        assert!((moment(30.0) - 3.0).abs() < 1e-9);
        assert!((moment(3600.0) - 5.0).abs() < 1e-9);
    }
}
