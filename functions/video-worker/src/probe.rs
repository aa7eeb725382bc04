//! What ffprobe says about a video, read from a presigned URL: ffprobe reads
//! the container's header and index with range requests, never the whole file.
//! The container is accepted by what the probe finds, never by a file name.

use std::time::Duration;

use serde::Deserialize;
use shared::config::Config;

use crate::tools::{self, ToolError};

/// The facts the library keeps about a video.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// mp4, mov, m4v, avi, mkv, webm or flv.
    pub container: &'static str,
    pub duration_seconds: f64,
    /// As displayed: a phone video recorded upright (rotated 90°) is portrait.
    pub width: i32,
    pub height: i32,
    pub orientation: &'static str,
    pub quality: &'static str,
    pub video_codec: String,
    pub audio_codec: Option<String>,
}

/// How a probe ended when the file is the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable(pub String);

/// ffprobe's JSON, the parts read here.
#[derive(Debug, Deserialize)]
struct Report {
    #[serde(default)]
    streams: Vec<Stream>,
    format: Option<Format>,
}

#[derive(Debug, Deserialize)]
struct Stream {
    codec_type: Option<String>,
    codec_name: Option<String>,
    width: Option<i32>,
    height: Option<i32>,
    duration: Option<String>,
    #[serde(default)]
    side_data_list: Vec<SideData>,
    #[serde(default)]
    tags: Tags,
    #[serde(default)]
    disposition: Disposition,
}

#[derive(Debug, Default, Deserialize)]
struct Disposition {
    #[serde(default)]
    attached_pic: i32,
}

#[derive(Debug, Deserialize)]
struct SideData {
    rotation: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
struct Tags {
    rotate: Option<String>,
    major_brand: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Format {
    format_name: Option<String>,
    duration: Option<String>,
    #[serde(default)]
    tags: Tags,
}

const PROBE_DEADLINE: Duration = Duration::from_secs(120);

/// Probes the video at `url`. `Ok(Err(..))`: the file is not a usable video,
/// with the reason for its producer.
pub async fn probe(config: &Config, url: &str) -> Result<Result<Probe, Unusable>, ProbeError> {
    let args = [
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        url,
    ];
    let out = tools::run(config, "ffprobe", &args, PROBE_DEADLINE).await?;
    if !out.success {
        if tools::connection_trouble(&out.stderr) {
            return Err(ProbeError::Connection(out.stderr));
        }
        tracing::info!(diagnostics = %out.stderr, "ffprobe refused the file");
        return Ok(Err(Unusable(
            "This file is not a video we can read: it may be damaged, incomplete, or not a video at all."
                .into(),
        )));
    }
    Ok(read(&out.stdout))
}

/// Why a probe could not judge the file; the job is tried again.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error(transparent)]
    Tool(#[from] ToolError),
    #[error("reading the video from storage failed: {0}")]
    Connection(String),
}

/// Reads ffprobe's JSON output.
pub fn read(json: &[u8]) -> Result<Probe, Unusable> {
    let report: Report = serde_json::from_slice(json)
        .map_err(|_| Unusable("The video could not be analysed.".into()))?;
    let format = report
        .format
        .ok_or_else(|| Unusable("This file is not a video we can read.".into()))?;
    let video = report
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("video") && s.disposition.attached_pic == 0)
        .ok_or_else(|| Unusable("This file has no video track (is it an audio file?).".into()))?;
    let audio = report
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("audio"));
    let video_codec = video.codec_name.clone().unwrap_or_else(|| "unknown".into());
    let audio_codec = audio.map(|a| a.codec_name.clone().unwrap_or_else(|| "unknown".into()));
    let container = container(
        format.format_name.as_deref().unwrap_or_default(),
        format.tags.major_brand.as_deref(),
        &video_codec,
        audio_codec.as_deref(),
    )
    .ok_or_else(|| {
        Unusable(
            "This video format is not accepted: upload MP4, MOV, M4V, AVI, MKV, WebM or FLV."
                .into(),
        )
    })?;
    let duration = seconds(format.duration.as_deref())
        .or_else(|| seconds(video.duration.as_deref()))
        .ok_or_else(|| Unusable("The video's length could not be read.".into()))?;
    let (width, height) = match (video.width, video.height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => (w, h),
        _ => {
            return Err(Unusable(
                "The video's picture size could not be read.".into(),
            ));
        }
    };
    let (width, height) = if quarter_turn(video) {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Probe {
        container,
        duration_seconds: duration,
        width,
        height,
        orientation: orientation(width, height),
        quality: quality(width, height),
        video_codec,
        audio_codec,
    })
}

fn seconds(raw: Option<&str>) -> Option<f64> {
    raw?.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0)
}

/// Whether the picture is shown turned by 90° (phones record upright video
/// as landscape frames with a rotation).
fn quarter_turn(video: &Stream) -> bool {
    let degrees = video
        .side_data_list
        .iter()
        .find_map(|d| d.rotation)
        .or_else(|| video.tags.rotate.as_deref()?.parse().ok())
        .unwrap_or(0.0);
    (degrees.abs().round() as i64) % 180 == 90
}

/// The accepted container ffprobe found (its `format_name` lists the demuxer's
/// names), refined by the MP4 brand or the codecs where one demuxer reads two.
pub fn container(
    format_name: &str,
    major_brand: Option<&str>,
    video_codec: &str,
    audio_codec: Option<&str>,
) -> Option<&'static str> {
    let names: Vec<&str> = format_name.split(',').map(str::trim).collect();
    if names.contains(&"mov") || names.contains(&"mp4") {
        Some(match major_brand.map(str::trim) {
            Some("qt") => "mov",
            Some("M4V" | "M4VH" | "M4VP") => "m4v",
            _ => "mp4",
        })
    } else if names.contains(&"matroska") || names.contains(&"webm") {
        let webm_video = matches!(video_codec, "vp8" | "vp9" | "av1");
        let webm_audio = audio_codec.is_none_or(|a| matches!(a, "opus" | "vorbis"));
        Some(if webm_video && webm_audio {
            "webm"
        } else {
            "mkv"
        })
    } else if names.contains(&"avi") {
        Some("avi")
    } else if names.contains(&"flv") {
        Some("flv")
    } else {
        None
    }
}

/// Landscape, portrait or square, as displayed.
pub fn orientation(width: i32, height: i32) -> &'static str {
    match width.cmp(&height) {
        std::cmp::Ordering::Greater => "landscape",
        std::cmp::Ordering::Less => "portrait",
        std::cmp::Ordering::Equal => "square",
    }
}

/// The quality tier, by the picture's shorter side or its longer side
/// (a 1920×800 film is 1080p; a 1080×1920 phone video too).
pub fn quality(width: i32, height: i32) -> &'static str {
    let (short, long) = (width.min(height), width.max(height));
    if short >= 2160 || long >= 3840 {
        "4K"
    } else if short >= 1080 || long >= 1920 {
        "1080p"
    } else if short >= 720 || long >= 1280 {
        "720p"
    } else if short >= 480 || long >= 854 {
        "480p"
    } else {
        "lower"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_follow_the_picture_whichever_way_up() {
        assert_eq!(quality(3840, 2160), "4K");
        assert_eq!(quality(2160, 3840), "4K");
        assert_eq!(quality(1920, 1080), "1080p");
        assert_eq!(quality(1080, 1920), "1080p");
        assert_eq!(quality(1920, 800), "1080p");
        assert_eq!(quality(1280, 720), "720p");
        assert_eq!(quality(854, 480), "480p");
        assert_eq!(quality(640, 360), "lower");
        assert_eq!(quality(320, 240), "lower");
    }

    #[test]
    fn orientations() {
        assert_eq!(orientation(1920, 1080), "landscape");
        assert_eq!(orientation(1080, 1920), "portrait");
        assert_eq!(orientation(720, 720), "square");
    }

    #[test]
    fn containers_are_named_by_what_was_found() {
        let mp4 = "mov,mp4,m4a,3gp,3g2,mj2";
        assert_eq!(
            container(mp4, Some("isom"), "h264", Some("aac")),
            Some("mp4")
        );
        assert_eq!(container(mp4, Some("qt  "), "h264", None), Some("mov"));
        assert_eq!(container(mp4, Some("M4V "), "h264", None), Some("m4v"));
        let mkv = "matroska,webm";
        assert_eq!(container(mkv, None, "vp9", Some("opus")), Some("webm"));
        assert_eq!(container(mkv, None, "vp8", None), Some("webm"));
        assert_eq!(container(mkv, None, "h264", Some("aac")), Some("mkv"));
        assert_eq!(container("avi", None, "mpeg4", None), Some("avi"));
        assert_eq!(container("flv", None, "flv1", None), Some("flv"));
        for refused in ["mp3", "gif", "png_pipe", "wav", "mpegts", ""] {
            assert_eq!(container(refused, None, "h264", None), None, "{refused}");
        }
    }

    #[test]
    fn reads_a_rotated_phone_video_as_portrait() {
        let json = br#"{"streams":[
            {"codec_type":"video","codec_name":"h264","width":1920,"height":1080,
             "side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]},
            {"codec_type":"audio","codec_name":"aac"}],
          "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"12.5",
                    "tags":{"major_brand":"qt  "}}}"#;
        let probe = read(json).unwrap();
        assert_eq!((probe.width, probe.height), (1080, 1920));
        assert_eq!(probe.orientation, "portrait");
        assert_eq!(probe.quality, "1080p");
        assert_eq!(probe.container, "mov");
        assert_eq!(probe.audio_codec.as_deref(), Some("aac"));
        assert!((probe.duration_seconds - 12.5).abs() < 1e-9);
    }

    #[test]
    fn refuses_what_is_no_video_with_a_reason() {
        let audio_only = br#"{"streams":[{"codec_type":"audio","codec_name":"mp3"}],
            "format":{"format_name":"mp3","duration":"3.0"}}"#;
        assert!(read(audio_only).unwrap_err().0.contains("no video track"));
        let cover_art_only = br#"{"streams":[{"codec_type":"video","codec_name":"mjpeg",
            "width":500,"height":500,"disposition":{"attached_pic":1}}],
            "format":{"format_name":"mov,mp4","duration":"3.0"}}"#;
        assert!(read(cover_art_only).is_err());
        let image =
            br#"{"streams":[{"codec_type":"video","codec_name":"png","width":5,"height":5}],
            "format":{"format_name":"png_pipe"}}"#;
        assert!(read(image).unwrap_err().0.contains("not accepted"));
        assert!(read(b"not json").is_err());
    }
}
