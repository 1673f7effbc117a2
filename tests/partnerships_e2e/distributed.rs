//! The distributed path into reporting: filled in with the reporting projection.
