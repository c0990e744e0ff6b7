-- A request's form holds ids for its person, department and customer
-- fields. Its document names them too ("references": {"reviewer":
-- {"id": 7, "name": "Lucas Wu"}}), so every reader sees a name, never a
-- bare number, without a lookup per field.
CREATE OR REPLACE VIEW oa.request_docs AS
SELECT r.id, r.applicant_id, r.subject_type, r.subject_id,
       json_build_object(
         'id', r.id, 'number', r.number, 'process', r.process_key, 'version', r.process_version,
         'process_name', p.name, 'state', r.state, 'form', r.form, 'summary', r.summary,
         'references', coalesce((
           SELECT json_object_agg(f ->> 'name', json_build_object('id', ref.id, 'name', ref.name))
             FROM jsonb_array_elements(p.definition -> 'form') f
             CROSS JOIN LATERAL (SELECT (r.form ->> (f ->> 'name'))::bigint AS id) v
             CROSS JOIN LATERAL (
               SELECT v.id,
                      CASE f ->> 'type'
                        WHEN 'user' THEN (SELECT x.name FROM core.users x WHERE x.id = v.id)
                        WHEN 'department' THEN (SELECT x.name FROM core.departments x WHERE x.id = v.id)
                        WHEN 'customer' THEN (SELECT x.name FROM crm.customers x WHERE x.id = v.id)
                      END AS name) ref
            WHERE f ->> 'type' IN ('user', 'department', 'customer')
              AND jsonb_typeof(r.form -> (f ->> 'name')) = 'number'), '{}'::json),
         'applicant', json_build_object('id', u.id, 'name', u.name),
         'subject', CASE WHEN r.subject_type IS NULL THEN NULL
                         ELSE json_build_object('type', r.subject_type, 'id', r.subject_id) END,
         'tasks', coalesce((SELECT json_agg(td.doc ORDER BY td.id) FROM oa.task_docs td
                             WHERE td.request_id = r.id), '[]'::json),
         'created_at', r.created_at, 'updated_at', r.updated_at) AS doc
  FROM oa.requests r
  JOIN oa.processes p ON p.key = r.process_key AND p.version = r.process_version
  JOIN core.users u ON u.id = r.applicant_id;
