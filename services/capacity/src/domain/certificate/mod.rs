//! A certificate, as its events make it: issued only to a participant who completed a
//! cohort (or an outside certificate recognised), valid for the programme's period,
//! renewed for further periods, revoked with a reason; valid or expired as of any date.
//! One aggregate per certificate.

mod commands;
mod decide;
mod events;
#[cfg(test)]
pub(crate) mod fixtures;
mod validity;

pub use commands::*;
pub use events::*;
pub use validity::validity_end;

use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::facts::{CertificateFacts, CertificateStanding};

/// The deployment's certification rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRules {
    /// How many days before its last valid day a certificate may be renewed (default
    /// 90). After the last valid day it cannot: the holder certifies again through a
    /// cohort.
    pub renewal_window_days: u32,
}

impl Default for CertificateRules {
    fn default() -> Self {
        Self {
            renewal_window_days: 90,
        }
    }
}

/// Where a certificate came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateOrigin {
    /// Issued on completing this cohort.
    Cohort {
        /// The cohort.
        cohort_id: Uuid,
    },
    /// Issued outside the programme and recognised.
    Recognised {
        /// Who issued it.
        issuing_body: String,
        /// The evidence seen; `None` once the holder's personal data is erased.
        reference: Option<String>,
    },
}

/// Lifecycle of a certificate. Expiry is not a status: it follows from the date asked
/// about (see [`Certificate::standing_on`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CertificateStatus {
    /// No `Issued` or `Recognised` event yet.
    #[default]
    Unissued,
    /// Issued or recognised, and not revoked.
    Issued,
    /// Revoked.
    Revoked,
}

/// The certificate aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Certificate {
    /// Stable id.
    pub id: Option<Uuid>,
    /// Lifecycle.
    pub status: CertificateStatus,
    /// The holder's data subject.
    pub subject_id: Option<Uuid>,
    /// Number as printed; `None` once the holder's personal data is erased.
    pub certificate_number: Option<String>,
    /// The holder.
    pub holder_id: Option<Uuid>,
    /// The programme it certifies.
    pub programme_id: Option<Uuid>,
    /// Where it came from.
    pub origin: Option<CertificateOrigin>,
    /// Its name.
    pub name: String,
    /// Months each period of validity lasts.
    pub validity_months: u16,
    /// When it was issued or recognised.
    pub issued_on: Option<NaiveDate>,
    /// First valid day.
    pub valid_from: Option<NaiveDate>,
    /// Last valid day, after the latest renewal.
    pub valid_until: Option<NaiveDate>,
    /// Renewals: when, and the last valid day each gave.
    pub renewals: Vec<(NaiveDate, NaiveDate)>,
    /// When and why it was revoked.
    pub revocation: Option<(NaiveDate, RevocationReason)>,
}

impl Certificate {
    /// What trainer checks and competencies need of this certificate.
    pub fn facts(&self) -> Option<CertificateFacts> {
        Some(CertificateFacts {
            certificate_id: self.id?,
            programme_id: self.programme_id?,
            valid_from: self.valid_from?,
            valid_until: self.valid_until?,
            revoked_on: self.revocation.map(|(on, _)| on),
        })
    }

    /// The certificate's standing on `day` (valid, expired, revoked, not yet valid);
    /// `None` before it is issued.
    pub fn standing_on(&self, day: NaiveDate) -> Option<CertificateStanding> {
        self.facts().map(|facts| facts.standing_on(day))
    }

    /// True when the holder's personal data was erased: the number (and every sealed
    /// note) can no longer be read.
    pub fn data_erased(&self) -> bool {
        self.status != CertificateStatus::Unissued && self.certificate_number.is_none()
    }

    /// True when it is valid on `day` but will have expired `days` days later.
    pub fn expires_within(&self, day: NaiveDate, days: u32) -> bool {
        self.facts()
            .is_some_and(|facts| facts.expires_within(day, days))
    }
}

impl Aggregate for Certificate {
    const CATEGORY: &'static str = berdaya_proto::category::capacity::CERTIFICATE;
    type Command = CertificateCommand;
    type Event = CertificateEvent;
    type Rules = CertificateRules;

    fn decide(
        &self,
        command: &CertificateCommand,
        rules: &CertificateRules,
    ) -> Result<Vec<CertificateEvent>, DomainError> {
        decide::decide(self, command, rules)
    }

    fn apply(&mut self, event: &CertificateEvent) {
        match event {
            CertificateEvent::Issued {
                certificate_id,
                subject_id,
                certificate_number,
                holder_id,
                programme_id,
                cohort_id,
                name,
                validity_months,
                issued_on,
                valid_from,
                valid_until,
            } => {
                self.id = Some(*certificate_id);
                self.status = CertificateStatus::Issued;
                self.subject_id = Some(*subject_id);
                self.certificate_number = certificate_number.clone();
                self.holder_id = Some(*holder_id);
                self.programme_id = Some(*programme_id);
                self.origin = Some(CertificateOrigin::Cohort {
                    cohort_id: *cohort_id,
                });
                self.name = name.clone();
                self.validity_months = *validity_months;
                self.issued_on = Some(*issued_on);
                self.valid_from = Some(*valid_from);
                self.valid_until = Some(*valid_until);
            }
            CertificateEvent::Recognised {
                certificate_id,
                subject_id,
                certificate_number,
                holder_id,
                programme_id,
                name,
                validity_months,
                issuing_body,
                reference,
                valid_from,
                valid_until,
                recognised_on,
            } => {
                self.id = Some(*certificate_id);
                self.status = CertificateStatus::Issued;
                self.subject_id = Some(*subject_id);
                self.certificate_number = certificate_number.clone();
                self.holder_id = Some(*holder_id);
                self.programme_id = Some(*programme_id);
                self.origin = Some(CertificateOrigin::Recognised {
                    issuing_body: issuing_body.clone(),
                    reference: reference.clone(),
                });
                self.name = name.clone();
                self.validity_months = *validity_months;
                self.issued_on = Some(*recognised_on);
                self.valid_from = Some(*valid_from);
                self.valid_until = Some(*valid_until);
            }
            CertificateEvent::Renewed {
                renewed_on,
                valid_until,
                ..
            } => {
                self.valid_until = Some(*valid_until);
                self.renewals.push((*renewed_on, *valid_until));
            }
            CertificateEvent::Revoked {
                revoked_on, reason, ..
            } => {
                self.status = CertificateStatus::Revoked;
                self.revocation = Some((*revoked_on, *reason));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::domain::fixtures::date;

    #[test]
    fn an_erased_number_reads_as_erased_and_the_certificate_still_counts() {
        let mut events = issued();
        if let CertificateEvent::Issued {
            certificate_number, ..
        } = &mut events[0]
        {
            // What the codec yields once the holder's key is destroyed.
            *certificate_number = None;
        }
        let state = Certificate::from_events(&events);
        assert!(state.data_erased());
        assert_eq!(
            state.standing_on(date("2027-01-01")),
            Some(CertificateStanding::Valid)
        );
        assert!(!Certificate::from_events(&issued()).data_erased());
    }

    #[test]
    fn expiring_counts_valid_certificates_close_to_their_last_day() {
        let state = Certificate::from_events(&issued());
        assert!(state.expires_within(date("2029-02-08"), 30));
        assert!(!state.expires_within(date("2029-02-07"), 30));
        assert!(!Certificate::from_events(&revoked()).expires_within(date("2029-02-08"), 30));
    }
}
