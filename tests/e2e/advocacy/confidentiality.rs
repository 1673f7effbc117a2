//! The role matrix of a confidential note, over gRPC: the case team and the region's
//! supervisors read its text (each read recorded), other caseworkers of the region do
//! not see it, auditors see that it exists but not its text, integration clients do not
//! see it, and nobody outside the region sees the case.

use berdaya_proto::berdaya::advocacy::v1 as pb;
use tonic::Code;

use crate::advocacy::site::*;

const SECRET: &str = "Ibu Siti takut diintimidasi perangkat desa";

/// The notes `client` sees on the case.
async fn notes(client: &mut Client, case_id: &str) -> Vec<pb::CaseNote> {
    get(client, case_id).await.notes
}

async fn read(
    client: &mut Client,
    key: &str,
    case_id: &str,
    note_id: &str,
) -> Result<pb::ReadConfidentialNoteResponse, tonic::Status> {
    client
        .read_confidential_note(pb::ReadConfidentialNoteRequest {
            context: context(key),
            case_id: case_id.to_owned(),
            note_id: note_id.to_owned(),
        })
        .await
        .map(tonic::Response::into_inner)
}

async fn only_the_team_and_supervisors_read_a_confidential_note(site: Site) {
    let h = site.household(21, VILLAGE).await;
    let mut ani = site.client(&["caseworker"], "pendamping-ani").await;
    let case = reported(&mut ani, "secret-report", std::slice::from_ref(&h)).await;
    let id = case.case_id;
    ani.add_note(pb::AddNoteRequest {
        context: context("secret-plain"),
        case_id: id.clone(),
        text: "Keluarga sudah didatangi".to_owned(),
        ..Default::default()
    })
    .await
    .expect("an ordinary note");
    let written = ani
        .add_note(pb::AddNoteRequest {
            context: context("secret-note"),
            case_id: id.clone(),
            confidential: true,
            text: SECRET.to_owned(),
            ..Default::default()
        })
        .await
        .expect("a confidential note by the team")
        .into_inner()
        .case
        .expect("case");
    let note = written
        .notes
        .iter()
        .find(|n| n.confidential)
        .expect("listed to its author");
    assert!(note.text_readable);
    assert_eq!(note.text, "", "the text comes only through a recorded read");
    let note_id = note.note_id.clone();

    // Another caseworker of the region cannot write one either.
    let mut citra = site.client(&["caseworker"], "pendamping-citra").await;
    let status = citra
        .add_note(pb::AddNoteRequest {
            context: context("secret-citra-write"),
            case_id: id.clone(),
            confidential: true,
            text: "catatan".to_owned(),
            ..Default::default()
        })
        .await
        .expect_err("a confidential note by someone off the team");
    assert_eq!(status.code(), Code::FailedPrecondition);

    // The team and the supervisor read the text; each read is recorded.
    let by_ani = read(&mut ani, "secret-read-ani", &id, &note_id)
        .await
        .expect("team reads");
    assert_eq!(by_ani.note.expect("note").text, SECRET);
    let again = read(&mut ani, "secret-read-ani", &id, &note_id)
        .await
        .expect("a retry");
    assert_eq!(
        again.event_ids, by_ani.event_ids,
        "a retry records nothing new"
    );
    let mut sri = site.client(&["supervisor"], "supervisor-sri").await;
    let by_sri = read(&mut sri, "secret-read-sri", &id, &note_id)
        .await
        .expect("supervisor reads");
    assert_eq!(by_sri.note.expect("note").text, SECRET);

    // Another caseworker: the note is not there, and reading it is refused.
    assert_eq!(
        notes(&mut citra, &id).await.len(),
        1,
        "only the ordinary note"
    );
    let status = read(&mut citra, "secret-read-citra", &id, &note_id)
        .await
        .expect_err("off the team");
    assert_eq!(status.code(), Code::PermissionDenied);

    // An auditor sees that it exists, who wrote it and when, never its text.
    let mut auditor = site.client(&["auditor"], "auditor-inspektorat").await;
    let seen = notes(&mut auditor, &id).await;
    let listed = seen
        .iter()
        .find(|n| n.confidential)
        .expect("listed to auditors");
    assert_eq!(listed.author, "pendamping-ani");
    assert!(listed.written_at.is_some());
    assert_eq!(listed.text, "");
    assert!(!listed.text_readable);
    let status = read(&mut auditor, "secret-read-auditor", &id, &note_id)
        .await
        .expect_err("auditors do not read the text");
    assert_eq!(status.code(), Code::PermissionDenied);

    // An integration client does not see it at all.
    let mut system = site.client(&["integration"], "dtsen-sync").await;
    assert_eq!(notes(&mut system, &id).await.len(), 1);

    // A supervisor of another region does not see the case.
    let other = site.token(&["supervisor"], &["35.07"], "supervisor-malang");
    let mut other = site.host().advocacy(&other).await;
    let status = read(&mut other, "secret-read-other", &id, &note_id)
        .await
        .expect_err("outside the region");
    assert_eq!(status.code(), Code::NotFound);

    // The timeline records the two reads, and only those: who read which note.
    let mut admin = site.admin().await;
    let timeline = admin
        .get_case_timeline(pb::GetCaseTimelineRequest {
            case_id: id.clone(),
        })
        .await
        .expect("timeline")
        .into_inner();
    let reads: Vec<(String, i32)> = timeline
        .entries
        .iter()
        .filter_map(|e| match &e.entry {
            Some(pb::timeline_entry::Entry::NoteRead(r)) => {
                assert_eq!(r.note_id, note_id);
                Some((r.reader.clone(), r.reader_role))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        reads,
        [
            (
                "pendamping-ani".to_owned(),
                pb::ActorRole::Caseworker as i32
            ),
            (
                "supervisor-sri".to_owned(),
                pb::ActorRole::Supervisor as i32
            ),
        ]
    );

    // Taken off the team, the caseworker no longer reads it.
    admin
        .unassign_caseworker(pb::UnassignCaseworkerRequest {
            context: context("secret-unassign"),
            case_id: id.clone(),
            caseworker_id: "pendamping-ani".to_owned(),
            unassigned_on: days_ago(0),
            reason: "pindah tugas".to_owned(),
        })
        .await
        .expect("unassign");
    let status = read(&mut ani, "secret-read-ani-after", &id, &note_id)
        .await
        .expect_err("off the team now");
    assert_eq!(status.code(), Code::PermissionDenied);
}

on_both_stores!(
    only_the_team_and_supervisors_read_a_confidential_note,
    only_the_team_and_supervisors_read_a_confidential_note_on_sqlite,
    only_the_team_and_supervisors_read_a_confidential_note_on_postgres
);
