-- A BOM is edited as a whole (PUT replaces every line), so two planners
-- editing one assembly must not silently overwrite each other: the BOM
-- carries its own version, apart from the item's, so saving a BOM never
-- makes the item editor that sits beside it stale.
ALTER TABLE erp.items ADD COLUMN bom_version integer NOT NULL DEFAULT 1;
