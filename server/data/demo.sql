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

INSERT INTO core.settings (key, value) VALUES ('demo.loaded', now()::text);
