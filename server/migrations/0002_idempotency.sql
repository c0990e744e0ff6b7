-- Replies to POSTs that carried an Idempotency-Key, so a retried create
-- (a lost answer, a double click) returns the first result instead of a duplicate.
CREATE TABLE core.idempotency_keys (
  user_id     bigint NOT NULL REFERENCES core.users (id),
  key         text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  method      text NOT NULL,
  path        text NOT NULL,
  status      int,
  response    jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON core.idempotency_keys (created_at);
