//! Running ffprobe and ffmpeg: from `FFMPEG_DIR` when configured, else from
//! `PATH` (Debian's package locally, the Lambda layer's `/opt/bin` on AWS).
//! Each run has a deadline and is killed when it passes, so a stalled read of
//! a URL never holds the worker until Lambda's own timeout.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use shared::config::Config;
use tokio::process::Command;

/// What one run of a tool produced.
pub struct Output {
    pub success: bool,
    pub stdout: Vec<u8>,
    /// The last lines of its diagnostics, for the log and to tell a broken
    /// file from a broken connection.
    pub stderr: String,
}

/// A tool that could not be run at all (missing, or past its deadline): the
/// job is retried, then lands in the dead-letter queue.
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error("{tool} could not be started")]
    Missing {
        tool: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("{tool} took longer than {seconds} s")]
    TimedOut { tool: &'static str, seconds: u64 },
}

fn path(config: &Config, tool: &str) -> PathBuf {
    match &config.ffmpeg_dir {
        Some(dir) => PathBuf::from(dir).join(tool),
        None => PathBuf::from(tool),
    }
}

/// Runs `tool` with `args`, killed after `deadline`.
pub async fn run(
    config: &Config,
    tool: &'static str,
    args: &[&str],
    deadline: Duration,
) -> Result<Output, ToolError> {
    let child = Command::new(path(config, tool))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|source| ToolError::Missing { tool, source })?;
    let output = tokio::time::timeout(deadline, child.wait_with_output())
        .await
        .map_err(|_| ToolError::TimedOut {
            tool,
            seconds: deadline.as_secs(),
        })?
        .map_err(|source| ToolError::Missing { tool, source })?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
    Ok(Output {
        success: output.status.success(),
        stdout: output.stdout,
        stderr: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
    })
}

/// Whether a failed run's diagnostics speak of the connection to storage
/// rather than of the file: then the job is tried again.
pub fn connection_trouble(stderr: &str) -> bool {
    let lower = stderr.to_ascii_lowercase();
    [
        "connection refused",
        "connection reset",
        "timed out",
        "server returned 5",
        "server returned 403",
        "failed to resolve",
        "network is unreachable",
    ]
    .iter()
    .any(|sign| lower.contains(sign))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_connection_is_told_from_a_broken_file() {
        assert!(connection_trouble(
            "http://127.0.0.1:9/x: Connection refused"
        ));
        assert!(connection_trouble(
            "Server returned 503 Service Unavailable"
        ));
        assert!(!connection_trouble(
            "moov atom not found\nInvalid data found when processing input"
        ));
    }
}
