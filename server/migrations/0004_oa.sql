-- OA workflow: versioned process definitions, requests with their engine
-- state, tasks (the inboxes), history, standing rules, and the minimal
-- tables of the first two module effects (finance advances, HR trips).
CREATE SCHEMA IF NOT EXISTS oa;
CREATE SCHEMA IF NOT EXISTS finance;
CREATE SCHEMA IF NOT EXISTS hr;

-- Saving a key again makes a new version; requests keep theirs.
CREATE TABLE oa.processes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key         text NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
  version     int NOT NULL CHECK (version > 0),
  name        text NOT NULL,
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  bigint REFERENCES core.users (id),
  UNIQUE (key, version)
);

CREATE TABLE oa.requests (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number           text NOT NULL UNIQUE,
  process_key      text NOT NULL,
  process_version  int NOT NULL,
  applicant_id     bigint NOT NULL REFERENCES core.users (id),
  state            text NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'returned', 'withdrawn')),
  form             jsonb NOT NULL,
  engine_state     jsonb NOT NULL,
  summary          text NOT NULL,
  subject_type     text CHECK (subject_type IS NULL OR length(subject_type) BETWEEN 1 AND 64),
  subject_id       bigint,
  last_urged_at    timestamptz,
  version          int NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (process_key, process_version) REFERENCES oa.processes (key, version),
  CHECK ((subject_type IS NULL) = (subject_id IS NULL))
);
CREATE INDEX requests_applicant_idx ON oa.requests (applicant_id, id);
CREATE INDEX requests_subject_idx ON oa.requests (subject_type, subject_id) WHERE subject_type IS NOT NULL;

-- One row per engine task (its "seq"): assignee_id holds it (the inbox);
-- on_behalf_of is the delegator when a delegation rule moved it.
CREATE TABLE oa.tasks (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id          bigint NOT NULL REFERENCES oa.requests (id),
  seq                 int NOT NULL CHECK (seq > 0),
  node                text NOT NULL,
  assignee_id         bigint NOT NULL REFERENCES core.users (id),
  on_behalf_of        bigint REFERENCES core.users (id),
  delegation_rule_id  bigint,
  state               text NOT NULL DEFAULT 'pending'
                      CHECK (state IN ('pending', 'approved', 'rejected', 'returned', 'cancelled', 'transferred')),
  due_at              timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  decided_at          timestamptz,
  decided_by          bigint REFERENCES core.users (id),
  UNIQUE (request_id, seq)
);
CREATE INDEX tasks_inbox_idx ON oa.tasks (assignee_id, state, id);
CREATE INDEX tasks_due_idx ON oa.tasks (due_at) WHERE state = 'pending' AND due_at IS NOT NULL;

CREATE TABLE oa.history (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id    bigint NOT NULL REFERENCES oa.requests (id),
  task_id       bigint REFERENCES oa.tasks (id),
  node          text,
  actor_id      bigint REFERENCES core.users (id),
  on_behalf_of  bigint REFERENCES core.users (id),
  rule_id       bigint,
  action        text NOT NULL CHECK (action IN ('submit', 'approve', 'reject', 'return', 'transfer', 'add_signer',
                                               'withdraw', 'urge', 'resubmit', 'comment', 'timeout')),
  comment       text,
  at            timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX history_request_idx ON oa.history (request_id, id);

-- Standing rules; "body" is the rule as its owner posted it (the engine
-- parses it again for every request), the columns serve queries.
CREATE TABLE oa.rules (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id      bigint NOT NULL REFERENCES core.users (id),
  kind          text NOT NULL CHECK (kind IN ('auto_approve', 'delegate')),
  process_key   text,
  applicant_id  bigint REFERENCES core.users (id),
  condition     jsonb,
  delegate_to   bigint REFERENCES core.users (id),
  starts        text,
  ends          text,
  body          jsonb NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'delegate' OR delegate_to IS NOT NULL)
);
CREATE INDEX rules_owner_idx ON oa.rules (owner_id) WHERE active;

-- Effect finance.register_advance: a travel advance for the applicant.
CREATE TABLE finance.advances (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES core.users (id),
  request_id  bigint NOT NULL REFERENCES oa.requests (id),
  amount      numeric(18,2) NOT NULL CHECK (amount >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Effect hr.record_business_trip: the applicant's trip in attendance.
CREATE TABLE hr.attendance_trips (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES core.users (id),
  request_id  bigint NOT NULL REFERENCES oa.requests (id),
  starts      date NOT NULL,
  ends        date NOT NULL CHECK (ends >= starts),
  destination text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE VIEW oa.task_docs AS
SELECT t.id, t.request_id,
       json_build_object(
         'id', t.id, 'request', t.request_id, 'seq', t.seq, 'node', t.node,
         'assignee', json_build_object('id', a.id, 'name', a.name),
         'on_behalf_of', CASE WHEN b.id IS NULL THEN NULL ELSE json_build_object('id', b.id, 'name', b.name) END,
         'state', t.state, 'due_at', t.due_at, 'created_at', t.created_at, 'decided_at', t.decided_at) AS doc
  FROM oa.tasks t
  JOIN core.users a ON a.id = t.assignee_id
  LEFT JOIN core.users b ON b.id = t.on_behalf_of;

CREATE VIEW oa.request_docs AS
SELECT r.id, r.applicant_id, r.subject_type, r.subject_id,
       json_build_object(
         'id', r.id, 'number', r.number, 'process', r.process_key, 'version', r.process_version,
         'process_name', p.name, 'state', r.state, 'form', r.form, 'summary', r.summary,
         'applicant', json_build_object('id', u.id, 'name', u.name),
         'subject', CASE WHEN r.subject_type IS NULL THEN NULL
                         ELSE json_build_object('type', r.subject_type, 'id', r.subject_id) END,
         'tasks', coalesce((SELECT json_agg(td.doc ORDER BY td.id) FROM oa.task_docs td
                             WHERE td.request_id = r.id), '[]'::json),
         'created_at', r.created_at, 'updated_at', r.updated_at) AS doc
  FROM oa.requests r
  JOIN oa.processes p ON p.key = r.process_key AND p.version = r.process_version
  JOIN core.users u ON u.id = r.applicant_id;

INSERT INTO core.permissions (key, description) VALUES
  ('oa.requests.submit',   'Submit approval requests and decide one''s own tasks'),
  ('oa.processes.manage',  'Design approval processes and see every standing rule');

UPDATE core.roles SET permissions = ARRAY(SELECT DISTINCT unnest(permissions || extra) ORDER BY 1)
  FROM (SELECT key AS role_key,
               CASE WHEN key = 'admin' THEN '{oa.requests.submit,oa.processes.manage}'::text[]
                    ELSE '{oa.requests.submit}'::text[] END AS extra
          FROM core.roles) AS grants
 WHERE key = grants.role_key;
