-- The demo company: a small machinery maker with the people the OA, CRM and
-- ERP stories need. Every demo user signs in with the password "sanhe-demo".
-- current_setting('sanhe.demo_hash') holds that password's hash.
CREATE TEMPORARY TABLE demo_people (
  n int, login text, name text, email text, locale text, dept text, manager text, roles text[]
) ON COMMIT DROP;

INSERT INTO demo_people VALUES
  (1, 'boss',  'Wang Jianguo', 'boss@sanhe-demo.example',  'zh_CN', 'General Management', NULL,    '{manager,employee}'),
  (2, 'ben',   'Ben Li',       'ben@sanhe-demo.example',   'en',    'Sales',              'boss',  '{manager,sales,employee}'),
  (3, 'joe',   'Joe Zhang',    'joe@sanhe-demo.example',   'en',    'Sales',              'ben',   '{sales,employee}'),
  (4, 'anna',  'Anna Chen',    'anna@sanhe-demo.example',  'zh_CN', 'Finance',            'boss',  '{finance,employee}'),
  (5, 'fanny', 'Fanny Liu',    'fanny@sanhe-demo.example', 'zh_CN', 'Human Resources',    'boss',  '{hr,employee}'),
  (6, 'lucas', 'Lucas Wu',     'lucas@sanhe-demo.example', 'es',    'Production',         'boss',  '{production,manager,employee}'),
  (7, 'paul',  'Paul Zhao',    'paul@sanhe-demo.example',  'en',    'Planning',           'lucas', '{planner,employee}'),
  (8, 'wendy', 'Wendy Sun',    'wendy@sanhe-demo.example', 'zh_CN', 'Warehouse',          'lucas', '{warehouse,employee}');

INSERT INTO core.departments (name) VALUES ('General Management');
INSERT INTO core.departments (name, parent_id)
  SELECT n, (SELECT id FROM core.departments WHERE name = 'General Management')
    FROM unnest(ARRAY['Sales', 'Finance', 'Human Resources', 'Operations']) n;
INSERT INTO core.departments (name, parent_id)
  SELECT n, (SELECT id FROM core.departments WHERE name = 'Operations')
    FROM unnest(ARRAY['Planning', 'Production', 'Warehouse']) n;

INSERT INTO core.users (login, name, email, password_hash, department_id, locale)
  SELECT p.login, p.name, p.email, current_setting('sanhe.demo_hash'), d.id, p.locale
    FROM demo_people p JOIN core.departments d ON d.name = p.dept
   ORDER BY p.n;

UPDATE core.users u SET manager_id = m.id
  FROM demo_people p JOIN core.users m ON m.login = p.manager
 WHERE u.login = p.login;

INSERT INTO core.user_roles (user_id, role_key)
  SELECT u.id, r FROM demo_people p JOIN core.users u ON u.login = p.login, unnest(p.roles) r;

UPDATE core.departments d SET head_id = u.id
  FROM (VALUES ('General Management', 'boss'), ('Sales', 'ben'), ('Finance', 'anna'),
               ('Human Resources', 'fanny'), ('Operations', 'lucas'), ('Planning', 'paul'),
               ('Production', 'lucas'), ('Warehouse', 'wendy')) h(dept, login)
  JOIN core.users u ON u.login = h.login
 WHERE d.name = h.dept;

-- OA: the built-in approval processes (version 1 each) and the boss's
-- standing rule: Joe's travel expenses up to 10000 are approved at once.
INSERT INTO oa.processes (key, version, name, definition)
SELECT d ->> 'key', 1, d ->> 'name', d
  FROM (SELECT replace(t, '"__BOSS__"', (SELECT id::text FROM core.users WHERE login = 'boss'))::jsonb AS d
          FROM unnest(ARRAY[
$json${"key":"travel_expense","name":"Travel expense",
 "form":[{"name":"amount","type":"money","label":"Amount","required":true,"min":"0.01"},
         {"name":"purpose","type":"text","label":"Purpose","required":true},
         {"name":"dates","type":"date_range","label":"Dates"}],
 "nodes":[{"id":"start","type":"start"},
          {"id":"manager","type":"approval","name":"Manager","assignee":{"rule":"manager"},"mode":"any"},
          {"id":"finance","type":"approval","name":"Finance","assignee":{"rule":"role","role":"finance"},"mode":"any"},
          {"id":"amount","type":"condition"},
          {"id":"boss","type":"approval","name":"General manager","assignee":{"rule":"user","user":"__BOSS__"},"mode":"any"},
          {"id":"end","type":"end"}],
 "edges":[{"from":"start","to":"manager"},{"from":"manager","to":"finance"},{"from":"finance","to":"amount"},
          {"from":"amount","to":"boss","when":{"op":">","field":"amount","value":"5000"}},
          {"from":"amount","to":"end","else":true},{"from":"boss","to":"end"}]}$json$,
$json${"key":"business_trip","name":"Business trip",
 "form":[{"name":"destination","type":"text","label":"Destination","required":true},
         {"name":"dates","type":"date_range","label":"Dates","required":true},
         {"name":"amount","type":"money","label":"Advance","required":true,"min":"0"}],
 "nodes":[{"id":"start","type":"start"},
          {"id":"supervisor","type":"approval","name":"Supervisor","assignee":{"rule":"manager"},"mode":"any"},
          {"id":"split","type":"parallel"},
          {"id":"advance","type":"action","effect":"finance.register_advance"},
          {"id":"trip","type":"action","effect":"hr.record_business_trip"},
          {"id":"join","type":"join"},
          {"id":"end","type":"end"}],
 "edges":[{"from":"start","to":"supervisor"},{"from":"supervisor","to":"split"},
          {"from":"split","to":"advance"},{"from":"split","to":"trip"},
          {"from":"advance","to":"join"},{"from":"trip","to":"join"},{"from":"join","to":"end"}]}$json$,
$json${"key":"purchase_request","name":"Purchase request",
 "form":[{"name":"item","type":"text","label":"Item","required":true},
         {"name":"quantity","type":"number","label":"Quantity","required":true,"min":"0.0001"},
         {"name":"amount","type":"money","label":"Estimated amount","required":true,"min":"0"},
         {"name":"reason","type":"multiline","label":"Reason"}],
 "nodes":[{"id":"start","type":"start"},
          {"id":"manager","type":"approval","name":"Manager","assignee":{"rule":"manager"},"mode":"any"},
          {"id":"amount","type":"condition"},
          {"id":"boss","type":"approval","name":"General manager","assignee":{"rule":"user","user":"__BOSS__"},"mode":"any"},
          {"id":"end","type":"end"}],
 "edges":[{"from":"start","to":"manager"},{"from":"manager","to":"amount"},
          {"from":"amount","to":"boss","when":{"op":">","field":"amount","value":"20000"}},
          {"from":"amount","to":"end","else":true},{"from":"boss","to":"end"}]}$json$,
$json${"key":"contract_approval","name":"Contract approval",
 "form":[{"name":"title","type":"text","label":"Contract","required":true},
         {"name":"customer","type":"customer","label":"Customer","required":true},
         {"name":"amount","type":"money","label":"Amount","required":true,"min":"0"}],
 "nodes":[{"id":"start","type":"start"},
          {"id":"head","type":"approval","name":"Department head","assignee":{"rule":"department_head"},"mode":"any"},
          {"id":"finance","type":"approval","name":"Finance","assignee":{"rule":"role","role":"finance"},"mode":"any"},
          {"id":"boss","type":"approval","name":"General manager","assignee":{"rule":"user","user":"__BOSS__"},"mode":"any"},
          {"id":"end","type":"end"}],
 "edges":[{"from":"start","to":"head"},{"from":"head","to":"finance"},{"from":"finance","to":"boss"},{"from":"boss","to":"end"}]}$json$,
$json${"key":"production_task_change","name":"Production task change",
 "form":[{"name":"task","type":"text","label":"Production task","required":true},
         {"name":"due_date","type":"date","label":"New due date","required":true},
         {"name":"reason","type":"multiline","label":"Reason","required":true}],
 "nodes":[{"id":"start","type":"start"},
          {"id":"planning","type":"approval","name":"Planning","assignee":{"rule":"role","role":"planner"},"mode":"any"},
          {"id":"production","type":"approval","name":"Production","assignee":{"rule":"role","role":"production"},"mode":"any"},
          {"id":"warehouse","type":"notify","assignee":{"rule":"role","role":"warehouse"}},
          {"id":"end","type":"end"}],
 "edges":[{"from":"start","to":"planning"},{"from":"planning","to":"production"},
          {"from":"production","to":"warehouse"},{"from":"warehouse","to":"end"}]}$json$
          ]) t) s;

INSERT INTO oa.rules (owner_id, kind, process_key, applicant_id, condition, body)
SELECT b.id, 'auto_approve', 'travel_expense', j.id, '{"op":"<=","field":"amount","value":"10000"}'::jsonb,
       jsonb_build_object('kind', 'auto_approve', 'process', 'travel_expense', 'applicant', j.id,
                          'condition', '{"op":"<=","field":"amount","value":"10000"}'::jsonb)
  FROM core.users b, core.users j
 WHERE b.login = 'boss' AND j.login = 'joe';

INSERT INTO core.settings (key, value) VALUES ('demo.loaded', now()::text);
