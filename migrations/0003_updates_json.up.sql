-- Updates are written once and read back whole only after a crash; storing
-- them as json (validated text) spares PostgreSQL converting every update to
-- jsonb on the hot path of intake.
ALTER TABLE updates ALTER COLUMN payload TYPE json USING payload::json;
