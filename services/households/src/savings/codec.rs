//! Stored form of savings events: protobuf (`berdaya.households.v1`). Savings events carry
//! no personal data (the household and member appear by id), so nothing is sealed.

use berdaya_domain::Rupiah;
use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::{CodecError, EncodedEvent, EventCodec};
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::households::v1 as pb;
use prost::Name;
use uuid::Uuid;

use super::convert;
use super::domain::{Channel, IncentiveRule, Institution, Month, SavingsEvent};
use crate::codec::{PACKAGE, corrupt, date, encoded, region, text_date, uuid};
use berdaya_platform::codec::payload;

/// Encodes and decodes savings events.
#[derive(Debug, Clone, Copy, Default)]
pub struct SavingsCodec;

fn channel(value: i32, r: &RecordedEvent) -> Result<Channel, CodecError> {
    convert::channel(value).ok_or_else(|| corrupt(r, "channel"))
}

fn opened(e: pb::SavingsAccountOpened, r: &RecordedEvent) -> Result<SavingsEvent, CodecError> {
    Ok(SavingsEvent::Opened {
        account_id: uuid(&e.account_id, r)?,
        household_id: uuid(&e.household_id, r)?,
        member_id: if e.member_id.is_empty() {
            None
        } else {
            Some(uuid(&e.member_id, r)?)
        },
        village: region(&e.village_code, r)?,
        institution: Institution {
            kind: convert::institution(e.institution_kind)
                .ok_or_else(|| corrupt(r, "institution kind"))?,
            name: e.institution_name,
        },
        opened_on: date(&e.opened_on, r)?,
    })
}

fn credited(
    e: pb::SavingsIncentiveCredited,
    r: &RecordedEvent,
) -> Result<SavingsEvent, CodecError> {
    Ok(SavingsEvent::IncentiveCredited {
        amount: Rupiah(e.amount),
        deposit: Rupiah(e.deposit_amount),
        month: Month::parse(&e.month).map_err(|v| corrupt(r, v.to_string()))?,
        rule: IncentiveRule {
            match_percent: u8::try_from(e.match_percent).map_err(|_| corrupt(r, "match"))?,
            monthly_cap: Rupiah(e.monthly_cap),
        },
        credited_on: date(&e.credited_on, r)?,
        balance_after: Rupiah(e.balance_after),
    })
}

impl EventCodec for SavingsCodec {
    type Event = SavingsEvent;

    fn sealed_subjects(&self, _recorded: &RecordedEvent) -> Result<Vec<Uuid>, CodecError> {
        Ok(Vec::new())
    }

    fn decode(&self, r: &RecordedEvent, _keys: &KeyRing) -> Result<SavingsEvent, CodecError> {
        let name = r
            .event_type
            .strip_prefix(PACKAGE)
            .and_then(|n| n.strip_prefix('.'))
            .ok_or_else(|| corrupt(r, "not a households event"))?;
        Ok(match name {
            pb::SavingsAccountOpened::NAME => opened(payload(r)?, r)?,
            pb::SavingsDeposited::NAME => {
                let e: pb::SavingsDeposited = payload(r)?;
                SavingsEvent::Deposited {
                    amount: Rupiah(e.amount),
                    channel: channel(e.channel, r)?,
                    reference: e.reference,
                    deposited_on: date(&e.deposited_on, r)?,
                    balance_after: Rupiah(e.balance_after),
                }
            }
            pb::SavingsIncentiveCredited::NAME => credited(payload(r)?, r)?,
            pb::SavingsWithdrawn::NAME => {
                let e: pb::SavingsWithdrawn = payload(r)?;
                SavingsEvent::Withdrawn {
                    amount: Rupiah(e.amount),
                    channel: channel(e.channel, r)?,
                    reference: e.reference,
                    withdrawn_on: date(&e.withdrawn_on, r)?,
                    purpose: e.purpose,
                    balance_after: Rupiah(e.balance_after),
                }
            }
            pb::SavingsGoalSet::NAME => {
                let e: pb::SavingsGoalSet = payload(r)?;
                SavingsEvent::GoalSet {
                    goal_id: uuid(&e.goal_id, r)?,
                    purpose: convert::purpose(e.purpose).ok_or_else(|| corrupt(r, "purpose"))?,
                    description: e.description,
                    target: Rupiah(e.target_amount),
                    target_date: date(&e.target_date, r)?,
                    set_on: date(&e.set_on, r)?,
                }
            }
            pb::SavingsGoalReached::NAME => {
                let e: pb::SavingsGoalReached = payload(r)?;
                SavingsEvent::GoalReached {
                    goal_id: uuid(&e.goal_id, r)?,
                    reached_on: date(&e.reached_on, r)?,
                    balance: Rupiah(e.balance),
                    on_time: e.on_time,
                }
            }
            pb::SavingsGoalCancelled::NAME => {
                let e: pb::SavingsGoalCancelled = payload(r)?;
                SavingsEvent::GoalCancelled {
                    goal_id: uuid(&e.goal_id, r)?,
                    reason: e.reason,
                }
            }
            pb::SavingsAccountClosed::NAME => {
                let e: pb::SavingsAccountClosed = payload(r)?;
                SavingsEvent::Closed {
                    closed_on: date(&e.closed_on, r)?,
                    reason: e.reason,
                }
            }
            other => return Err(corrupt(r, format!("unknown savings event {other}"))),
        })
    }

    fn subjects_to_seal(&self, _event: &SavingsEvent) -> Vec<Uuid> {
        Vec::new()
    }

    fn encode(
        &self,
        event: &SavingsEvent,
        _keys: &mut KeyRing,
        _vault: &Vault,
    ) -> Result<EncodedEvent, CodecError> {
        Ok(match event {
            SavingsEvent::Opened {
                account_id,
                household_id,
                member_id,
                village,
                institution,
                opened_on,
            } => encoded(&pb::SavingsAccountOpened {
                account_id: account_id.to_string(),
                household_id: household_id.to_string(),
                member_id: member_id.map(|m| m.to_string()).unwrap_or_default(),
                village_code: village.to_string(),
                institution_kind: convert::institution_pb(institution.kind) as i32,
                institution_name: institution.name.clone(),
                opened_on: text_date(*opened_on),
            }),
            SavingsEvent::Deposited {
                amount,
                channel,
                reference,
                deposited_on,
                balance_after,
            } => encoded(&pb::SavingsDeposited {
                amount: amount.amount(),
                channel: convert::channel_pb(Some(*channel)) as i32,
                reference: reference.clone(),
                deposited_on: text_date(*deposited_on),
                balance_after: balance_after.amount(),
            }),
            SavingsEvent::IncentiveCredited {
                amount,
                deposit,
                month,
                rule,
                credited_on,
                balance_after,
            } => encoded(&pb::SavingsIncentiveCredited {
                amount: amount.amount(),
                deposit_amount: deposit.amount(),
                month: month.to_string(),
                match_percent: i32::from(rule.match_percent),
                monthly_cap: rule.monthly_cap.amount(),
                credited_on: text_date(*credited_on),
                balance_after: balance_after.amount(),
            }),
            SavingsEvent::Withdrawn {
                amount,
                channel,
                reference,
                withdrawn_on,
                purpose,
                balance_after,
            } => encoded(&pb::SavingsWithdrawn {
                amount: amount.amount(),
                channel: convert::channel_pb(Some(*channel)) as i32,
                reference: reference.clone(),
                withdrawn_on: text_date(*withdrawn_on),
                purpose: purpose.clone(),
                balance_after: balance_after.amount(),
            }),
            SavingsEvent::GoalSet {
                goal_id,
                purpose,
                description,
                target,
                target_date,
                set_on,
            } => encoded(&pb::SavingsGoalSet {
                goal_id: goal_id.to_string(),
                purpose: convert::purpose_pb(*purpose) as i32,
                description: description.clone(),
                target_amount: target.amount(),
                target_date: text_date(*target_date),
                set_on: text_date(*set_on),
            }),
            SavingsEvent::GoalReached {
                goal_id,
                reached_on,
                balance,
                on_time,
            } => encoded(&pb::SavingsGoalReached {
                goal_id: goal_id.to_string(),
                reached_on: text_date(*reached_on),
                balance: balance.amount(),
                on_time: *on_time,
            }),
            SavingsEvent::GoalCancelled { goal_id, reason } => encoded(&pb::SavingsGoalCancelled {
                goal_id: goal_id.to_string(),
                reason: reason.clone(),
            }),
            SavingsEvent::Closed { reason, closed_on } => encoded(&pb::SavingsAccountClosed {
                reason: reason.clone(),
                closed_on: text_date(*closed_on),
            }),
        })
    }
}
