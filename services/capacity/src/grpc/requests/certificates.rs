//! Requests about certificates: issue on completion, recognition of outside
//! certificates, renewal and revocation.

use berdaya_platform::auth::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::capacity::v1 as pb;
use uuid::Uuid;

use super::{MAX_NAME, MAX_NOTE, MAX_NUMBER, MAX_REASON, SUPERVISORS, any_date, unknown_person};
use crate::convert;
use crate::domain::certificate::{
    CertificateCommand, IssueCertificate, RecogniseCertificate, RenewCertificate, RevokeCertificate,
};
use crate::domain::facts::{CompletionFacts, CompletionOutcome, ProgrammeFacts, ProgrammeStanding};
use crate::grpc::edge::CertificateEdge;

impl CommandMessage<CertificateEdge> for pb::IssueCertificateRequest {
    const METHOD: &'static str = "IssueCertificate";
    const CREATES: bool = true;
    command_accessors!(certificate_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, CertificateEdge>,
    ) -> Option<CertificateCommand> {
        let cohort = v.id("cohort_id", &self.cohort_id);
        let person = v.id("person_id", &self.person_id);
        let number = v.text("certificate_number", &self.certificate_number, MAX_NUMBER);
        let issued_on = v.past_date("issued_on", &self.issued_on);
        Some(CertificateCommand::Issue(IssueCertificate {
            certificate_id: input.id,
            certificate_number: number?,
            completion: CompletionFacts {
                cohort_id: cohort?,
                programme_id: Uuid::nil(),
                person_id: person?,
                outcome: CompletionOutcome::UnknownCohort,
            },
            holder_subject_id: Uuid::nil(),
            issued_on: issued_on?,
        }))
    }
}

impl CommandMessage<CertificateEdge> for pb::RecogniseCertificateRequest {
    const METHOD: &'static str = "RecogniseCertificate";
    const CREATES: bool = true;
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(certificate_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, CertificateEdge>,
    ) -> Option<CertificateCommand> {
        let person = v.id("person_id", &self.person_id);
        let programme = v.id("programme_id", &self.programme_id);
        let number = v.text("certificate_number", &self.certificate_number, MAX_NUMBER);
        let issuing_body = v.text("issuing_body", &self.issuing_body, MAX_NAME);
        let reference = v.text("reference", &self.reference, MAX_NAME);
        let valid_from = any_date(v, "valid_from", &self.valid_from);
        let valid_until = any_date(v, "valid_until", &self.valid_until);
        Some(CertificateCommand::Recognise(RecogniseCertificate {
            certificate_id: input.id,
            certificate_number: number?,
            holder: unknown_person(person?),
            holder_subject_id: Uuid::nil(),
            programme: ProgrammeFacts {
                programme_id: programme?,
                standing: ProgrammeStanding::Unknown,
            },
            issuing_body: issuing_body?,
            reference: reference?,
            valid_from: valid_from?,
            valid_until: valid_until?,
            recognised_on: v.today(),
        }))
    }
}

impl CommandMessage<CertificateEdge> for pb::RenewCertificateRequest {
    const METHOD: &'static str = "RenewCertificate";
    const CREATES: bool = true;
    const CHOOSES_ID: bool = false;
    command_accessors!(certificate_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CertificateEdge>,
    ) -> Option<CertificateCommand> {
        let renewed_on = v.past_date("renewed_on", &self.renewed_on);
        let basis = v.text("basis", &self.basis, MAX_REASON);
        Some(CertificateCommand::Renew(RenewCertificate {
            renewed_on: renewed_on?,
            basis: basis?,
        }))
    }
}

impl CommandMessage<CertificateEdge> for pb::RevokeCertificateRequest {
    const METHOD: &'static str = "RevokeCertificate";
    const CREATES: bool = true;
    const CHOOSES_ID: bool = false;
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(certificate_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CertificateEdge>,
    ) -> Option<CertificateCommand> {
        let revoked_on = v.past_date("revoked_on", &self.revoked_on);
        let reason = v.required(
            "reason",
            convert::revocation_reason(self.reason),
            "RevocationReason",
        );
        let note = v.text("note", &self.note, MAX_NOTE);
        Some(CertificateCommand::Revoke(RevokeCertificate {
            revoked_on: revoked_on?,
            reason: reason?,
            note: note?,
        }))
    }
}
