//! What a person is competent in on a given day, derived from the cohorts they completed
//! and the certificates they hold: a pure function of facts the edge reads from the
//! cohort and certificate records, so "competencies as of 2027-01-01" needs no state of
//! its own.

use chrono::NaiveDate;
use uuid::Uuid;

use super::facts::{CertificateFacts, CertificateStanding};

/// One cohort a person completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionRecord {
    /// The cohort.
    pub cohort_id: Uuid,
    /// Its programme.
    pub programme_id: Uuid,
    /// When the person completed it.
    pub completed_on: NaiveDate,
}

/// How far a person's competency in one programme reaches on the day asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompetencyLevel {
    /// Holds a certificate for the programme that is valid on the day.
    Certified,
    /// Was certified, but every certificate for the programme has expired or been
    /// revoked by the day.
    Lapsed,
    /// Completed a cohort of the programme (or holds a certificate not valid yet), with
    /// no certificate valid or lapsed.
    Uncertified,
}

/// A person's competency in one programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Competency {
    /// The programme.
    pub programme_id: Uuid,
    /// How far it reaches on the day.
    pub level: CompetencyLevel,
    /// How many cohorts of the programme the person completed by the day.
    pub cohorts_completed: u32,
    /// The latest of those completions.
    pub last_completed_on: Option<NaiveDate>,
    /// The certificate behind the level: the valid one lasting longest, else the one
    /// that ended last.
    pub certificate: Option<CertificateOnDate>,
}

/// A certificate with its standing on the day: expired ones are flagged `Expired`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateOnDate {
    /// The certificate.
    pub certificate: CertificateFacts,
    /// Valid, expired, revoked or not yet valid on the day.
    pub standing: CertificateStanding,
}

/// A person's competencies and certificates on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonCompetencies {
    /// One per programme completed or certified, ordered by programme id.
    pub competencies: Vec<Competency>,
    /// Every certificate with its standing, ordered by programme, then first valid day.
    pub certificates: Vec<CertificateOnDate>,
}

/// Derives a person's competencies on `as_of` from their completions and certificates.
/// Completions after `as_of` do not count yet.
pub fn competencies(
    completions: &[CompletionRecord],
    certificates: &[CertificateFacts],
    as_of: NaiveDate,
) -> PersonCompetencies {
    let completions: Vec<&CompletionRecord> = completions
        .iter()
        .filter(|c| c.completed_on <= as_of)
        .collect();
    let mut certificates: Vec<CertificateOnDate> = certificates
        .iter()
        .map(|c| CertificateOnDate {
            certificate: c.clone(),
            standing: c.standing_on(as_of),
        })
        .collect();
    certificates.sort_by_key(|c| {
        (
            c.certificate.programme_id,
            c.certificate.valid_from,
            c.certificate.certificate_id,
        )
    });
    let mut programmes: Vec<Uuid> = completions
        .iter()
        .map(|c| c.programme_id)
        .chain(certificates.iter().map(|c| c.certificate.programme_id))
        .collect();
    programmes.sort();
    programmes.dedup();
    let competencies = programmes
        .into_iter()
        .map(|programme_id| competency(programme_id, &completions, &certificates))
        .collect();
    PersonCompetencies {
        competencies,
        certificates,
    }
}

fn competency(
    programme_id: Uuid,
    completions: &[&CompletionRecord],
    certificates: &[CertificateOnDate],
) -> Competency {
    let done: Vec<NaiveDate> = completions
        .iter()
        .filter(|c| c.programme_id == programme_id)
        .map(|c| c.completed_on)
        .collect();
    let held: Vec<&CertificateOnDate> = certificates
        .iter()
        .filter(|c| c.certificate.programme_id == programme_id)
        .collect();
    let valid = held
        .iter()
        .filter(|c| c.standing == CertificateStanding::Valid)
        .max_by_key(|c| c.certificate.valid_until);
    let ended = held
        .iter()
        .filter(|c| {
            matches!(
                c.standing,
                CertificateStanding::Expired | CertificateStanding::Revoked
            )
        })
        .max_by_key(|c| c.certificate.valid_until);
    let (level, certificate) = match (valid, ended) {
        (Some(valid), _) => (CompetencyLevel::Certified, Some(*valid)),
        (None, Some(ended)) => (CompetencyLevel::Lapsed, Some(*ended)),
        (None, None) => (CompetencyLevel::Uncertified, held.first().copied()),
    };
    Competency {
        programme_id,
        level,
        cohorts_completed: u32::try_from(done.len()).unwrap_or(u32::MAX),
        last_completed_on: done.into_iter().max(),
        certificate: certificate.cloned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{date, id};

    fn completion(programme: u128, on: &str) -> CompletionRecord {
        CompletionRecord {
            cohort_id: id(300 + programme),
            programme_id: id(programme),
            completed_on: date(on),
        }
    }

    fn certificate(n: u128, programme: u128, from: &str, until: &str) -> CertificateFacts {
        CertificateFacts {
            certificate_id: id(n),
            programme_id: id(programme),
            valid_from: date(from),
            valid_until: date(until),
            revoked_on: None,
        }
    }

    #[test]
    fn expired_certificates_are_flagged_and_their_competency_lapses() {
        let certificates = [certificate(601, 1, "2023-01-01", "2025-12-31")];
        let result = competencies(
            &[completion(1, "2023-01-01")],
            &certificates,
            date("2026-01-01"),
        );
        assert_eq!(
            result.certificates[0].standing,
            CertificateStanding::Expired
        );
        assert_eq!(result.competencies[0].level, CompetencyLevel::Lapsed);

        let result = competencies(
            &[completion(1, "2023-01-01")],
            &certificates,
            date("2025-12-31"),
        );
        assert_eq!(result.certificates[0].standing, CertificateStanding::Valid);
        assert_eq!(result.competencies[0].level, CompetencyLevel::Certified);
    }

    #[test]
    fn a_valid_certificate_wins_over_an_expired_one() {
        let certificates = [
            certificate(601, 1, "2020-01-01", "2022-12-31"),
            certificate(602, 1, "2023-01-01", "2025-12-31"),
        ];
        let result = competencies(&[], &certificates, date("2024-06-01"));
        let only = &result.competencies[0];
        assert_eq!(only.level, CompetencyLevel::Certified);
        assert_eq!(
            only.certificate
                .as_ref()
                .unwrap()
                .certificate
                .certificate_id,
            id(602)
        );
        assert_eq!(
            result
                .certificates
                .iter()
                .map(|c| c.standing)
                .collect::<Vec<_>>(),
            [CertificateStanding::Expired, CertificateStanding::Valid]
        );
    }

    #[test]
    fn a_revoked_certificate_leaves_the_competency_lapsed() {
        let mut revoked = certificate(601, 1, "2026-01-01", "2028-12-31");
        revoked.revoked_on = Some(date("2026-06-01"));
        let result = competencies(
            &[completion(1, "2025-12-20")],
            &[revoked],
            date("2026-07-01"),
        );
        assert_eq!(result.competencies[0].level, CompetencyLevel::Lapsed);
        assert_eq!(
            result.certificates[0].standing,
            CertificateStanding::Revoked
        );
    }

    #[test]
    fn completion_without_a_certificate_yet_is_uncertified_and_later_completions_do_not_count() {
        let completions = [
            completion(2, "2026-03-06"),
            completion(2, "2026-09-01"),
            completion(1, "2027-01-01"),
        ];
        let result = competencies(&completions, &[], date("2026-12-31"));
        assert_eq!(
            result.competencies,
            [Competency {
                programme_id: id(2),
                level: CompetencyLevel::Uncertified,
                cohorts_completed: 2,
                last_completed_on: Some(date("2026-09-01")),
                certificate: None,
            }]
        );
    }

    #[test]
    fn competencies_are_ordered_by_programme() {
        let result = competencies(
            &[completion(3, "2026-01-01"), completion(1, "2026-01-01")],
            &[certificate(601, 2, "2026-01-01", "2026-12-31")],
            date("2026-06-01"),
        );
        let programmes: Vec<_> = result.competencies.iter().map(|c| c.programme_id).collect();
        assert_eq!(programmes, [id(1), id(2), id(3)]);
    }
}
