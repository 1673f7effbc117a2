//! The `berdaya.households.v1.HouseholdsService` gRPC API: authorise, validate, run the
//! command through the aggregate store, answer.

mod effects;
mod validate;
mod view;

use std::pin::Pin;
use std::sync::Arc;

use berdaya_eventstore::pii::Vault;
use berdaya_eventstore::{EventStore, RecordedEvent};
use berdaya_platform::RegionDirectory;
use berdaya_platform::aggregate_store::{AggregateStore, CommandError, CommandRequest};
use berdaya_platform::auth::{Principal, Role};
use berdaya_platform::command_context::{command_context, retry_identity, traceparent};
use berdaya_platform::grpc_error::{domain_status, invalid_argument, store_status};
use berdaya_proto::berdaya::common::v1 as common;
use berdaya_proto::berdaya::households::v1 as pb;
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsService;
use futures::Stream;
use prost::Message;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::codec::HouseholdCodec;
use crate::domain::{Household, HouseholdCommand, HouseholdStatus, ProgrammePolicy};
pub use effects::NIK_SCOPE;
use validate::{MAX_ADDRESS, MAX_NOTE, MAX_REASON, Validator};

/// The full gRPC service name, used as the idempotency operation prefix.
pub const SERVICE_NAME: &str = "berdaya.households.v1.HouseholdsService";
/// The stream category of households.
pub const CATEGORY: &str = "household";
/// Largest page of `ListHouseholds`.
pub const MAX_PAGE_SIZE: u32 = 500;
/// Page size when the caller gives none.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The stream id of a household.
pub fn stream_id(household_id: Uuid) -> String {
    format!("{CATEGORY}-{household_id}")
}

/// The households gRPC service.
#[derive(Clone)]
pub struct HouseholdsApi {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for HouseholdsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HouseholdsApi").finish_non_exhaustive()
    }
}

struct Inner {
    aggregates: AggregateStore<Household, HouseholdCodec>,
    policy: Arc<ProgrammePolicy>,
    regions: &'static RegionDirectory,
}

impl HouseholdsApi {
    /// The service over an event store, with the deployment's vault and programme rules.
    pub fn new(store: Arc<dyn EventStore>, vault: Arc<Vault>, policy: ProgrammePolicy) -> Self {
        Self {
            inner: Arc::new(Inner {
                aggregates: AggregateStore::new(store, vault, HouseholdCodec, CATEGORY),
                policy: Arc::new(policy),
                regions: RegionDirectory::embedded(),
            }),
        }
    }

    fn today() -> chrono::NaiveDate {
        // Indonesian offices work in local dates; WIB (UTC+7) is the western and most
        // populous zone, and a day's difference at the edges only matters for "future"
        // checks.
        (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
    }

    fn validator(&self) -> Validator<'static> {
        Validator::new(self.inner.regions, Self::today())
    }

    /// Runs one command for `household_id` (a new id for registrations).
    ///
    /// `build` turns the request into a command given the current state; `extra_region`
    /// names another region the caller must be allowed to write in (a move's destination).
    #[allow(clippy::too_many_arguments)]
    async fn command<Req>(
        &self,
        request: Request<Req>,
        method: &str,
        context: impl Fn(&mut Req) -> &mut Option<common::CommandContext>,
        household_id: &str,
        registering: bool,
        build: impl FnOnce(&mut Validator<'static>, &Req, &Household) -> Option<HouseholdCommand>,
        region_of: impl FnOnce(&Req, &Household) -> Vec<(String, &'static str)>,
    ) -> Result<Response<pb::HouseholdResponse>, Status>
    where
        Req: Message + Clone + Default,
    {
        let principal = Principal::from_request(&request)?;
        let trace = traceparent(&request);
        let mut message = request.into_inner();
        let operation = format!("{SERVICE_NAME}/{method}");
        let ctx = {
            let ctx_ref = context(&mut message).clone();
            let context_fn = &context;
            command_context(
                &principal,
                &operation,
                ctx_ref.as_ref(),
                &message,
                |m| retry_identity(context_fn(m)),
                trace,
            )?
        };

        let mut validator = self.validator();
        let id = if registering && household_id.is_empty() {
            Some(Uuid::now_v7())
        } else {
            validator.id("household_id", household_id)
        };
        let Some(id) = id else {
            return Err(finish(validator).unwrap_err());
        };
        let stream = stream_id(id);
        let loaded = self
            .inner
            .aggregates
            .load(&stream)
            .await
            .map_err(command_status)?;
        if !registering {
            match loaded.state.status {
                HouseholdStatus::Unregistered => {
                    return Err(Status::not_found(format!("household {id} not found")));
                }
                _ => principal.can_write(
                    loaded
                        .state
                        .village
                        .as_ref()
                        .map(|v| v.as_str())
                        .unwrap_or_default(),
                    "household_id",
                )?,
            }
        }
        for (region, field) in region_of(&message, &loaded.state) {
            principal.can_write(&region, field)?;
        }
        let command = build(&mut validator, &message, &loaded.state);
        finish(validator)?;
        let command = command.ok_or_else(|| Status::invalid_argument("invalid request"))?;
        let command = match command {
            HouseholdCommand::Register {
                household_id: _,
                village,
                kk_number,
                kk_valid_from,
                decile,
                ranking_round,
                subject_id,
                data,
                members,
            } => HouseholdCommand::Register {
                household_id: id,
                village,
                kk_number,
                kk_valid_from,
                decile,
                ranking_round,
                subject_id,
                data,
                members,
            },
            other => other,
        };

        let vault = self.inner.aggregates.vault();
        let regions = self.inner.regions;
        let side_effects = |before: &Household, events: &[_], after: &Household| {
            effects::side_effects(vault, before, events, after)
        };
        let respond = |state: &Household, version: i64, ids: &[Uuid]| {
            pb::HouseholdResponse {
                household: Some(view::household(state, version, regions)),
                event_ids: ids.iter().map(ToString::to_string).collect(),
            }
            .encode_to_vec()
        };
        let mut metadata = ctx.metadata;
        metadata.region = loaded
            .state
            .village
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let bytes = self
            .inner
            .aggregates
            .execute(CommandRequest {
                stream_id: stream,
                command,
                expected_version: ctx.expected_version,
                metadata,
                idempotency: ctx.idempotency,
                side_effects: &side_effects,
                respond: &respond,
            })
            .await
            .map_err(command_status)?;
        let response = pb::HouseholdResponse::decode(bytes.as_slice())
            .map_err(berdaya_platform::grpc_error::internal)?;
        Ok(Response::new(response))
    }

    async fn readable(
        &self,
        principal: &Principal,
        household_id: &str,
    ) -> Result<(String, berdaya_platform::aggregate_store::Loaded<Household>), Status> {
        let mut validator = self.validator();
        let id = validator.id("household_id", household_id);
        finish(validator)?;
        let stream = stream_id(id.unwrap_or_default());
        let loaded = self
            .inner
            .aggregates
            .load(&stream)
            .await
            .map_err(command_status)?;
        if loaded.state.status == HouseholdStatus::Unregistered {
            return Err(Status::not_found(format!(
                "household {household_id} not found"
            )));
        }
        principal.can_read(
            loaded
                .state
                .village
                .as_ref()
                .map(|v| v.as_str())
                .unwrap_or_default(),
            "household_id",
        )?;
        Ok((stream, loaded))
    }
}

fn finish(validator: Validator<'_>) -> Result<(), Status> {
    validator.violations.finish().map_err(|e| domain_status(&e))
}

/// The status of a failed command.
pub fn command_status(error: CommandError) -> Status {
    match error {
        CommandError::Domain(e) => domain_status(&e),
        CommandError::Store(e) => store_status(&e),
        CommandError::IdempotencyKeyReused { key, operation } => Status::already_exists(format!(
            "context.idempotency_key: {key:?} was already used for a different request ({operation}); use a new key for a new command"
        )),
        CommandError::Codec(berdaya_platform::aggregate_store::CodecError::SubjectErased {
            field,
        }) => domain_status(&berdaya_domain::DomainError::rule(
            field,
            "the personal data of this subject was erased and cannot be recorded again",
        )),
        CommandError::Codec(e) => berdaya_platform::grpc_error::internal(e),
    }
}

fn recorded_pb(event: RecordedEvent) -> common::RecordedEvent {
    common::RecordedEvent {
        stream_id: event.stream_id,
        version: event.version,
        event_id: event.event_id.to_string(),
        payload: Some(prost_types::Any {
            type_url: berdaya_proto::type_url(&event.event_type),
            value: event.payload,
        }),
        event_type: event.event_type,
        schema_version: event.schema_version,
        metadata: Some(common::EventMetadata {
            actor: event.metadata.actor,
            role: event.metadata.role,
            region: event.metadata.region,
            correlation_id: event.metadata.correlation_id,
            causation_id: event.metadata.causation_id,
            idempotency_key: event.metadata.idempotency_key,
            traceparent: event.metadata.traceparent,
        }),
        recorded_at: Some(prost_types::Timestamp {
            seconds: event.recorded_at.timestamp(),
            nanos: i32::try_from(event.recorded_at.timestamp_subsec_nanos()).unwrap_or(0),
        }),
        prev_hash: hex::encode(event.prev_hash),
        hash: hex::encode(event.hash),
        position: event.cursor.position,
    }
}

type HistoryStream = Pin<Box<dyn Stream<Item = Result<common::RecordedEvent, Status>> + Send>>;

/// Events per read when streaming history.
const HISTORY_BATCH: i64 = 500;

#[tonic::async_trait]
impl HouseholdsService for HouseholdsApi {
    async fn register_household(
        &self,
        request: Request<pb::RegisterHouseholdRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        let household_id = request.get_ref().household_id.clone();
        self.command(
            request,
            "RegisterHousehold",
            |m| &mut m.context,
            &household_id,
            true,
            |v, m, _| {
                let village = v.village("village_code", &m.village_code);
                let kk_number = v.kk("kk_number", &m.kk_number);
                let kk_valid_from = v.past_date("kk_valid_from", &m.kk_valid_from);
                let data = v.household_data(&m.address, &m.phone);
                let decile = v.decile("decile", m.decile);
                let ranking_round = v.round("ranking_round", &m.ranking_round);
                let members = v.members(&m.members);
                Some(HouseholdCommand::Register {
                    household_id: Uuid::nil(),
                    village: village?,
                    kk_number: kk_number?,
                    kk_valid_from: kk_valid_from?,
                    decile: decile?,
                    ranking_round: ranking_round?,
                    subject_id: Uuid::new_v4(),
                    data: data?,
                    members: members?,
                })
            },
            |m, _| vec![(m.village_code.clone(), "village_code")],
        )
        .await
    }

    async fn add_member(
        &self,
        request: Request<pb::AddMemberRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        let id = request.get_ref().household_id.clone();
        self.command(
            request,
            "AddMember",
            |m| &mut m.context,
            &id,
            false,
            |v, m, _| {
                let member = match &m.member {
                    Some(member) => v.member("member", member),
                    None => {
                        v.violations.add("member", "is required");
                        None
                    }
                };
                let joined_on = v.past_date("joined_on", &m.joined_on);
                Some(HouseholdCommand::AddMember {
                    member: member?,
                    joined_on: joined_on?,
                })
            },
            |_, _| vec![],
        )
        .await
    }

    async fn remove_member(
        &self,
        request: Request<pb::RemoveMemberRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        let id = request.get_ref().household_id.clone();
        self.command(
            request,
            "RemoveMember",
            |m| &mut m.context,
            &id,
            false,
            |v, m, _| {
                let member_id = v.id("member_id", &m.member_id);
                let reason = v.required(
                    "reason",
                    crate::convert::removal_reason(m.reason),
                    "RemovalReason",
                );
                let effective_date = v.past_date("effective_date", &m.effective_date);
                let note = v.optional_text("note", &m.note, MAX_NOTE);
                let new_head = v.optional_id("new_head_member_id", &m.new_head_member_id);
                Some(HouseholdCommand::RemoveMember {
                    member_id: member_id?,
                    reason: reason?,
                    effective_date: effective_date?,
                    note: note?,
                    new_head: new_head?,
                })
            },
            |_, _| vec![],
        )
        .await
    }

    async fn change_kk_number(
        &self,
        request: Request<pb::ChangeKkNumberRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        let id = request.get_ref().household_id.clone();
        self.command(
            request,
            "ChangeKkNumber",
            |m| &mut m.context,
            &id,
            false,
            |v, m, _| {
                let kk_number = v.kk("kk_number", &m.kk_number);
                let valid_from = v.past_date("valid_from", &m.valid_from);
                let reason = v.text("reason", &m.reason, MAX_REASON);
                Some(HouseholdCommand::ChangeKkNumber {
                    kk_number: kk_number?,
                    valid_from: valid_from?,
                    reason: reason?,
                })
            },
            |_, _| vec![],
        )
        .await
    }

    async fn move_household(
        &self,
        request: Request<pb::MoveHouseholdRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        let id = request.get_ref().household_id.clone();
        self.command(
            request,
            "MoveHousehold",
            |m| &mut m.context,
            &id,
            false,
            |v, m, _| {
                let to = v.village("to_village_code", &m.to_village_code);
                let address = v.text("address", &m.address, MAX_ADDRESS);
                let moved_on = v.past_date("moved_on", &m.moved_on);
                Some(HouseholdCommand::Move {
                    to: to?,
                    address: address?,
                    moved_on: moved_on?,
                })
            },
            |m, _| {
                // Checked only once the code is well formed; a malformed one is reported by
                // validation as INVALID_ARGUMENT.
                if berdaya_domain::id::RegionCode::parse_village(&m.to_village_code).is_ok() {
                    vec![(m.to_village_code.clone(), "to_village_code")]
                } else {
                    vec![]
                }
            },
        )
        .await
    }

    async fn update_decile(
        &self,
        request: Request<pb::UpdateDecileRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        let id = request.get_ref().household_id.clone();
        self.command(
            request,
            "UpdateDecile",
            |m| &mut m.context,
            &id,
            false,
            |v, m, _| {
                let decile = v.decile("decile", m.decile);
                let ranking_round = v.round("ranking_round", &m.ranking_round);
                Some(HouseholdCommand::UpdateDecile {
                    decile: decile?,
                    ranking_round: ranking_round?,
                })
            },
            |_, _| vec![],
        )
        .await
    }

    async fn enrol_programme(
        &self,
        request: Request<pb::EnrolProgrammeRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        let id = request.get_ref().household_id.clone();
        let policy = self.inner.policy.clone();
        self.command(
            request,
            "EnrolProgramme",
            |m| &mut m.context,
            &id,
            false,
            |v, m, _| {
                let programme = v.required(
                    "programme",
                    crate::convert::programme(m.programme),
                    "Programme",
                );
                let enrolled_on = v.date("enrolled_on", &m.enrolled_on);
                let components = v.components(&m.components);
                Some(HouseholdCommand::Enrol {
                    programme: programme?,
                    enrolled_on: enrolled_on?,
                    components: components?,
                    policy,
                })
            },
            |_, _| vec![],
        )
        .await
    }

    async fn update_pkh_components(
        &self,
        request: Request<pb::UpdatePkhComponentsRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        let id = request.get_ref().household_id.clone();
        let policy = self.inner.policy.clone();
        self.command(
            request,
            "UpdatePkhComponents",
            |m| &mut m.context,
            &id,
            false,
            |v, m, _| {
                let components = v.components(&m.components);
                if m.components.is_empty() {
                    v.violations
                        .add("components", "at least one component is required");
                }
                let effective_date = v.date("effective_date", &m.effective_date);
                Some(HouseholdCommand::UpdatePkhComponents {
                    components: components?,
                    effective_date: effective_date?,
                    policy,
                })
            },
            |_, _| vec![],
        )
        .await
    }

    async fn exit_programme(
        &self,
        request: Request<pb::ExitProgrammeRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        let id = request.get_ref().household_id.clone();
        self.command(
            request,
            "ExitProgramme",
            |m| &mut m.context,
            &id,
            false,
            |v, m, _| {
                let programme = v.required(
                    "programme",
                    crate::convert::programme(m.programme),
                    "Programme",
                );
                let reason = v.required(
                    "reason",
                    crate::convert::exit_reason(m.reason),
                    "ExitReason",
                );
                let exited_on = v.date("exited_on", &m.exited_on);
                let note = v.optional_text("note", &m.note, MAX_NOTE);
                Some(HouseholdCommand::Exit {
                    programme: programme?,
                    reason: reason?,
                    exited_on: exited_on?,
                    note: note?,
                })
            },
            |_, _| vec![],
        )
        .await
    }

    async fn close_household(
        &self,
        request: Request<pb::CloseHouseholdRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        let id = request.get_ref().household_id.clone();
        self.command(
            request,
            "CloseHousehold",
            |m| &mut m.context,
            &id,
            false,
            |v, m, _| {
                let reason = v.text("reason", &m.reason, MAX_REASON);
                let closed_on = v.past_date("closed_on", &m.closed_on);
                Some(HouseholdCommand::Close {
                    reason: reason?,
                    closed_on: closed_on?,
                })
            },
            |_, _| vec![],
        )
        .await
    }

    async fn erase_personal_data(
        &self,
        request: Request<pb::ErasePersonalDataRequest>,
    ) -> Result<Response<pb::HouseholdResponse>, Status> {
        Principal::from_request(&request)?.require_role(&[Role::Admin])?;
        let id = request.get_ref().household_id.clone();
        self.command(
            request,
            "ErasePersonalData",
            |m| &mut m.context,
            &id,
            false,
            |v, m, _| {
                let member_id = v.optional_id("member_id", &m.member_id);
                let reason = v.text("reason", &m.reason, MAX_REASON);
                Some(HouseholdCommand::ErasePersonalData {
                    member_id: member_id?,
                    reason: reason?,
                })
            },
            |_, _| vec![],
        )
        .await
    }

    async fn get_household(
        &self,
        request: Request<pb::GetHouseholdRequest>,
    ) -> Result<Response<pb::Household>, Status> {
        let principal = Principal::from_request(&request)?;
        let (_, loaded) = self
            .readable(&principal, &request.get_ref().household_id)
            .await?;
        Ok(Response::new(view::household(
            &loaded.state,
            loaded.version,
            self.inner.regions,
        )))
    }

    async fn list_households(
        &self,
        request: Request<pb::ListHouseholdsRequest>,
    ) -> Result<Response<pb::ListHouseholdsResponse>, Status> {
        let principal = Principal::from_request(&request)?;
        let message = request.into_inner();
        let prefix = message.region_prefix.trim().to_owned();
        let page = message.page.unwrap_or_default();
        let mut violations = Vec::new();
        if !prefix.is_empty()
            && let Err(v) = self.inner.regions.validate_prefix(&prefix)
        {
            violations.push(v.under("region_prefix"));
        }
        if page.page_size > MAX_PAGE_SIZE {
            violations.push(berdaya_domain::FieldViolation::new(
                "page.page_size",
                format!("must be at most {MAX_PAGE_SIZE}"),
            ));
        }
        let after = if page.page_token.is_empty() {
            None
        } else {
            match Uuid::parse_str(&page.page_token) {
                Ok(id) => Some(stream_id(id)),
                Err(_) => {
                    violations.push(berdaya_domain::FieldViolation::new(
                        "page.page_token",
                        "is not a token from a previous page",
                    ));
                    None
                }
            }
        };
        if !violations.is_empty() {
            return Err(invalid_argument(&violations));
        }
        principal.can_read(&prefix, "region_prefix")?;
        let size = if page.page_size == 0 {
            DEFAULT_PAGE_SIZE
        } else {
            page.page_size
        };
        let streams = self
            .inner
            .aggregates
            .events()
            .list_streams(CATEGORY, &prefix, after.as_deref(), i64::from(size) + 1)
            .await
            .map_err(|e| store_status(&e))?;
        let more = streams.len() > size as usize;
        let mut households = Vec::with_capacity(streams.len());
        for info in streams.iter().take(size as usize) {
            let loaded = self
                .inner
                .aggregates
                .load(&info.stream_id)
                .await
                .map_err(command_status)?;
            households.push(view::household(
                &loaded.state,
                loaded.version,
                self.inner.regions,
            ));
        }
        let next_page_token = if more {
            households
                .last()
                .map(|h| h.household_id.clone())
                .unwrap_or_default()
        } else {
            String::new()
        };
        Ok(Response::new(pb::ListHouseholdsResponse {
            households,
            page: Some(common::PageResponse { next_page_token }),
        }))
    }

    type StreamHouseholdHistoryStream = HistoryStream;

    async fn stream_household_history(
        &self,
        request: Request<pb::StreamHouseholdHistoryRequest>,
    ) -> Result<Response<HistoryStream>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, _) = self
            .readable(&principal, &request.get_ref().household_id)
            .await?;
        let store = self.inner.aggregates.events().clone();
        let output = async_stream::try_stream! {
            let mut after = 0;
            loop {
                let batch = store.read_stream(&stream, after, Some(HISTORY_BATCH)).await.map_err(|e| store_status(&e))?;
                let done = (batch.len() as i64) < HISTORY_BATCH;
                for event in batch {
                    after = event.version;
                    yield recorded_pb(event);
                }
                if done {
                    break;
                }
            }
        };
        Ok(Response::new(Box::pin(output)))
    }

    async fn verify_household_history(
        &self,
        request: Request<pb::VerifyHouseholdHistoryRequest>,
    ) -> Result<Response<common::ChainVerification>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, _) = self
            .readable(&principal, &request.get_ref().household_id)
            .await?;
        let report = self
            .inner
            .aggregates
            .events()
            .verify_stream(&stream)
            .await
            .map_err(|e| store_status(&e))?;
        Ok(Response::new(common::ChainVerification {
            stream_id: report.stream_id.clone(),
            events: report.events,
            intact: report.is_intact(),
            first_broken_version: report.first_broken_version.unwrap_or_default(),
            head_hash: hex::encode(report.head_hash),
        }))
    }
}
