//! Confidentiality of case notes: who may read which note's text.
//!
//! A note may be marked confidential (a victim's account of violence, a threat from the
//! party responsible). Then only the case team (its assigned caseworkers) and the
//! supervisors of the case's region read its text, and each read is recorded
//! (`ConfidentialNoteRead`). Other caseworkers of the region see the case without those
//! notes; auditors and admins see that a note exists, who wrote it and when, never its
//! text; integration clients do not see it. Nobody outside the case's region sees the
//! case at all. A caller that holds the auditor role reads as an auditor whatever else
//! it holds: audit stays separate from the work it audits.

use super::{AdvocacyCase, Note};
use crate::domain::ActorRole;

/// Someone reading or writing a case, as the edge authenticated them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The authenticated subject (JWT `sub`).
    pub subject: String,
    /// Its roles.
    pub roles: Vec<ActorRole>,
    /// True when one of its region prefixes covers the case's region.
    pub covers_case_region: bool,
}

impl Caller {
    fn has(&self, role: ActorRole) -> bool {
        self.roles.contains(&role)
    }

    /// The role recorded for what the caller writes: the first it holds.
    pub fn primary_role(&self) -> ActorRole {
        self.roles.first().copied().unwrap_or(ActorRole::Auditor)
    }
}

/// How much of one note a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteAccess {
    /// The text (for a confidential note, through a recorded read).
    Text,
    /// That it exists, who wrote it and when; not the text.
    Existence,
    /// Nothing: the note is left out.
    Hidden,
}

/// The role that lets `caller` read confidential notes of a case whose team is `team`:
/// a supervisor of the region, or a caseworker on the team. `None` when it may not.
pub fn confidential_read_role(team: &[String], caller: &Caller) -> Option<ActorRole> {
    if !caller.covers_case_region || caller.has(ActorRole::Auditor) {
        return None;
    }
    if caller.has(ActorRole::Supervisor) {
        Some(ActorRole::Supervisor)
    } else if caller.has(ActorRole::Caseworker) && team.contains(&caller.subject) {
        Some(ActorRole::Caseworker)
    } else {
        None
    }
}

/// How much of a note a caller sees, given the case team and whether the note is
/// confidential.
pub fn note_access(team: &[String], confidential: bool, caller: &Caller) -> NoteAccess {
    if !caller.covers_case_region {
        return NoteAccess::Hidden;
    }
    if !confidential || confidential_read_role(team, caller).is_some() {
        return NoteAccess::Text;
    }
    if caller.has(ActorRole::Auditor) || caller.has(ActorRole::Admin) {
        NoteAccess::Existence
    } else {
        NoteAccess::Hidden
    }
}

impl AdvocacyCase {
    /// How much of `note` `caller` sees on this case.
    pub fn note_access(&self, note: &Note, caller: &Caller) -> NoteAccess {
        note_access(&self.team, note.confidential, caller)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActorRole::*;

    fn team() -> Vec<String> {
        vec!["pendamping-ani".to_owned(), "pendamping-budi".to_owned()]
    }

    fn caller(subject: &str, roles: &[ActorRole], in_region: bool) -> Caller {
        Caller {
            subject: subject.to_owned(),
            roles: roles.to_vec(),
            covers_case_region: in_region,
        }
    }

    /// The role matrix for a confidential note.
    #[test]
    fn only_the_case_team_and_the_regions_supervisors_read_confidential_text() {
        let matrix = [
            (
                caller("pendamping-ani", &[Caseworker], true),
                NoteAccess::Text,
            ),
            (
                caller("supervisor-sri", &[Supervisor], true),
                NoteAccess::Text,
            ),
            (
                caller("pendamping-citra", &[Caseworker], true),
                NoteAccess::Hidden,
            ),
            (
                caller("auditor-inspektorat", &[Auditor], true),
                NoteAccess::Existence,
            ),
            (caller("admin-ops", &[Admin], true), NoteAccess::Existence),
            (
                caller("dtsen-sync", &[Integration], true),
                NoteAccess::Hidden,
            ),
            (
                caller("supervisor-other", &[Supervisor], false),
                NoteAccess::Hidden,
            ),
            (
                caller("pendamping-ani", &[Caseworker], false),
                NoteAccess::Hidden,
            ),
        ];
        for (who, expected) in matrix {
            assert_eq!(note_access(&team(), true, &who), expected, "{who:?}");
        }
    }

    #[test]
    fn everyone_of_the_region_reads_an_ordinary_note_and_nobody_outside_it() {
        for roles in [
            [Caseworker],
            [Supervisor],
            [Auditor],
            [Admin],
            [Integration],
        ] {
            assert_eq!(
                note_access(&team(), false, &caller("someone", &roles, true)),
                NoteAccess::Text
            );
            assert_eq!(
                note_access(&team(), false, &caller("someone", &roles, false)),
                NoteAccess::Hidden
            );
        }
    }

    #[test]
    fn the_role_that_allows_the_read_is_the_one_recorded() {
        assert_eq!(
            confidential_read_role(&team(), &caller("pendamping-budi", &[Caseworker], true)),
            Some(Caseworker)
        );
        // A team caseworker who is also a supervisor reads as supervisor.
        assert_eq!(
            confidential_read_role(
                &team(),
                &caller("pendamping-budi", &[Caseworker, Supervisor], true)
            ),
            Some(Supervisor)
        );
        assert_eq!(
            confidential_read_role(&team(), &caller("pendamping-citra", &[Caseworker], true)),
            None
        );
    }

    #[test]
    fn a_caller_holding_the_auditor_role_reads_as_an_auditor_whatever_else_it_holds() {
        let both = caller("pendamping-ani", &[Caseworker, Auditor], true);
        assert_eq!(confidential_read_role(&team(), &both), None);
        assert_eq!(note_access(&team(), true, &both), NoteAccess::Existence);
    }

    #[test]
    fn a_caseworker_taken_off_the_team_no_longer_reads_confidential_text() {
        let former = caller("pendamping-dewi", &[Caseworker], true);
        assert_eq!(note_access(&team(), true, &former), NoteAccess::Hidden);
    }
}
