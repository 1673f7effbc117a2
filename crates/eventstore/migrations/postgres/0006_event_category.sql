-- The stream's category (aggregate type, e.g. `household`) on every event row, so that
-- the log's readers and the relay route by category and event type without parsing
-- stream ids. Rows written before this migration get the category their stream id was
-- built with (`<category>-<id>`). The hash chain does not cover the category, so no
-- stored hash changes.
ALTER TABLE events ADD COLUMN category text NOT NULL DEFAULT '';

-- The backfill is the one update the log ever takes: the append-only trigger is lifted
-- for it inside this migration's transaction only.
ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete;
UPDATE events SET category = split_part(stream_id, '-', 1);
ALTER TABLE events ENABLE TRIGGER events_no_update_or_delete;

ALTER TABLE events ALTER COLUMN category DROP DEFAULT;
ALTER TABLE events ADD CONSTRAINT events_category_set CHECK (category <> '');

-- berdaya_append as in 0005, with the same signature, now also writing each event's
-- category (`p_category`, which it already wrote to the stream index).
CREATE OR REPLACE FUNCTION berdaya_append(
    p_stream text, p_category text, p_region text, p_expected bigint, p_prev bytea,
    p_versions bigint[], p_ids uuid[], p_types text[], p_schemas int4[], p_payloads bytea[],
    p_prevs bytea[], p_hashes bytea[],
    p_actor text, p_role text, p_correlation text, p_causation text, p_event_key text,
    p_traceparent text, p_recorded_at timestamptz,
    p_idem_actor text, p_idem_key text, p_idem_operation text, p_idem_hash bytea,
    p_claim_scopes text[], p_claim_keys text[], p_release_scopes text[], p_release_keys text[],
    p_subjects uuid[], p_subject_keys bytea[], p_erase uuid[],
    p_index_set boolean, p_index_names text[], p_index_keys text[],
    OUT status text, OUT actual bigint, OUT scope text, OUT key text, OUT owner text,
    OUT positions bigint[], OUT xid bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    n integer := cardinality(p_versions);
    head_version bigint := p_versions[cardinality(p_versions)];
    head bytea := p_hashes[cardinality(p_hashes)];
    moved integer;
BEGIN
    status := 'ok';
    IF p_idem_key IS NOT NULL AND EXISTS (
        SELECT 1 FROM idempotency i WHERE i.actor = p_idem_actor AND i.key = p_idem_key) THEN
        status := 'idempotency';
        RETURN;
    END IF;
    IF cardinality(p_claim_scopes) > 0 THEN
        SELECT f.scope, f.key, f.owner INTO scope, key, owner
        FROM berdaya_foreign_claim(p_stream, p_claim_scopes, p_claim_keys) f;
        IF owner IS NOT NULL THEN
            status := 'taken';
            RETURN;
        END IF;
    END IF;
    IF cardinality(p_subjects) > 0 THEN
        key := berdaya_foreign_key(p_subjects, p_subject_keys);
        IF key IS NOT NULL THEN
            status := 'subject';
            RETURN;
        END IF;
    END IF;

    IF p_expected = 0 THEN
        INSERT INTO streams (stream_id, category, region, version, head_hash, updated_at)
        VALUES (p_stream, p_category, p_region, head_version, head, p_recorded_at)
        ON CONFLICT DO NOTHING;
    ELSE
        UPDATE streams s SET region = p_region, version = head_version, head_hash = head,
            updated_at = p_recorded_at
        WHERE s.stream_id = p_stream AND s.version = p_expected AND s.head_hash = p_prev;
    END IF;
    GET DIAGNOSTICS moved = ROW_COUNT;
    IF moved = 0 THEN
        IF p_idem_key IS NOT NULL AND EXISTS (
            SELECT 1 FROM idempotency i WHERE i.actor = p_idem_actor AND i.key = p_idem_key) THEN
            status := 'idempotency';
            RETURN;
        END IF;
        status := 'conflict';
        actual := COALESCE((SELECT s.version FROM streams s WHERE s.stream_id = p_stream), 0);
        RETURN;
    END IF;

    IF p_idem_key IS NOT NULL THEN
        INSERT INTO idempotency (actor, key, operation, request_hash, stream_id,
            first_version, last_version)
        VALUES (p_idem_actor, p_idem_key, p_idem_operation, p_idem_hash, p_stream,
            p_versions[1], head_version)
        ON CONFLICT DO NOTHING;
        GET DIAGNOSTICS moved = ROW_COUNT;
        IF moved = 0 THEN
            RAISE EXCEPTION 'idempotency key taken meanwhile' USING ERRCODE = 'BD001';
        END IF;
    END IF;

    IF cardinality(p_claim_scopes) > 0 THEN
        INSERT INTO unique_claims (scope, key, owner_stream)
        SELECT u.s, u.k, p_stream FROM UNNEST(p_claim_scopes, p_claim_keys) AS u(s, k)
        ORDER BY u.s, u.k
        ON CONFLICT DO NOTHING;
        SELECT f.scope, f.key, f.owner INTO scope, key, owner
        FROM berdaya_foreign_claim(p_stream, p_claim_scopes, p_claim_keys) f;
        IF owner IS NOT NULL THEN
            RAISE EXCEPTION '%', scope USING ERRCODE = 'BD002', DETAIL = key, HINT = owner;
        END IF;
    END IF;
    IF cardinality(p_release_scopes) > 0 THEN
        DELETE FROM unique_claims c
        USING UNNEST(p_release_scopes, p_release_keys) AS u(s, k)
        WHERE c.scope = u.s AND c.key = u.k AND c.owner_stream = p_stream;
    END IF;

    IF cardinality(p_subjects) > 0 THEN
        INSERT INTO subject_keys (subject_id, wrapped_key)
        SELECT u.id, u.w FROM UNNEST(p_subjects, p_subject_keys) AS u(id, w)
        ORDER BY u.id
        ON CONFLICT DO NOTHING;
        key := berdaya_foreign_key(p_subjects, p_subject_keys);
        IF key IS NOT NULL THEN
            RAISE EXCEPTION 'subject % already has a different (or erased) key', key
                USING ERRCODE = 'BD003';
        END IF;
    END IF;
    IF cardinality(p_erase) > 0 THEN
        INSERT INTO subject_keys (subject_id, wrapped_key, erased_at)
        SELECT DISTINCT id, NULL::bytea, now() FROM UNNEST(p_erase) AS u(id) ORDER BY id
        ON CONFLICT (subject_id) DO UPDATE SET wrapped_key = NULL,
            erased_at = COALESCE(subject_keys.erased_at, now());
    END IF;

    WITH inserted AS (
        INSERT INTO events (stream_id, version, event_id, event_type, schema_version,
            payload, actor, role, region, correlation_id, causation_id, idempotency_key,
            traceparent, recorded_at, prev_hash, hash, category)
        SELECT p_stream, v, id, t, s, p, p_actor, p_role, p_region, p_correlation,
            p_causation, p_event_key, p_traceparent, p_recorded_at, ph, h, p_category
        FROM UNNEST(p_versions, p_ids, p_types, p_schemas, p_payloads, p_prevs, p_hashes)
            AS u(v, id, t, s, p, ph, h)
        ORDER BY v
        RETURNING events.version, events.position)
    SELECT array_agg(i.position ORDER BY i.version) INTO positions FROM inserted i;
    IF cardinality(positions) IS DISTINCT FROM n THEN
        RAISE EXCEPTION 'event insert returned a wrong row count' USING ERRCODE = 'BD004';
    END IF;
    xid := pg_current_xact_id()::text::bigint;
    actual := head_version;

    IF p_index_set THEN
        DELETE FROM stream_index WHERE stream_id = p_stream;
        IF cardinality(p_index_names) > 0 THEN
            INSERT INTO stream_index (index_name, key, stream_id)
            SELECT u.i, u.k, p_stream FROM UNNEST(p_index_names, p_index_keys) AS u(i, k)
            ON CONFLICT DO NOTHING;
        END IF;
    END IF;
END;
$$;
