//! `berdaya up --demo` data for the partnerships context, through the real API.

use crate::PartnershipsApi;

/// Seeds the demo, idempotently.
pub(crate) async fn seed(_api: &PartnershipsApi) -> anyhow::Result<String> {
    Ok(String::new())
}
