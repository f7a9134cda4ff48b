-- Catalog version 1: stream tables, their sources and frontiers, and the refresh history.

CREATE TABLE IF NOT EXISTS pgtrickle.pgt_stream_tables (
    pgt_id             bigserial PRIMARY KEY,
    pgt_relid          oid NOT NULL,
    pgt_schema         text NOT NULL,
    pgt_name           text NOT NULL,
    defining_query     text NOT NULL,
    search_path        text NOT NULL,
    refresh_mode       text NOT NULL
        CHECK (refresh_mode IN ('AUTO', 'DIFFERENTIAL', 'FULL', 'IMMEDIATE')),
    effective_mode     text NOT NULL CHECK (effective_mode IN ('DIFFERENTIAL', 'FULL', 'IMMEDIATE')),
    fallback_reason    text,
    row_identity       text NOT NULL CHECK (row_identity IN ('KEY', 'CONTENT')),
    full_refresh_sql   text NOT NULL,
    differential_sql   text,
    changes_sql        text,
    schedule           text,
    status             text NOT NULL DEFAULT 'ACTIVE'
        CHECK (status IN ('ACTIVE', 'SUSPENDED', 'ERROR')),
    is_populated       boolean NOT NULL DEFAULT false,
    data_timestamp     timestamptz,
    last_refresh_at    timestamptz,
    consecutive_errors integer NOT NULL DEFAULT 0,
    last_error         text,
    diamond_consistency     text NOT NULL DEFAULT 'none',
    diamond_schedule_policy text NOT NULL DEFAULT 'fastest',
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (pgt_schema, pgt_name),
    UNIQUE (pgt_relid)
);

CREATE TABLE IF NOT EXISTS pgtrickle.pgt_dependencies (
    pgt_id        bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables ON DELETE CASCADE,
    source_relid  oid NOT NULL,
    source_schema text NOT NULL,
    source_name   text NOT NULL,
    source_type   text NOT NULL,
    frontier      pg_snapshot,
    PRIMARY KEY (pgt_id, source_relid)
);

CREATE INDEX IF NOT EXISTS pgt_dependencies_source_idx ON pgtrickle.pgt_dependencies (source_relid);

CREATE TABLE IF NOT EXISTS pgtrickle.pgt_refresh_history (
    refresh_id     bigserial PRIMARY KEY,
    pgt_id         bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables ON DELETE CASCADE,
    data_timestamp timestamptz,
    start_time     timestamptz NOT NULL,
    end_time       timestamptz,
    action         text NOT NULL CHECK (action IN ('NO_DATA', 'FULL', 'DIFFERENTIAL')),
    status         text NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    rows_inserted  bigint NOT NULL DEFAULT 0,
    rows_updated   bigint NOT NULL DEFAULT 0,
    rows_deleted   bigint NOT NULL DEFAULT 0,
    error_message  text,
    initiated_by   text NOT NULL,
    reason         text,
    engine_id      text
);

CREATE INDEX IF NOT EXISTS pgt_refresh_history_pgt_idx ON pgtrickle.pgt_refresh_history (pgt_id, start_time);
