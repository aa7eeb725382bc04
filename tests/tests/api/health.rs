//! Trajectory: health, through the HTTP API.
