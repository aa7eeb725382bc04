//! Trajectory: export, through the HTTP API.
