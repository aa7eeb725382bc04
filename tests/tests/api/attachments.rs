//! Trajectory: attachments, through the HTTP API.
