-- ERP: items and BOMs, warehouses and the stock ledger, suppliers and
-- purchasing, customers and sales orders, production tasks, MRP runs.
-- Quantities numeric(18,4); unit prices and costs numeric(18,4) (a unit
-- price needs more than cents); amounts numeric(18,2).
CREATE SCHEMA IF NOT EXISTS erp;
CREATE SCHEMA IF NOT EXISTS crm;

-- Human document numbers, SO-2026-000123, one counter per type and year.
CREATE TABLE core.document_counters (
  prefix  text NOT NULL,
  year    int NOT NULL,
  last    bigint NOT NULL,
  PRIMARY KEY (prefix, year)
);

CREATE FUNCTION core.next_document_number(p_prefix text) RETURNS text
LANGUAGE sql AS $$
  INSERT INTO core.document_counters AS c (prefix, year, last)
  VALUES (p_prefix, extract(year FROM now())::int, 1)
  ON CONFLICT (prefix, year) DO UPDATE SET last = c.last + 1
  RETURNING p_prefix || '-' || c.year || '-' || lpad(c.last::text, 6, '0');
$$;

-- Reserves @n consecutive numbers at once (batch creation); returns the first counter value.
CREATE FUNCTION core.reserve_document_numbers(p_prefix text, p_n bigint) RETURNS bigint
LANGUAGE sql AS $$
  INSERT INTO core.document_counters AS c (prefix, year, last)
  VALUES (p_prefix, extract(year FROM now())::int, p_n)
  ON CONFLICT (prefix, year) DO UPDATE SET last = c.last + p_n
  RETURNING last - p_n + 1;
$$;

CREATE FUNCTION core.format_document_number(p_prefix text, p_counter bigint) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT p_prefix || '-' || extract(year FROM now())::int || '-' || lpad(p_counter::text, 6, '0');
$$;

CREATE TABLE crm.customers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  version     int NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  created_by  bigint REFERENCES core.users (id)
);

CREATE TABLE erp.suppliers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  version     int NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  created_by  bigint REFERENCES core.users (id)
);

CREATE TABLE erp.items (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code            text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind            text NOT NULL CHECK (kind IN ('make', 'buy')),
  unit            text NOT NULL DEFAULT 'pcs' CHECK (length(unit) BETWEEN 1 AND 20),
  lead_time_days  int NOT NULL DEFAULT 0 CHECK (lead_time_days BETWEEN 0 AND 3650),
  safety_stock    numeric(18,4) NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
  min_lot         numeric(18,4) NOT NULL DEFAULT 0 CHECK (min_lot >= 0),
  lot_multiple    numeric(18,4) NOT NULL DEFAULT 0 CHECK (lot_multiple >= 0),
  scrap_pct       numeric(9,4) NOT NULL DEFAULT 0 CHECK (scrap_pct >= 0 AND scrap_pct < 100),
  standard_cost   numeric(18,4) NOT NULL DEFAULT 0 CHECK (standard_cost >= 0),
  average_cost    numeric(18,4) NOT NULL DEFAULT 0 CHECK (average_cost >= 0),
  list_price      numeric(18,4) NOT NULL DEFAULT 0 CHECK (list_price >= 0),
  supplier_id     bigint REFERENCES erp.suppliers (id),
  active          boolean NOT NULL DEFAULT true,
  version         int NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  created_by      bigint REFERENCES core.users (id)
);
CREATE INDEX items_name_idx ON erp.items (lower(name));

-- One BOM per made item: its lines, replaced as a whole.
CREATE TABLE erp.bom_lines (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parent_id     bigint NOT NULL REFERENCES erp.items (id),
  position      int NOT NULL,
  component_id  bigint NOT NULL REFERENCES erp.items (id),
  qty           numeric(18,4) NOT NULL CHECK (qty > 0),
  scrap_pct     numeric(9,4) NOT NULL DEFAULT 0 CHECK (scrap_pct >= 0 AND scrap_pct < 100),
  CHECK (parent_id <> component_id),
  UNIQUE (parent_id, position)
);
CREATE INDEX bom_lines_component_idx ON erp.bom_lines (component_id);

CREATE TABLE erp.warehouses (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  version     int NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  created_by  bigint REFERENCES core.users (id)
);

-- The stock ledger: append-only truth. A transfer is two moves (out, in)
-- sharing a transfer_id. qty is signed: receipts in, issues out.
CREATE TABLE erp.stock_moves (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('receipt', 'issue', 'transfer', 'adjustment')),
  item_id       bigint NOT NULL REFERENCES erp.items (id),
  warehouse_id  bigint NOT NULL REFERENCES erp.warehouses (id),
  qty           numeric(18,4) NOT NULL CHECK (qty <> 0),
  unit_cost     numeric(18,4) NOT NULL DEFAULT 0,
  transfer_id   bigint,
  reference     text,
  document_type text,
  document_id   bigint,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    bigint REFERENCES core.users (id)
);
CREATE INDEX stock_moves_item_idx ON erp.stock_moves (item_id, warehouse_id, id);
CREATE RULE stock_moves_no_update AS ON UPDATE TO erp.stock_moves DO INSTEAD NOTHING;
CREATE RULE stock_moves_no_delete AS ON DELETE TO erp.stock_moves DO INSTEAD NOTHING;

-- Balances kept in the same transaction as their moves; never negative.
CREATE TABLE erp.stock_balances (
  item_id       bigint NOT NULL REFERENCES erp.items (id),
  warehouse_id  bigint NOT NULL REFERENCES erp.warehouses (id),
  qty           numeric(18,4) NOT NULL DEFAULT 0 CHECK (qty >= 0),
  PRIMARY KEY (item_id, warehouse_id)
);

CREATE TABLE erp.purchase_orders (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number       text NOT NULL UNIQUE,
  supplier_id  bigint NOT NULL REFERENCES erp.suppliers (id),
  state        text NOT NULL DEFAULT 'draft'
               CHECK (state IN ('draft', 'confirmed', 'partially_received', 'received', 'cancelled')),
  mrp_run_id   bigint,
  version      int NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  created_by   bigint REFERENCES core.users (id)
);

CREATE TABLE erp.purchase_order_lines (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id       bigint NOT NULL REFERENCES erp.purchase_orders (id),
  line_no        int NOT NULL,
  item_id        bigint NOT NULL REFERENCES erp.items (id),
  qty            numeric(18,4) NOT NULL CHECK (qty > 0),
  received_qty   numeric(18,4) NOT NULL DEFAULT 0 CHECK (received_qty >= 0 AND received_qty <= qty),
  price          numeric(18,4) NOT NULL DEFAULT 0 CHECK (price >= 0),
  expected_date  date NOT NULL,
  UNIQUE (order_id, line_no)
);
CREATE INDEX purchase_order_lines_item_idx ON erp.purchase_order_lines (item_id);

CREATE TABLE erp.sales_orders (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number       text NOT NULL UNIQUE,
  customer_id  bigint NOT NULL REFERENCES crm.customers (id),
  state        text NOT NULL DEFAULT 'draft'
               CHECK (state IN ('draft', 'confirmed', 'partially_shipped', 'shipped', 'cancelled')),
  version      int NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  created_by   bigint REFERENCES core.users (id)
);

CREATE TABLE erp.sales_order_lines (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id     bigint NOT NULL REFERENCES erp.sales_orders (id),
  line_no      int NOT NULL,
  item_id      bigint NOT NULL REFERENCES erp.items (id),
  qty          numeric(18,4) NOT NULL CHECK (qty > 0),
  shipped_qty  numeric(18,4) NOT NULL DEFAULT 0 CHECK (shipped_qty >= 0 AND shipped_qty <= qty),
  price        numeric(18,4) NOT NULL DEFAULT 0 CHECK (price >= 0),
  due_date     date NOT NULL,
  UNIQUE (order_id, line_no)
);
CREATE INDEX sales_order_lines_item_idx ON erp.sales_order_lines (item_id);

CREATE TABLE erp.production_tasks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number      text NOT NULL UNIQUE,
  item_id     bigint NOT NULL REFERENCES erp.items (id),
  qty         numeric(18,4) NOT NULL CHECK (qty > 0),
  done_qty    numeric(18,4) NOT NULL DEFAULT 0 CHECK (done_qty >= 0),
  due_date    date NOT NULL,
  state       text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'released', 'completed', 'cancelled')),
  mrp_run_id  bigint,
  version     int NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  created_by  bigint REFERENCES core.users (id)
);
CREATE INDEX production_tasks_item_idx ON erp.production_tasks (item_id);

CREATE TABLE erp.mrp_runs (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_date          date NOT NULL,
  purchase_count    int NOT NULL DEFAULT 0,
  production_count  int NOT NULL DEFAULT 0,
  load_ms           int NOT NULL DEFAULT 0,
  compute_ms        int NOT NULL DEFAULT 0,
  persist_ms        int NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        bigint REFERENCES core.users (id)
);

ALTER TABLE erp.purchase_orders ADD FOREIGN KEY (mrp_run_id) REFERENCES erp.mrp_runs (id);
ALTER TABLE erp.production_tasks ADD FOREIGN KEY (mrp_run_id) REFERENCES erp.mrp_runs (id);

-- Suggestions are numbered within their run (seq), so ids stay stable and
-- output is byte-for-byte the same for the same data. pegging is
-- [{"demand": sales_order_line id | null (safety stock), "qty": "…"}].
-- No foreign keys: a run writes up to millions of rows by COPY in the
-- transaction that creates its run row, and per-row checks would double
-- the time; nothing else writes here.
CREATE TABLE erp.mrp_suggestions (
  run_id         bigint NOT NULL,
  seq            int NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('purchase', 'production')),
  item_id        bigint NOT NULL,
  qty            numeric(18,4) NOT NULL,
  due_date       date NOT NULL,
  release_date   date NOT NULL,
  late_days      int NOT NULL DEFAULT 0,
  pegging        jsonb NOT NULL DEFAULT '[]',
  document_type  text,
  document_id    bigint,
  PRIMARY KEY (run_id, seq)
);

INSERT INTO core.permissions (key, description) VALUES
  ('erp.items.read',        'See items, BOMs and stock'),
  ('erp.items.write',       'Create and edit items and BOMs'),
  ('erp.stock.write',       'Record stock moves'),
  ('erp.purchasing.read',   'See suppliers and purchase orders'),
  ('erp.purchasing.write',  'Create, confirm and receive purchase orders'),
  ('erp.sales.read',        'See customers and sales orders'),
  ('erp.sales.write',       'Create, confirm and ship sales orders'),
  ('erp.production.read',   'See production tasks'),
  ('erp.production.write',  'Create and release production tasks'),
  ('erp.mrp.run',           'Run MRP and accept its suggestions');

UPDATE core.roles SET permissions = ARRAY(SELECT DISTINCT unnest(permissions || extra) ORDER BY 1)
  FROM (VALUES
    ('admin',      '{erp.items.read,erp.items.write,erp.stock.write,erp.purchasing.read,erp.purchasing.write,erp.sales.read,erp.sales.write,erp.production.read,erp.production.write,erp.mrp.run}'::text[]),
    ('manager',    '{erp.items.read,erp.purchasing.read,erp.sales.read,erp.production.read}'::text[]),
    ('sales',      '{erp.items.read,erp.sales.read,erp.sales.write}'::text[]),
    ('finance',    '{erp.items.read,erp.purchasing.read,erp.sales.read}'::text[]),
    ('planner',    '{erp.items.read,erp.items.write,erp.purchasing.read,erp.purchasing.write,erp.sales.read,erp.production.read,erp.production.write,erp.mrp.run}'::text[]),
    ('production', '{erp.items.read,erp.production.read,erp.production.write,erp.stock.write}'::text[]),
    ('warehouse',  '{erp.items.read,erp.stock.write,erp.purchasing.read,erp.sales.read}'::text[])
  ) AS grants(role_key, extra)
 WHERE key = grants.role_key;
