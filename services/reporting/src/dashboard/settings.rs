//! The `[dashboard]` settings section (`BERDAYA_DASHBOARD__*`): how long a sign-in
//! lasts and whether session cookies are always `Secure`.

use serde::Deserialize;

/// The section's name.
pub const SECTION: &str = "dashboard";

/// Dashboard settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DashboardSettings {
    /// Hours a sign-in lasts (1 to 168; never longer than the token it was made with).
    pub session_hours: u64,
    /// Mark session cookies `Secure` even when no proxy says the request came over TLS
    /// (set it when TLS ends somewhere that does not send `X-Forwarded-Proto`).
    pub secure_cookies: bool,
}

impl Default for DashboardSettings {
    fn default() -> Self {
        Self {
            session_hours: 8,
            secure_cookies: false,
        }
    }
}

impl DashboardSettings {
    /// Refuses a session length outside 1 to 168 hours.
    ///
    /// # Errors
    /// A message naming the setting.
    pub fn check(&self) -> anyhow::Result<()> {
        if !(1..=168).contains(&self.session_hours) {
            anyhow::bail!(
                "[dashboard] session_hours must be 1 to 168 (a week), got {}",
                self.session_hours
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_lasts_a_working_day_unless_set_within_a_week() {
        let default = DashboardSettings::default();
        assert_eq!(default.session_hours, 8);
        assert!(default.check().is_ok());
        for bad in [0, 169] {
            let settings = DashboardSettings {
                session_hours: bad,
                ..DashboardSettings::default()
            };
            let error = settings.check().unwrap_err().to_string();
            assert!(error.contains("session_hours"), "{error}");
        }
    }
}
