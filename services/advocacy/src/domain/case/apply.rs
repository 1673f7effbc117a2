//! The larger folds of `apply`, kept out of the match in `mod.rs` so it reads as a table.

use chrono::NaiveDate;

use super::{
    Action, ActionPlan, AdvocacyCase, Affected, AffectedHousehold, Assessment, CaseEvent,
    CaseStatus, Escalation, Note, NoteRead, OpenPeriod, Reasoned, Resolution, Wait,
};

impl AdvocacyCase {
    pub(super) fn apply_reported(&mut self, event: &CaseEvent) {
        let CaseEvent::Reported {
            case_id,
            region,
            households,
            right_code,
            summary,
            responsible,
            channel,
            urgency,
            service_level,
            level,
            reported_on,
            caseworkers,
            subject_id,
            details,
        } = event
        else {
            return;
        };
        self.id = Some(*case_id);
        self.status = CaseStatus::Reported;
        self.region = Some(region.clone());
        self.add_households(households, *reported_on);
        self.right_code = right_code.clone();
        self.summary = summary.clone();
        self.responsible = Some(responsible.clone());
        self.channel = Some(*channel);
        self.urgency = *urgency;
        self.service_level = *service_level;
        self.level = *level;
        self.reported_on = Some(*reported_on);
        self.team = caseworkers.clone();
        self.subject_id = Some(*subject_id);
        self.details = details.clone();
        self.personal_data_erased = details.is_none();
        self.periods = vec![OpenPeriod {
            opened_on: *reported_on,
            closed_on: None,
        }];
    }

    pub(super) fn apply_assessed(&mut self, event: &CaseEvent) {
        let CaseEvent::Assessed {
            assessed_on,
            assessed_by,
            risk,
            evidence,
            facts,
            ..
        } = event
        else {
            return;
        };
        self.status = CaseStatus::Assessed;
        self.assessment = Some(Assessment {
            assessed_on: *assessed_on,
            assessed_by: assessed_by.clone(),
            risk: *risk,
            facts: facts.clone(),
        });
        self.evidence.extend(evidence.iter().cloned());
    }

    pub(super) fn apply_plan(&mut self, event: &CaseEvent) {
        let CaseEvent::ActionPlanAdopted {
            version,
            adopted_on,
            objective,
            steps,
        } = event
        else {
            return;
        };
        if self.status == CaseStatus::Assessed {
            self.status = CaseStatus::Planned;
        }
        self.plans.push(ActionPlan {
            version: *version,
            adopted_on: *adopted_on,
            objective: objective.clone(),
            steps: steps.clone(),
        });
    }

    pub(super) fn apply_escalated(&mut self, event: &CaseEvent) {
        let CaseEvent::Escalated {
            from,
            to,
            reason,
            escalated_on,
        } = event
        else {
            return;
        };
        self.level = *to;
        self.escalations.push(Escalation {
            from: *from,
            to: *to,
            reason: reason.clone(),
            escalated_on: *escalated_on,
        });
    }

    pub(super) fn apply_wait(&mut self, event: &CaseEvent) {
        let CaseEvent::ReporterAwaited {
            since,
            reason,
            clock_paused,
        } = event
        else {
            return;
        };
        self.waits.push(Wait {
            since: *since,
            until: None,
            reason: reason.clone(),
            clock_paused: *clock_paused,
        });
    }

    pub(super) fn apply_closed_or_reopened(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::ClosedUnresolved { closed_on, reason } => {
                self.status = CaseStatus::ClosedUnresolved;
                self.close_period(*closed_on);
                self.closures.push(Reasoned {
                    on: *closed_on,
                    reason: reason.clone(),
                });
            }
            CaseEvent::Reopened {
                reopened_on,
                reason,
            } => {
                self.status = self.reopened_status();
                self.periods.push(OpenPeriod {
                    opened_on: *reopened_on,
                    closed_on: None,
                });
                self.reopenings.push(Reasoned {
                    on: *reopened_on,
                    reason: reason.clone(),
                });
            }
            _ => {}
        }
    }

    pub(super) fn apply_note_read(&mut self, event: &CaseEvent) {
        let CaseEvent::ConfidentialNoteRead {
            note_id,
            reader,
            reader_role,
            read_at,
        } = event
        else {
            return;
        };
        self.note_reads.push(NoteRead {
            note_id: *note_id,
            reader: reader.clone(),
            reader_role: *reader_role,
            read_at: *read_at,
        });
    }

    pub(super) fn add_households(&mut self, households: &[AffectedHousehold], on: NaiveDate) {
        self.households
            .extend(households.iter().map(|household| Affected {
                household_id: household.household_id,
                village: household.village.clone(),
                added_on: on,
                access_regained_on: None,
            }));
    }

    pub(super) fn apply_action(&mut self, event: &CaseEvent) {
        let CaseEvent::ActionTaken {
            action_id,
            kind,
            taken_on,
            description,
            households,
            partners,
            institutions,
            outcome,
        } = event
        else {
            return;
        };
        self.status = CaseStatus::InAction;
        self.actions.push(Action {
            action_id: *action_id,
            kind: *kind,
            taken_on: *taken_on,
            description: description.clone(),
            households: households.clone(),
            partners: partners.clone(),
            institutions: institutions.clone(),
            outcome: outcome.clone(),
        });
    }

    pub(super) fn apply_resolved(&mut self, event: &CaseEvent) {
        let CaseEvent::Resolved {
            resolved_on,
            remedy,
            restored,
        } = event
        else {
            return;
        };
        self.status = CaseStatus::Resolved;
        self.close_period(*resolved_on);
        for access in restored {
            if let Some(household) = self
                .households
                .iter_mut()
                .find(|h| h.household_id == access.household_id)
            {
                household.access_regained_on = Some(access.regained_on);
            }
        }
        self.resolutions.push(Resolution {
            resolved_on: *resolved_on,
            remedy: remedy.clone(),
            restored: restored.clone(),
        });
    }

    pub(super) fn apply_note(&mut self, event: &CaseEvent) {
        let CaseEvent::NoteAdded {
            note_id,
            author,
            author_role,
            written_at,
            confidential,
            text,
            ..
        } = event
        else {
            return;
        };
        self.notes.push(Note {
            note_id: *note_id,
            author: author.clone(),
            author_role: *author_role,
            written_at: *written_at,
            confidential: *confidential,
            text: text.clone(),
        });
    }

    /// Forgets every piece of the case's personal data, as the destroyed key does.
    pub(super) fn erase(&mut self) {
        self.details = None;
        self.personal_data_erased = true;
        if let Some(assessment) = &mut self.assessment {
            assessment.facts = None;
        }
        for note in &mut self.notes {
            note.text = None;
        }
    }
}
