//! Requests about cohorts: scheduling, trainers, sessions, participants, attendance,
//! assessment, completion.

use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::capacity::v1 as pb;
use uuid::Uuid;

use super::{MAX_CODE, MAX_NAME, MAX_REASON, bounded, distinct_ids, region, unknown_person};
use crate::convert;
use crate::domain::cohort::{
    AssignTrainer, CancelCohort, CancelSession, CohortCommand, CompleteCohort, EnrolParticipant,
    RecordAssessment, RecordAttendance, ScheduleCohort, ScheduleSession, WithdrawParticipant,
};
use crate::domain::facts::{ProgrammeFacts, ProgrammeStanding};
use crate::grpc::edge::CohortEdge;

/// Most participants a cohort takes, and so most people on one attendance list.
const MAX_CAPACITY: i32 = 500;

impl CommandMessage<CohortEdge> for pb::ScheduleCohortRequest {
    const METHOD: &'static str = "ScheduleCohort";
    const CREATES: bool = true;
    command_accessors!(cohort_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, CohortEdge>,
    ) -> Option<CohortCommand> {
        let programme = v.id("programme_id", &self.programme_id);
        let name = v.text("name", &self.name, MAX_NAME);
        let region = region(v, "region_code", self.region_code.trim());
        let venue = v.optional_text("venue", &self.venue, MAX_REASON);
        let starts_on = v.date("starts_on", &self.starts_on);
        let ends_on = v.date("ends_on", &self.ends_on);
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            v.violations
                .add("ends_on", format!("must not be before starts_on ({s})"));
        }
        let capacity = bounded(v, "capacity", self.capacity, 1, MAX_CAPACITY);
        Some(CohortCommand::Schedule(ScheduleCohort {
            cohort_id: input.id,
            programme: ProgrammeFacts {
                programme_id: programme?,
                standing: ProgrammeStanding::Unknown,
            },
            name: name?,
            region: region?,
            venue: venue?,
            starts_on: starts_on?,
            ends_on: ends_on?,
            capacity: capacity?,
        }))
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        vec![(self.region_code.trim().to_owned(), "region_code")]
    }
}

impl CommandMessage<CohortEdge> for pb::AssignTrainerRequest {
    const METHOD: &'static str = "AssignTrainer";
    command_accessors!(cohort_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CohortEdge>,
    ) -> Option<CohortCommand> {
        let trainer = v.id("trainer_id", &self.trainer_id)?;
        Some(CohortCommand::AssignTrainer(AssignTrainer {
            trainer: unknown_person(trainer),
            certificates: Vec::new(),
        }))
    }
}

impl CommandMessage<CohortEdge> for pb::ScheduleSessionRequest {
    const METHOD: &'static str = "ScheduleSession";
    command_accessors!(cohort_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CohortEdge>,
    ) -> Option<CohortCommand> {
        let session_id = v.optional_id("session_id", &self.session_id);
        let module_code = v.text("module_code", &self.module_code, MAX_CODE);
        let held_on = v.date("held_on", &self.held_on);
        let trainer_id = v.id("trainer_id", &self.trainer_id);
        Some(CohortCommand::ScheduleSession(ScheduleSession {
            session_id: session_id?.unwrap_or_else(Uuid::now_v7),
            module_code: module_code?,
            held_on: held_on?,
            trainer_id: trainer_id?,
        }))
    }
}

impl CommandMessage<CohortEdge> for pb::CancelSessionRequest {
    const METHOD: &'static str = "CancelSession";
    command_accessors!(cohort_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CohortEdge>,
    ) -> Option<CohortCommand> {
        let session_id = v.id("session_id", &self.session_id);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(CohortCommand::CancelSession(CancelSession {
            session_id: session_id?,
            reason: reason?,
        }))
    }
}

impl CommandMessage<CohortEdge> for pb::EnrolParticipantRequest {
    const METHOD: &'static str = "EnrolParticipant";
    command_accessors!(cohort_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CohortEdge>,
    ) -> Option<CohortCommand> {
        let person = v.id("person_id", &self.person_id);
        let enrolled_on = v.past_date("enrolled_on", &self.enrolled_on);
        Some(CohortCommand::Enrol(EnrolParticipant {
            participant: unknown_person(person?),
            enrolled_on: enrolled_on?,
        }))
    }
}

impl CommandMessage<CohortEdge> for pb::WithdrawParticipantRequest {
    const METHOD: &'static str = "WithdrawParticipant";
    command_accessors!(cohort_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CohortEdge>,
    ) -> Option<CohortCommand> {
        let person = v.id("person_id", &self.person_id);
        let withdrawn_on = v.past_date("withdrawn_on", &self.withdrawn_on);
        let reason = v.required(
            "reason",
            convert::withdrawal_reason(self.reason),
            "WithdrawalReason",
        );
        Some(CohortCommand::Withdraw(WithdrawParticipant {
            person_id: person?,
            withdrawn_on: withdrawn_on?,
            reason: reason?,
        }))
    }
}

impl CommandMessage<CohortEdge> for pb::RecordAttendanceRequest {
    const METHOD: &'static str = "RecordAttendance";
    command_accessors!(cohort_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CohortEdge>,
    ) -> Option<CohortCommand> {
        let session_id = v.id("session_id", &self.session_id);
        let present = distinct_ids(
            v,
            "present_person_ids",
            &self.present_person_ids,
            usize::try_from(MAX_CAPACITY).unwrap_or_default(),
        );
        Some(CohortCommand::RecordAttendance(RecordAttendance {
            session_id: session_id?,
            present: present?,
            recorded_on: v.today(),
        }))
    }
}

impl CommandMessage<CohortEdge> for pb::RecordAssessmentRequest {
    const METHOD: &'static str = "RecordAssessment";
    command_accessors!(cohort_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CohortEdge>,
    ) -> Option<CohortCommand> {
        let person = v.id("person_id", &self.person_id);
        let score = bounded(v, "score", self.score, 0, 100);
        let assessed_on = v.past_date("assessed_on", &self.assessed_on);
        Some(CohortCommand::RecordAssessment(RecordAssessment {
            person_id: person?,
            score: score?,
            assessed_on: assessed_on?,
        }))
    }
}

impl CommandMessage<CohortEdge> for pb::CompleteCohortRequest {
    const METHOD: &'static str = "CompleteCohort";
    command_accessors!(cohort_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CohortEdge>,
    ) -> Option<CohortCommand> {
        let completed_on = v.past_date("completed_on", &self.completed_on)?;
        Some(CohortCommand::Complete(CompleteCohort { completed_on }))
    }
}

impl CommandMessage<CohortEdge> for pb::CancelCohortRequest {
    const METHOD: &'static str = "CancelCohort";
    command_accessors!(cohort_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, CohortEdge>,
    ) -> Option<CohortCommand> {
        let cancelled_on = v.date("cancelled_on", &self.cancelled_on);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        Some(CohortCommand::Cancel(CancelCohort {
            cancelled_on: cancelled_on?,
            reason: reason?,
        }))
    }
}
