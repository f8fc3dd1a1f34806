-- device_telemetry.alarm was never set (every row false), so the history's alarm count per bucket was
-- always 0: the column goes, and with it that count. A device's alarms are its alerts (device_alerts).
ALTER TABLE device_telemetry DROP COLUMN IF EXISTS alarm;
