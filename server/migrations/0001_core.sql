-- Core: users, departments, roles, sessions, login throttling, audit log.
CREATE SCHEMA IF NOT EXISTS core;

CREATE TABLE core.departments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  parent_id   bigint REFERENCES core.departments (id),
  head_id     bigint,
  version     int NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  created_by  bigint
);

CREATE TABLE core.users (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  login          text NOT NULL CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  email          text,
  password_hash  text NOT NULL,
  department_id  bigint REFERENCES core.departments (id),
  manager_id     bigint REFERENCES core.users (id),
  locale         text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'zh_CN', 'es')),
  active         boolean NOT NULL DEFAULT true,
  version        int NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  created_by     bigint REFERENCES core.users (id)
);
CREATE UNIQUE INDEX users_login_key ON core.users (login);
CREATE INDEX users_department_idx ON core.users (department_id);
CREATE INDEX users_manager_idx ON core.users (manager_id);

ALTER TABLE core.departments
  ADD CONSTRAINT departments_head_fkey FOREIGN KEY (head_id) REFERENCES core.users (id),
  ADD CONSTRAINT departments_created_by_fkey FOREIGN KEY (created_by) REFERENCES core.users (id);
CREATE UNIQUE INDEX departments_name_parent_key ON core.departments (coalesce(parent_id, 0), lower(name));

CREATE TABLE core.roles (
  key          text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,39}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  permissions  text[] NOT NULL DEFAULT '{}',
  builtin      boolean NOT NULL DEFAULT false,
  version      int NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  created_by   bigint REFERENCES core.users (id)
);

CREATE TABLE core.user_roles (
  user_id   bigint NOT NULL REFERENCES core.users (id),
  role_key  text NOT NULL REFERENCES core.roles (key) ON UPDATE CASCADE,
  PRIMARY KEY (user_id, role_key)
);

-- The catalogue of permission strings that roles may hold.
CREATE TABLE core.permissions (
  key          text PRIMARY KEY,
  description  text NOT NULL
);

-- Tokens are stored as SHA-256 hashes: a leaked table opens no session.
CREATE TABLE core.sessions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  user_id     bigint NOT NULL REFERENCES core.users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  client      text
);
CREATE INDEX sessions_user_idx ON core.sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE core.login_throttle (
  login             text PRIMARY KEY,
  failures          int NOT NULL,
  first_failure_at  timestamptz NOT NULL
);

CREATE TABLE core.audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    bigint REFERENCES core.users (id),
  action      text NOT NULL,
  entity      text NOT NULL,
  entity_id   text NOT NULL,
  before      jsonb,
  after       jsonb,
  request_id  text
);
CREATE INDEX audit_log_entity_idx ON core.audit_log (entity, entity_id, id);

CREATE TABLE core.settings (
  key    text PRIMARY KEY,
  value  text NOT NULL
);

INSERT INTO core.permissions (key, description) VALUES
  ('core.directory.read',    'See departments, roles and colleagues'),
  ('core.users.manage',      'Create, edit and deactivate users'),
  ('core.departments.manage','Create and edit departments'),
  ('core.roles.manage',      'Create and edit roles and their permissions'),
  ('core.audit.read',        'Read the audit log');

INSERT INTO core.roles (key, name, permissions, builtin) VALUES
  ('admin',      'Administrator',        '{core.directory.read,core.users.manage,core.departments.manage,core.roles.manage,core.audit.read}', true),
  ('manager',    'Manager',              '{core.directory.read}', true),
  ('sales',      'Sales',                '{core.directory.read}', true),
  ('finance',    'Finance',              '{core.directory.read}', true),
  ('hr',         'Human resources',      '{core.directory.read,core.users.manage,core.departments.manage}', true),
  ('planner',    'Planner',              '{core.directory.read}', true),
  ('production', 'Production',           '{core.directory.read}', true),
  ('warehouse',  'Warehouse',            '{core.directory.read}', true),
  ('employee',   'Employee',             '{core.directory.read}', true);

-- The API's JSON shape of each record, built in one place.
CREATE VIEW core.user_docs AS
SELECT u.id, u.login, u.name, u.active,
       json_build_object(
         'id', u.id, 'login', u.login, 'name', u.name, 'email', u.email, 'locale', u.locale,
         'department_id', u.department_id,
         'department', CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object('id', d.id, 'name', d.name) END,
         'manager_id', u.manager_id,
         'manager', CASE WHEN m.id IS NULL THEN NULL ELSE json_build_object('id', m.id, 'name', m.name) END,
         'roles', coalesce((SELECT json_agg(ur.role_key ORDER BY ur.role_key)
                              FROM core.user_roles ur WHERE ur.user_id = u.id), '[]'::json),
         'active', u.active, 'version', u.version,
         'created_at', u.created_at, 'updated_at', u.updated_at) AS doc
  FROM core.users u
  LEFT JOIN core.departments d ON d.id = u.department_id
  LEFT JOIN core.users m ON m.id = u.manager_id;

CREATE VIEW core.department_docs AS
SELECT d.id,
       json_build_object(
         'id', d.id, 'name', d.name, 'parent_id', d.parent_id, 'head_id', d.head_id,
         'head', CASE WHEN h.id IS NULL THEN NULL ELSE json_build_object('id', h.id, 'name', h.name) END,
         'member_count', (SELECT count(*) FROM core.users u WHERE u.department_id = d.id AND u.active),
         'version', d.version, 'created_at', d.created_at, 'updated_at', d.updated_at) AS doc
  FROM core.departments d
  LEFT JOIN core.users h ON h.id = d.head_id;

CREATE VIEW core.role_docs AS
SELECT r.key,
       json_build_object(
         'key', r.key, 'name', r.name,
         'permissions', to_json(ARRAY(SELECT unnest(r.permissions) ORDER BY 1)),
         'builtin', r.builtin,
         'user_count', (SELECT count(*) FROM core.user_roles ur JOIN core.users u ON u.id = ur.user_id
                         WHERE ur.role_key = r.key AND u.active),
         'version', r.version, 'created_at', r.created_at, 'updated_at', r.updated_at) AS doc
  FROM core.roles r;
