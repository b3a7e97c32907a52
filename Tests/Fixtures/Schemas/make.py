#!/usr/bin/env python3
"""Makes the schema fixtures: a small database per released schema form, built from the
migrations as they stood at that commit (read with `git show`), with a few rows in each table.
Run from the repository: python3 Tests/Fixtures/Schemas/make.py Tests/Fixtures/Schemas [KEHU]
(KEHU: a kehu built at the last commit of the newest released version, for its fixture)
The fixtures are committed; a released form is never regenerated, only a new one added."""
import re, subprocess, sys, os

def schema_source(commit):
    return subprocess.run(["git", "show", commit + ":Sources/KehuCore/Store/Schema.swift"],
                          check=True, capture_output=True, text=True).stdout

def blocks(commit):
    s=schema_source(commit)
    out=[]
    for m in re.finditer(r'registerMigration\("([^"]*)"\) \{ db in\s*try db.execute\(sql: """\n(.*?)"""\)', s, re.S):
        out.append((m.group(1), m.group(2)))
    return out
def make(commit, dest, rows):
    # A released form is kept as it was committed (sqlite3 may lay out the same rows in other
    # bytes); delete a file to make it anew.
    if os.path.exists(dest): return
    sql = "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);\n"
    for name, body in blocks(commit):
        sql += body + "\n" + "INSERT INTO grdb_migrations VALUES ('%s');\n" % name.replace("'", "''")
    sql += rows
    subprocess.run(["sqlite3", dest], input=sql.encode(), check=True)
rows1 = """
INSERT INTO client (id, code, name, kind, region, owner, credit_limit, payment_terms_days, tags, since) VALUES
 (1, 'C1', '华东商贸', 'channel', '浙江·杭州', '王伟', 1000000, 30, '大客户', '2020-01-05'),
 (2, 'C2', '顺达批发', 'terminal', '江苏·南京', '李娜', 0, 0, '', NULL);
INSERT INTO contact (id, client_id, name, role, birthday, min_contact_days) VALUES (1, 1, '王老板', 'owner', '03-15', 30);
INSERT INTO "order" (code, client_id, date, amount, brand) VALUES ('O1', 1, '2026-10-01', 120000, '东鹏'), ('O2', 2, '2026-10-02', 80000, '');
INSERT INTO payment (code, client_id, date, amount) VALUES ('P1', 1, '2026-10-05', 100000);
INSERT INTO interaction (client_id, date, kind, contact_id, cost, summary) VALUES (1, '2026-10-03', 'visit', 1, 10000, '看新品');
"""
rows2 = rows1 + """
INSERT INTO run (id, kind, playbook, version, hash, as_of, created_at, clients) VALUES (1, 'score', 'standard', '1.0.0', 'abc', '2026-11-25', '2026-11-25T08:00:00Z', 2);
INSERT INTO score (run_id, client_id, loyalty, strength, quadrant, abc, sales_365, receivable, loyalty_parts, strength_parts)
 VALUES (1, 1, 70.5, 60.25, 'key', 'A', 120000, 20000, '[]', '[]'), (1, 2, 20, 10, 'phase_out', 'B', 80000, 80000, '[]', '[]');
INSERT INTO followup (run_id, client_id, kind, due, contact, message, drafted_on) VALUES (1, 1, 'birthday', '2026-11-28', '王老板', '生日快乐', '2026-11-25');
"""
rows3 = rows2
rows4 = rows2
rows5 = rows2 + """
UPDATE score SET reason = '欠款超过90天' WHERE client_id = 2;
"""
rows6 = rows5 + """
INSERT INTO run (id, kind, playbook, version, hash, as_of, created_at, clients) VALUES (2, 'followups', 'standard', '1.2.0', 'def', '2026-11-26', '2026-11-26T08:00:00Z', 2);
UPDATE followup SET status = 'superseded', superseded_by = 2, closed_on = '2026-11-26' WHERE client_id = 1;
"""
rows7 = rows6 + """
INSERT INTO base_cache (as_of, what, generation, value) SELECT '2026-11-25', 'abc', n, '{}' FROM data_generation;
"""

def make_with(kehu, dest, rows):
    """A fixture made by a built kehu of that version (`kehu init`): for migrations that are
    Swift code rather than one SQL text, from v4 on."""
    if not kehu or os.path.exists(dest): return
    subprocess.run([kehu, "init", "--db", dest], check=True, capture_output=True)
    subprocess.run(["sqlite3", dest], input=rows.encode(), check=True)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(dest + suffix): os.remove(dest + suffix)
# Early forms of v1 and v2, before later commits changed what their migrations made.
make("d493a75", sys.argv[1] + "/v1-d493a75.db", rows1)
make("25d568c", sys.argv[1] + "/v1-25d568c.db", rows1)
make("abcfde3", sys.argv[1] + "/v2-abcfde3.db", rows2)
# The forms as released last.
make("11a9b1e", sys.argv[1] + "/v1.db", rows1)
make("06abb27", sys.argv[1] + "/v2.db", rows2)
make("b4910f3", sys.argv[1] + "/v3.db", rows3)
# From v4 on, with a kehu built at the last commit of that version, given as the second
# argument (make.py DIR .build/debug/kehu), when a new version is released.
kehu = sys.argv[2] if len(sys.argv) > 2 else None
make_with(kehu, sys.argv[1] + "/v4.db", rows4)
make_with(kehu, sys.argv[1] + "/v5.db", rows5)
make_with(kehu, sys.argv[1] + "/v6.db", rows6)
make_with(kehu, sys.argv[1] + "/v7.db", rows7)
