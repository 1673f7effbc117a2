//! Whether an agreement applies on a given day. Expiry is never recorded: an agreement
//! is expired from the day after its end date, for every rule and query alike, so every
//! question about its status names the day it is asked for.

use chrono::{Days, NaiveDate};

use super::{Agreement, Lifecycle};

/// An agreement's status on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgreementStatus {
    /// Drafted, not signed.
    Drafted,
    /// The draft was abandoned unsigned.
    Withdrawn,
    /// Signed, but its start date is still to come.
    Signed,
    /// Signed and between its start and end dates.
    InForce,
    /// Past its end date.
    Expired,
    /// Ended early, on or after its termination date.
    Terminated,
}

impl AgreementStatus {
    /// The status as a word, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            AgreementStatus::Drafted => "not signed",
            AgreementStatus::Withdrawn => "a withdrawn draft",
            AgreementStatus::Signed => "not yet in force",
            AgreementStatus::InForce => "in force",
            AgreementStatus::Expired => "expired",
            AgreementStatus::Terminated => "terminated",
        }
    }
}

impl Agreement {
    /// The status on `date`; `None` for an agreement never drafted. A signed agreement
    /// is in force for its whole term, even a term that began before the signature.
    pub fn status_on(&self, date: NaiveDate) -> Option<AgreementStatus> {
        let status = match self.lifecycle {
            Lifecycle::NotDrafted => return None,
            Lifecycle::Drafted => AgreementStatus::Drafted,
            Lifecycle::Withdrawn => AgreementStatus::Withdrawn,
            Lifecycle::Signed => match &self.termination {
                Some(t) if date >= t.terminated_on => AgreementStatus::Terminated,
                _ if date > self.terms.end_date => AgreementStatus::Expired,
                _ if date < self.terms.start_date => AgreementStatus::Signed,
                _ => AgreementStatus::InForce,
            },
        };
        Some(status)
    }

    /// The first day the agreement is expired, when it runs to its end date: the day
    /// after the end date, unless it was terminated before. Reports count the expiry in
    /// this day's month.
    pub fn expires_on(&self) -> Option<NaiveDate> {
        if self.lifecycle != Lifecycle::Signed {
            return None;
        }
        let first_expired_day = self.terms.end_date.checked_add_days(Days::new(1))?;
        match &self.termination {
            Some(t) if t.terminated_on < first_expired_day => None,
            _ => Some(first_expired_day),
        }
    }

    /// True when the agreement is in force on `date` and its last day falls within
    /// `days` days of it (0: it ends today).
    pub fn expiring_within(&self, date: NaiveDate, days: u32) -> bool {
        self.status_on(date) == Some(AgreementStatus::InForce)
            && date
                .checked_add_days(Days::new(u64::from(days)))
                .is_none_or(|horizon| self.terms.end_date <= horizon)
            && self
                .termination
                .as_ref()
                .is_none_or(|t| t.terminated_on > self.terms.end_date)
    }
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Aggregate;

    use super::AgreementStatus as S;
    use crate::domain::agreement::fixtures::*;
    use crate::domain::agreement::*;
    use crate::domain::fixtures::*;

    #[test]
    fn a_signed_agreement_expires_the_day_after_its_end_date_unrecorded() {
        // Term 2026-02-01 to 2026-12-31.
        let agreement = Agreement::from_events(signed_history().iter());
        assert_eq!(agreement.status_on(date("2026-01-31")), Some(S::Signed));
        assert_eq!(agreement.status_on(date("2026-02-01")), Some(S::InForce));
        assert_eq!(agreement.status_on(date("2026-12-31")), Some(S::InForce));
        assert_eq!(agreement.status_on(date("2027-01-01")), Some(S::Expired));
        assert_eq!(agreement.expires_on(), Some(date("2027-01-01")));
    }

    #[test]
    fn a_terminated_agreement_stops_on_its_termination_date() {
        let mut history = signed_history();
        history.push(terminated("2026-06-15"));
        let agreement = Agreement::from_events(history.iter());
        assert_eq!(agreement.status_on(date("2026-06-14")), Some(S::InForce));
        assert_eq!(agreement.status_on(date("2026-06-15")), Some(S::Terminated));
        assert_eq!(agreement.status_on(date("2027-03-01")), Some(S::Terminated));
        assert_eq!(
            agreement.expires_on(),
            None,
            "it never reached its end date"
        );
    }

    #[test]
    fn drafts_and_unknown_agreements_are_never_in_force() {
        let draft = Agreement::from_events([drafted()].iter());
        assert_eq!(draft.status_on(date("2026-06-01")), Some(S::Drafted));
        assert_eq!(draft.expires_on(), None);
        assert_eq!(Agreement::default().status_on(date("2026-06-01")), None);
    }

    #[test]
    fn expiring_within_counts_the_days_to_the_last_day_in_force() {
        let agreement = Agreement::from_events(signed_history().iter());
        assert!(agreement.expiring_within(date("2026-12-01"), 30));
        assert!(!agreement.expiring_within(date("2026-12-01"), 29));
        assert!(agreement.expiring_within(date("2026-12-31"), 0));
        assert!(
            !agreement.expiring_within(date("2027-01-01"), 30),
            "already expired"
        );
        assert!(
            !agreement.expiring_within(date("2026-01-15"), 365),
            "not yet in force"
        );
    }
}
