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
$json${"key":"travel_expense","name":"Travel expense","translations":{"zh_CN":"差旅报销","es":"Gastos de viaje"},
 "form":[{"name":"amount","type":"money","label":"Amount","translations":{"zh_CN":"金额","es":"Importe"},"required":true,"min":"0.01"},
         {"name":"purpose","type":"text","label":"Purpose","translations":{"zh_CN":"事由","es":"Motivo"},"required":true},
         {"name":"dates","type":"date_range","label":"Dates","translations":{"zh_CN":"日期","es":"Fechas"}}],
 "nodes":[{"id":"start","type":"start"},
          {"id":"manager","type":"approval","name":"Manager","translations":{"zh_CN":"部门经理","es":"Responsable"},"assignee":{"rule":"manager"},"mode":"any"},
          {"id":"finance","type":"approval","name":"Finance","translations":{"zh_CN":"财务","es":"Finanzas"},"assignee":{"rule":"role","role":"finance"},"mode":"any"},
          {"id":"amount","type":"condition"},
          {"id":"boss","type":"approval","name":"General manager","translations":{"zh_CN":"总经理","es":"Director general"},"assignee":{"rule":"user","user":"__BOSS__"},"mode":"any"},
          {"id":"end","type":"end"}],
 "edges":[{"from":"start","to":"manager"},{"from":"manager","to":"finance"},{"from":"finance","to":"amount"},
          {"from":"amount","to":"boss","when":{"op":">","field":"amount","value":"5000"}},
          {"from":"amount","to":"end","else":true},{"from":"boss","to":"end"}]}$json$,
$json${"key":"business_trip","name":"Business trip","translations":{"zh_CN":"出差申请","es":"Viaje de negocios"},
 "form":[{"name":"destination","type":"text","label":"Destination","translations":{"zh_CN":"目的地","es":"Destino"},"required":true},
         {"name":"dates","type":"date_range","label":"Dates","translations":{"zh_CN":"日期","es":"Fechas"},"required":true},
         {"name":"amount","type":"money","label":"Advance","translations":{"zh_CN":"借款金额","es":"Anticipo"},"required":true,"min":"0"}],
 "nodes":[{"id":"start","type":"start"},
          {"id":"supervisor","type":"approval","name":"Supervisor","translations":{"zh_CN":"直属上级","es":"Supervisor"},"assignee":{"rule":"manager"},"mode":"any"},
          {"id":"split","type":"parallel"},
          {"id":"advance","type":"action","name":"Register the advance","translations":{"zh_CN":"登记借款","es":"Registrar el anticipo"},"effect":"finance.register_advance"},
          {"id":"trip","type":"action","name":"Record the trip","translations":{"zh_CN":"登记出差考勤","es":"Registrar el viaje"},"effect":"hr.record_business_trip"},
          {"id":"join","type":"join"},
          {"id":"end","type":"end"}],
 "edges":[{"from":"start","to":"supervisor"},{"from":"supervisor","to":"split"},
          {"from":"split","to":"advance"},{"from":"split","to":"trip"},
          {"from":"advance","to":"join"},{"from":"trip","to":"join"},{"from":"join","to":"end"}]}$json$,
$json${"key":"purchase_request","name":"Purchase request","translations":{"zh_CN":"采购申请","es":"Solicitud de compra"},
 "form":[{"name":"item","type":"text","label":"Item","translations":{"zh_CN":"物品","es":"Artículo"},"required":true},
         {"name":"quantity","type":"number","label":"Quantity","translations":{"zh_CN":"数量","es":"Cantidad"},"required":true,"min":"0.0001"},
         {"name":"amount","type":"money","label":"Estimated amount","translations":{"zh_CN":"预计金额","es":"Importe estimado"},"required":true,"min":"0"},
         {"name":"reason","type":"multiline","label":"Reason","translations":{"zh_CN":"原因","es":"Motivo"}}],
 "nodes":[{"id":"start","type":"start"},
          {"id":"manager","type":"approval","name":"Manager","translations":{"zh_CN":"部门经理","es":"Responsable"},"assignee":{"rule":"manager"},"mode":"any"},
          {"id":"amount","type":"condition"},
          {"id":"boss","type":"approval","name":"General manager","translations":{"zh_CN":"总经理","es":"Director general"},"assignee":{"rule":"user","user":"__BOSS__"},"mode":"any"},
          {"id":"end","type":"end"}],
 "edges":[{"from":"start","to":"manager"},{"from":"manager","to":"amount"},
          {"from":"amount","to":"boss","when":{"op":">","field":"amount","value":"20000"}},
          {"from":"amount","to":"end","else":true},{"from":"boss","to":"end"}]}$json$,
$json${"key":"contract_approval","name":"Contract approval","translations":{"zh_CN":"合同审批","es":"Aprobación de contrato"},
 "form":[{"name":"title","type":"text","label":"Contract","translations":{"zh_CN":"合同","es":"Contrato"},"required":true},
         {"name":"customer","type":"customer","label":"Customer","translations":{"zh_CN":"客户","es":"Cliente"},"required":true},
         {"name":"amount","type":"money","label":"Amount","translations":{"zh_CN":"金额","es":"Importe"},"required":true,"min":"0"}],
 "nodes":[{"id":"start","type":"start"},
          {"id":"head","type":"approval","name":"Department head","translations":{"zh_CN":"部门负责人","es":"Jefe de departamento"},"assignee":{"rule":"department_head"},"mode":"any"},
          {"id":"finance","type":"approval","name":"Finance","translations":{"zh_CN":"财务","es":"Finanzas"},"assignee":{"rule":"role","role":"finance"},"mode":"any"},
          {"id":"boss","type":"approval","name":"General manager","translations":{"zh_CN":"总经理","es":"Director general"},"assignee":{"rule":"user","user":"__BOSS__"},"mode":"any"},
          {"id":"end","type":"end"}],
 "edges":[{"from":"start","to":"head"},{"from":"head","to":"finance"},{"from":"finance","to":"boss"},{"from":"boss","to":"end"}]}$json$,
$json${"key":"production_task_change","name":"Production task change","translations":{"zh_CN":"生产任务变更","es":"Cambio de orden de producción"},
 "form":[{"name":"task","type":"text","label":"Production task","translations":{"zh_CN":"生产任务","es":"Orden de producción"},"required":true},
         {"name":"due_date","type":"date","label":"New due date","translations":{"zh_CN":"新交期","es":"Nueva fecha de entrega"},"required":true},
         {"name":"reason","type":"multiline","label":"Reason","translations":{"zh_CN":"原因","es":"Motivo"},"required":true}],
 "nodes":[{"id":"start","type":"start"},
          {"id":"planning","type":"approval","name":"Planning","translations":{"zh_CN":"计划","es":"Planificación"},"assignee":{"rule":"role","role":"planner"},"mode":"any"},
          {"id":"production","type":"approval","name":"Production","translations":{"zh_CN":"生产","es":"Producción"},"assignee":{"rule":"role","role":"production"},"mode":"any"},
          {"id":"warehouse","type":"notify","name":"Copy to warehouse","translations":{"zh_CN":"抄送仓库","es":"Copia a almacén"},"assignee":{"rule":"role","role":"warehouse"}},
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
