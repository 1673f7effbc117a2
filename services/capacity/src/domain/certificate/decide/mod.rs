//! The certificate's rules: one decision per command, each in its own file with its
//! tests.

mod issue;
mod recognise;
mod renew;
mod revoke;

use berdaya_domain::DomainError;

use super::{
    Certificate, CertificateCommand, CertificateEvent, CertificateRules, CertificateStatus,
};

/// Decides a command against a certificate's state.
pub(super) fn decide(
    state: &Certificate,
    command: &CertificateCommand,
    rules: &CertificateRules,
) -> Result<Vec<CertificateEvent>, DomainError> {
    use CertificateCommand as C;
    match command {
        C::Issue(issue) => return issue::issue(state, issue),
        C::Recognise(recognise) => return recognise::recognise(state, recognise),
        C::Renew(_) | C::Revoke(_) => {}
    }
    match state.status {
        CertificateStatus::Unissued => return Err(DomainError::not_found("certificate")),
        CertificateStatus::Revoked => {
            return Err(DomainError::rule(
                "certificate_id",
                "the certificate was revoked",
            ));
        }
        CertificateStatus::Issued => {}
    }
    match command {
        C::Issue(_) | C::Recognise(_) => Err(DomainError::already_exists(
            "certificate_id",
            "the certificate is already issued",
        )),
        C::Renew(renew) => renew::renew(state, renew, rules),
        C::Revoke(revoke) => revoke::revoke(state, revoke),
    }
}

/// Refuses a second issue or recognition under the same id.
fn unissued(state: &Certificate) -> Result<(), DomainError> {
    if state.status == CertificateStatus::Unissued {
        Ok(())
    } else {
        Err(DomainError::already_exists(
            "certificate_id",
            "a certificate with this id is already issued",
        ))
    }
}
