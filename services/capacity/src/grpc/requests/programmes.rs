//! Requests about capacity-building programmes (supervisors and admins).

use berdaya_platform::auth::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::capacity::v1 as pb;

use super::{MAX_CODE, MAX_LONG_TEXT, MAX_NAME, MAX_NOTE, MAX_REASON, SUPERVISORS, bounded};
use crate::convert;
use crate::domain::programme::{
    CertificateSpec, DefineProgramme, MAX_MODULE_HOURS, MAX_MODULES, MAX_VALIDITY_MONTHS, Module,
    ProgrammeCommand, ProgrammeTerms, RetireProgramme, ReviseProgramme,
};
use crate::grpc::edge::ProgrammeEdge;

/// Modules, attendance share, pass mark and certificate, as requested.
pub(super) fn terms(
    v: &mut Validator<'static>,
    modules: &[pb::Module],
    required_attendance_percent: i32,
    pass_mark: Option<i32>,
    certificate: Option<&pb::CertificateSpec>,
) -> Option<ProgrammeTerms> {
    if modules.is_empty() || modules.len() > MAX_MODULES {
        v.violations
            .add("modules", format!("must list 1 to {MAX_MODULES} modules"));
    }
    let modules = v.each(
        "modules",
        &modules[..modules.len().min(MAX_MODULES)],
        |v, field, m| {
            let code = v.text(&format!("{field}.code"), &m.code, MAX_CODE);
            let title = v.text(&format!("{field}.title"), &m.title, MAX_NAME);
            let hours = bounded(
                v,
                &format!("{field}.hours"),
                m.hours,
                1,
                i32::from(MAX_MODULE_HOURS),
            );
            Some(Module {
                code: code?,
                title: title?,
                hours: hours?,
            })
        },
    );
    let attendance = bounded(
        v,
        "required_attendance_percent",
        required_attendance_percent,
        1,
        100,
    );
    let pass_mark = match pass_mark {
        None => Some(None),
        Some(mark) => bounded(v, "pass_mark", mark, 1, 100).map(Some),
    };
    let certificate = match certificate {
        None => {
            v.violations.add("certificate", "is required");
            None
        }
        Some(c) => {
            let name = v.text("certificate.name", &c.name, MAX_NAME);
            let months = bounded(
                v,
                "certificate.validity_months",
                c.validity_months,
                1,
                i32::from(MAX_VALIDITY_MONTHS),
            );
            name.zip(months)
                .map(|(name, validity_months)| CertificateSpec {
                    name,
                    validity_months,
                })
        }
    };
    Some(ProgrammeTerms {
        modules: modules?,
        required_attendance_percent: attendance?,
        pass_mark: pass_mark?,
        certificate: certificate?,
    })
}

impl CommandMessage<ProgrammeEdge> for pb::DefineProgrammeRequest {
    const METHOD: &'static str = "DefineProgramme";
    const CREATES: bool = true;
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(programme_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, ProgrammeEdge>,
    ) -> Option<ProgrammeCommand> {
        let title = v.text("title", &self.title, MAX_NAME);
        let description = v.optional_text("description", &self.description, MAX_LONG_TEXT);
        let method = v.required("method", convert::method(self.method), "ProgrammeMethod");
        let roles = v.each("target_roles", &self.target_roles, |v, field, r| {
            v.required(field, convert::role(*r), "PersonRole")
        });
        let terms = terms(
            v,
            &self.modules,
            self.required_attendance_percent,
            self.pass_mark,
            self.certificate.as_ref(),
        );
        Some(ProgrammeCommand::Define(DefineProgramme {
            programme_id: input.id,
            title: title?,
            description: description?,
            method: method?,
            target_roles: roles?,
            terms: terms?,
            defined_on: v.today(),
        }))
    }
}

impl CommandMessage<ProgrammeEdge> for pb::ReviseProgrammeRequest {
    const METHOD: &'static str = "ReviseProgramme";
    const CREATES: bool = true;
    const CHOOSES_ID: bool = false;
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(programme_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, ProgrammeEdge>,
    ) -> Option<ProgrammeCommand> {
        let terms = terms(
            v,
            &self.modules,
            self.required_attendance_percent,
            self.pass_mark,
            self.certificate.as_ref(),
        );
        let note = v.text("note", &self.note, MAX_NOTE);
        Some(ProgrammeCommand::Revise(ReviseProgramme {
            terms: terms?,
            revised_on: v.today(),
            note: note?,
        }))
    }
}

impl CommandMessage<ProgrammeEdge> for pb::RetireProgrammeRequest {
    const METHOD: &'static str = "RetireProgramme";
    const CREATES: bool = true;
    const CHOOSES_ID: bool = false;
    const ROLES: &'static [Role] = SUPERVISORS;
    command_accessors!(programme_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, ProgrammeEdge>,
    ) -> Option<ProgrammeCommand> {
        let reason = v.text("reason", &self.reason, MAX_REASON)?;
        Some(ProgrammeCommand::Retire(RetireProgramme {
            retired_on: v.today(),
            reason,
        }))
    }
}
