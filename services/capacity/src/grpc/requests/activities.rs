//! Requests of the local-wisdom service: activities and the values vocabulary.

use berdaya_platform::auth::Role;
use berdaya_platform::command::{CommandMessage, Input};
use berdaya_platform::command_accessors;
use berdaya_platform::validate::Validator;
use berdaya_proto::berdaya::capacity::v1 as pb;
use uuid::Uuid;

use super::{
    MAX_LONG_TEXT, MAX_NAME, MAX_REASON, MAX_TERM_NAME, SUPERVISORS, bounded, distinct_ids,
    optional_region, unknown_household, unknown_person,
};
use crate::convert;
use crate::domain::activity::{
    ActivityCommand, AddHouseholdsReached, Community, RecordActivity, TagActivityValues,
    VoidActivity,
};
use crate::domain::facts::{TermFacts, TermStanding};
use crate::domain::vocabulary::{AddTerm, RenameTerm, RetireTerm, VocabularyCommand};
use crate::grpc::edge::{ActivityEdge, VOCABULARY_ID, VocabularyEdge};

/// Most leaders named on one activity.
const MAX_LEADERS: usize = 50;
/// Most households listed in one request.
const MAX_HOUSEHOLDS: usize = 500;
/// Most values tagged in one request.
const MAX_VALUES: usize = 20;
/// Most other participants.
const MAX_OTHERS: i32 = 100_000;

fn unknown_terms(ids: Vec<Uuid>) -> Vec<TermFacts> {
    ids.into_iter()
        .map(|term_id| TermFacts {
            term_id,
            standing: TermStanding::Unknown,
        })
        .collect()
}

/// Where the activity was held and the field naming its village.
fn place(
    v: &mut Validator<'static>,
    place: Option<&pb::record_activity_request::Place>,
) -> Option<Community> {
    use pb::record_activity_request::Place;
    match place {
        None => {
            v.violations
                .add("place", "is required: desa_adat_code or community");
            None
        }
        Some(Place::DesaAdatCode(code)) => {
            let village = v.village("desa_adat_code", code.trim())?;
            if !crate::domain::activity::is_desa_adat(&village) {
                v.violations.add(
                    "desa_adat_code",
                    "a desa adat's village part starts with 3 (e.g. 51.03.05.3001)",
                );
                return None;
            }
            Some(Community::DesaAdat { village })
        }
        Some(Place::Community(group)) => {
            let village = v.village("community.village_code", group.village_code.trim());
            let name = v.text("community.name", &group.name, MAX_NAME);
            Some(Community::Group {
                village: village?,
                name: name?,
            })
        }
    }
}

impl CommandMessage<ActivityEdge> for pb::RecordActivityRequest {
    const METHOD: &'static str = "RecordActivity";
    const CREATES: bool = true;
    command_accessors!(activity_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        input: &Input<'_, ActivityEdge>,
    ) -> Option<ActivityCommand> {
        let kind = v.required("kind", convert::activity_kind(self.kind), "ActivityKind");
        let approach = v.required(
            "approach",
            convert::approach(self.approach),
            "ActivityApproach",
        );
        let title = v.text("title", &self.title, MAX_NAME);
        let community = place(v, self.place.as_ref());
        let held_on = v.past_date("held_on", &self.held_on);
        let leaders = distinct_ids(v, "leader_person_ids", &self.leader_person_ids, MAX_LEADERS);
        let households = distinct_ids(v, "household_ids", &self.household_ids, MAX_HOUSEHOLDS);
        let others = bounded(
            v,
            "other_participants",
            self.other_participants,
            0,
            MAX_OTHERS,
        );
        if self.value_ids.is_empty() {
            v.violations.add(
                "value_ids",
                "at least one value, norm or practice is required",
            );
        }
        let values = distinct_ids(v, "value_ids", &self.value_ids, MAX_VALUES);
        let notes = v.optional_text("notes", &self.notes, MAX_LONG_TEXT);
        Some(ActivityCommand::Record(RecordActivity {
            activity_id: input.id,
            kind: kind?,
            approach: approach?,
            title: title?,
            community: community?,
            held_on: held_on?,
            leaders: leaders?.into_iter().map(unknown_person).collect(),
            households: households?.into_iter().map(unknown_household).collect(),
            other_participants: others?,
            values: unknown_terms(values?),
            notes: notes?,
        }))
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        use pb::record_activity_request::Place;
        match &self.place {
            Some(Place::DesaAdatCode(code)) => vec![(code.trim().to_owned(), "desa_adat_code")],
            Some(Place::Community(group)) => vec![(
                group.village_code.trim().to_owned(),
                "community.village_code",
            )],
            None => Vec::new(),
        }
    }
}

impl CommandMessage<ActivityEdge> for pb::AddHouseholdsReachedRequest {
    const METHOD: &'static str = "AddHouseholdsReached";
    command_accessors!(activity_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, ActivityEdge>,
    ) -> Option<ActivityCommand> {
        if self.household_ids.is_empty() {
            v.violations
                .add("household_ids", "at least one household is required");
        }
        let households = distinct_ids(v, "household_ids", &self.household_ids, MAX_HOUSEHOLDS)?;
        Some(ActivityCommand::AddHouseholds(AddHouseholdsReached {
            households: households.into_iter().map(unknown_household).collect(),
        }))
    }
}

impl CommandMessage<ActivityEdge> for pb::TagActivityValuesRequest {
    const METHOD: &'static str = "TagActivityValues";
    command_accessors!(activity_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, ActivityEdge>,
    ) -> Option<ActivityCommand> {
        if self.value_ids.is_empty() {
            v.violations
                .add("value_ids", "at least one value is required");
        }
        let values = distinct_ids(v, "value_ids", &self.value_ids, MAX_VALUES)?;
        Some(ActivityCommand::TagValues(TagActivityValues {
            values: unknown_terms(values),
        }))
    }
}

impl CommandMessage<ActivityEdge> for pb::VoidActivityRequest {
    const METHOD: &'static str = "VoidActivity";
    command_accessors!(activity_id);

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, ActivityEdge>,
    ) -> Option<ActivityCommand> {
        let reason = v.text("reason", &self.reason, MAX_REASON)?;
        Some(ActivityCommand::Void(VoidActivity {
            voided_on: v.today(),
            reason,
        }))
    }
}

/// The accessors of a vocabulary request: its context, and the one vocabulary.
macro_rules! vocabulary {
    () => {
        const CREATES: bool = true;
        const CHOOSES_ID: bool = false;
        const ROLES: &'static [Role] = SUPERVISORS;

        fn context(&mut self) -> &mut Option<berdaya_proto::berdaya::common::v1::CommandContext> {
            &mut self.context
        }

        fn aggregate_id(&self) -> &str {
            VOCABULARY_ID
        }
    };
}

impl CommandMessage<VocabularyEdge> for pb::AddValueTermRequest {
    const METHOD: &'static str = "AddValueTerm";
    vocabulary!();

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, VocabularyEdge>,
    ) -> Option<VocabularyCommand> {
        let term_id = v.optional_id("term_id", &self.term_id);
        let name = v.text("name", &self.name, MAX_TERM_NAME);
        let kind = v.required("kind", convert::term_kind(self.kind), "TermKind");
        let description = v.optional_text("description", &self.description, MAX_LONG_TEXT);
        let region = optional_region(v, "region_code", self.region_code.trim());
        Some(VocabularyCommand::AddTerm(AddTerm {
            term_id: term_id?.unwrap_or_else(Uuid::now_v7),
            name: name?,
            kind: kind?,
            description: description?,
            region: region?,
            added_on: v.today(),
        }))
    }

    fn regions(&self) -> Vec<(String, &'static str)> {
        vec![(self.region_code.trim().to_owned(), "region_code")]
    }
}

impl CommandMessage<VocabularyEdge> for pb::RenameValueTermRequest {
    const METHOD: &'static str = "RenameValueTerm";
    vocabulary!();

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, VocabularyEdge>,
    ) -> Option<VocabularyCommand> {
        let term_id = v.id("term_id", &self.term_id);
        let name = v.text("name", &self.name, MAX_TERM_NAME);
        Some(VocabularyCommand::RenameTerm(RenameTerm {
            term_id: term_id?,
            name: name?,
            renamed_on: v.today(),
        }))
    }
}

impl CommandMessage<VocabularyEdge> for pb::RetireValueTermRequest {
    const METHOD: &'static str = "RetireValueTerm";
    vocabulary!();

    fn to_command(
        &self,
        v: &mut Validator<'static>,
        _input: &Input<'_, VocabularyEdge>,
    ) -> Option<VocabularyCommand> {
        let term_id = v.id("term_id", &self.term_id);
        let reason = v.text("reason", &self.reason, MAX_REASON);
        let replaced_by = v.optional_id("replaced_by_term_id", &self.replaced_by_term_id);
        Some(VocabularyCommand::RetireTerm(RetireTerm {
            term_id: term_id?,
            reason: reason?,
            replaced_by_term_id: replaced_by?,
            retired_on: v.today(),
        }))
    }
}
