-- A request's summary ("Joe Zhang · 1280.50 · Customer visit") is kept
-- whole for events and logs, and in parts, so that a client shows the
-- amount the way its reader writes numbers ("1.280,50" in Spanish): the
-- first money field of the form and its first one-line text (cut to 60
-- characters, the last an ellipsis), as the server computes them.
ALTER TABLE oa.requests
  ADD COLUMN summary_amount numeric(18,4),
  ADD COLUMN summary_text   text;

-- The requests filed before: the same parts, read from their forms.
UPDATE oa.requests r
   SET summary_amount = (
         SELECT (r.form ->> (f ->> 'name'))::numeric
           FROM oa.processes p,
                jsonb_array_elements(p.definition -> 'form') WITH ORDINALITY AS e(f, n)
          WHERE p.key = r.process_key AND p.version = r.process_version
            AND f ->> 'type' = 'money' AND jsonb_typeof(r.form -> (f ->> 'name')) = 'string'
          ORDER BY n LIMIT 1),
       summary_text = (
         SELECT CASE WHEN char_length(v) > 60 THEN left(v, 59) || '…' ELSE v END
           FROM oa.processes p,
                jsonb_array_elements(p.definition -> 'form') WITH ORDINALITY AS e(f, n),
                LATERAL (SELECT r.form ->> (f ->> 'name') AS v) t
          WHERE p.key = r.process_key AND p.version = r.process_version
            AND f ->> 'type' = 'text' AND jsonb_typeof(r.form -> (f ->> 'name')) = 'string' AND v <> ''
          ORDER BY n LIMIT 1);
