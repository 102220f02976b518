-- set_config of a list parameter, and SET LOCAL / set_config(.., true) inside a
-- DO block and outside a transaction block.
CREATE SCHEMA s1;
SELECT set_config('search_path', 's1, public', false);
SHOW search_path;
RESET search_path;
DO $$ BEGIN SET LOCAL work_mem = '8MB'; RAISE NOTICE '%', current_setting('work_mem'); END $$;
SHOW work_mem;
BEGIN; SELECT set_config('search_path', 's1, public', true); SHOW search_path; COMMIT;
SHOW search_path;
DROP SCHEMA s1;
SELECT set_config('work_mem', '16MB', true), current_setting('work_mem');
SHOW work_mem;
SET LOCAL work_mem = '32MB';
SHOW work_mem;
