//! The JavaScript boundary. Thin on purpose: text in, text out, one call per
//! operation, so the glue stays small and nothing crosses the boundary twice.
//! Every rule lives in the plain Rust modules.

mod client;
#[cfg(feature = "server")]
mod sandbox;
mod validation;
