//! Trajectory's domain, shared by its functions and kept out of the core so that
//! Changemaker crates never link it:
//!
//! - [`access`]: who may read or write a family's records;
//! - [`growth`]: WHO z-scores, percentiles and reference curves.

pub mod access;
pub mod growth;
