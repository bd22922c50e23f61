//! Checks of a whole dashboard model; every error is collected.
