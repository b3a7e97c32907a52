import GRDB

/// The database schema, as named migrations. A migration once released is never edited;
/// changes come as new migrations, and `PRAGMA user_version` follows the latest one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: clients, contacts, orders, payments, interactions") { db in
            try db.execute(sql: """
                CREATE TABLE client (
                  id INTEGER PRIMARY KEY,
                  code TEXT NOT NULL UNIQUE,
                  name TEXT NOT NULL,
                  kind TEXT NOT NULL CHECK (kind IN ('upstream','partner','channel','terminal')),
                  region TEXT NOT NULL DEFAULT '',
                  owner TEXT NOT NULL DEFAULT '',
                  credit_limit INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),      -- fen
                  payment_terms_days INTEGER NOT NULL DEFAULT 0 CHECK (payment_terms_days >= 0),
                  stage TEXT NOT NULL DEFAULT 'awareness'
                    CHECK (stage IN ('awareness','recognition','relationship','community','advocacy')),
                  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','dormant','phased_out')),
                  staff INTEGER, vehicles INTEGER, premises_m2 REAL, warehouse_m2 REAL,
                  capital INTEGER,                                                       -- fen
                  ads TEXT NOT NULL DEFAULT '',
                  tags TEXT NOT NULL DEFAULT '',          -- ';'-separated, in the order given
                  attributes TEXT NOT NULL DEFAULT '{}',  -- free attributes, a JSON object
                  since TEXT                              -- YYYY-MM-DD
                );
                CREATE INDEX client_owner ON client(owner);
                CREATE INDEX client_region ON client(region);

                CREATE TABLE contact (
                  id INTEGER PRIMARY KEY,
                  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                  name TEXT NOT NULL,
                  role TEXT NOT NULL DEFAULT 'other',
                  phone TEXT NOT NULL DEFAULT '', wechat TEXT NOT NULL DEFAULT '',
                  birthday TEXT,                          -- MM-DD or YYYY-MM-DD
                  hobbies TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
                  min_contact_days INTEGER CHECK (min_contact_days >= 0),
                  UNIQUE (client_id, name)
                );

                CREATE TABLE "order" (
                  id INTEGER PRIMARY KEY,
                  code TEXT NOT NULL UNIQUE,
                  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                  date TEXT NOT NULL,
                  amount INTEGER NOT NULL CHECK (amount >= 0),                            -- fen
                  brand TEXT NOT NULL DEFAULT '', product TEXT NOT NULL DEFAULT '',
                  quantity REAL
                );
                CREATE INDEX order_client_date ON "order"(client_id, date, amount);  -- covers the metrics scan

                CREATE TABLE payment (
                  id INTEGER PRIMARY KEY,
                  code TEXT NOT NULL UNIQUE,
                  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                  date TEXT NOT NULL,
                  amount INTEGER NOT NULL CHECK (amount > 0)                              -- fen
                );
                CREATE INDEX payment_client_date ON payment(client_id, date);

                CREATE TABLE interaction (
                  id INTEGER PRIMARY KEY,
                  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                  date TEXT NOT NULL,
                  kind TEXT NOT NULL CHECK (kind IN ('visit','call','message','meeting','training',
                                                     'promotion','gift','entertainment','complaint')),
                  contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
                  cost INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),                      -- fen
                  summary TEXT NOT NULL DEFAULT '',
                  answered TEXT,                          -- complaints: YYYY-MM-DD[ HH:MM]
                  resolved TEXT
                );
                CREATE INDEX interaction_client_date ON interaction(client_id, date);
                PRAGMA user_version = 1;
                """)
        }
        m.registerMigration("v2: runs, scores, allocations, follow-ups") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                  id INTEGER PRIMARY KEY,
                  kind TEXT NOT NULL CHECK (kind IN ('score','allocate','followups')),
                  playbook TEXT NOT NULL, version TEXT NOT NULL,
                  hash TEXT NOT NULL,                     -- SHA-256 of the playbook's files
                  as_of TEXT NOT NULL,                    -- YYYY-MM-DD: the date the run saw
                  created_at TEXT NOT NULL,               -- when it ran (UTC, ISO 8601)
                  clients INTEGER NOT NULL DEFAULT 0,
                  params TEXT NOT NULL DEFAULT '{}'       -- budget, resources, language, … (JSON)
                );
                CREATE INDEX run_kind ON run(kind, id);

                CREATE TABLE score (
                  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                  loyalty REAL NOT NULL, strength REAL NOT NULL,
                  quadrant TEXT NOT NULL CHECK (quadrant IN ('key','develop','watch','phase_out')),
                  abc TEXT NOT NULL,
                  sales_365 INTEGER NOT NULL DEFAULT 0,   -- fen, as of the run's date: quadrant reports
                  receivable INTEGER NOT NULL DEFAULT 0,  -- fen
                  loyalty_parts TEXT NOT NULL, strength_parts TEXT NOT NULL,   -- JSON lists
                  PRIMARY KEY (run_id, client_id)      -- a rowid table: rows with their parts are large
                );
                CREATE INDEX score_client ON score(client_id, run_id);

                CREATE TABLE allocation (
                  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                  quadrant TEXT NOT NULL,
                  resource TEXT NOT NULL,
                  amount INTEGER NOT NULL,                                              -- fen
                  reason TEXT NOT NULL DEFAULT '',
                  PRIMARY KEY (run_id, client_id, resource)
                ) WITHOUT ROWID;

                CREATE TABLE followup (
                  id INTEGER PRIMARY KEY,
                  run_id INTEGER REFERENCES run(id) ON DELETE SET NULL,
                  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                  kind TEXT NOT NULL,
                  due TEXT NOT NULL,                      -- YYYY-MM-DD
                  channel TEXT NOT NULL DEFAULT '',
                  contact TEXT NOT NULL DEFAULT '',
                  message TEXT NOT NULL DEFAULT '',
                  priority INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
                  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','skipped')),
                  drafted_on TEXT NOT NULL,               -- the as-of date of the drafting run
                  closed_on TEXT
                );
                -- Never two open follow-ups of the same client, kind and contact.
                CREATE UNIQUE INDEX followup_open ON followup(client_id, kind, contact) WHERE status = 'open';
                CREATE INDEX followup_status_due ON followup(status, due);
                PRAGMA user_version = 2;
                """)
        }
        m.registerMigration("v3: installed playbooks and which one is active") { db in
            try db.execute(sql: """
                -- A playbook as a consultant packed it: the pack file itself, checked on install.
                CREATE TABLE playbook_version (
                  id INTEGER PRIMARY KEY,
                  name TEXT NOT NULL, version TEXT NOT NULL,
                  hash TEXT NOT NULL,                     -- SHA-256 of its files, as in runs
                  description TEXT NOT NULL DEFAULT '',
                  pack BLOB NOT NULL,
                  installed_at TEXT NOT NULL,             -- UTC, ISO 8601
                  installed_by TEXT NOT NULL,
                  UNIQUE (name, version)
                );
                -- Each `use` pushes a version; `rollback` undoes the latest push still in force
                -- and is recorded too. The active version is the latest push not undone.
                CREATE TABLE playbook_activation (
                  id INTEGER PRIMARY KEY,
                  playbook_id INTEGER NOT NULL REFERENCES playbook_version(id),
                  action TEXT NOT NULL CHECK (action IN ('use','rollback')),
                  at TEXT NOT NULL, by TEXT NOT NULL,
                  undone INTEGER NOT NULL DEFAULT 0
                );
                -- When each contact was last contacted (a client's contacts, for follow-ups).
                CREATE INDEX interaction_contact_date ON interaction(contact_id, date);
                PRAGMA user_version = 3;
                """)
        }
        m.registerMigration("v4: contacts' last contact indexed on every database") { db in
            // v3 gained this index after databases had been made with it, so those never got
            // it: add it where it is missing.
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS interaction_contact_date ON interaction(contact_id, date)")
            // Early v1 databases had a narrower order index (and an order_date index since
            // dropped): bring them to the covering index the metrics scan reads.
            try db.execute(sql: "DROP INDEX IF EXISTS order_date")
            let orderIndex = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'order_client_date'")
            if orderIndex?.contains("amount") != true {
                try db.execute(sql: """
                    DROP INDEX IF EXISTS order_client_date;
                    CREATE INDEX order_client_date ON "order"(client_id, date, amount);
                    """)
            }
            // Early v2 databases stored scores WITHOUT ROWID; score rows carry their parts
            // and belong in a rowid table.
            let score = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'score'") ?? ""
            if score.uppercased().contains("WITHOUT ROWID") {
                try db.execute(sql: """
                    CREATE TABLE score_v4 (
                      run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                      client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                      loyalty REAL NOT NULL, strength REAL NOT NULL,
                      quadrant TEXT NOT NULL CHECK (quadrant IN ('key','develop','watch','phase_out')),
                      abc TEXT NOT NULL,
                      sales_365 INTEGER NOT NULL DEFAULT 0,
                      receivable INTEGER NOT NULL DEFAULT 0,
                      loyalty_parts TEXT NOT NULL, strength_parts TEXT NOT NULL,
                      PRIMARY KEY (run_id, client_id)
                    );
                    INSERT INTO score_v4 SELECT run_id, client_id, loyalty, strength, quadrant, abc, sales_365, receivable,
                      loyalty_parts, strength_parts FROM score;
                    DROP TABLE score;
                    ALTER TABLE score_v4 RENAME TO score;
                    CREATE INDEX score_client ON score(client_id, run_id);
                    """)
            }
            try db.execute(sql: "PRAGMA user_version = 4")
        }
        m.registerMigration("v5: the reason a playbook gives for a client's quadrant") { db in
            try db.execute(sql: "ALTER TABLE score ADD COLUMN reason TEXT")
        }
        m.registerMigration("v6: follow-ups superseded by a later run") { db in
            // A status SQLite cannot add to a CHECK in place: the table is made anew, rows kept.
            try db.execute(sql: """
                CREATE TABLE followup_v6 (
                  id INTEGER PRIMARY KEY,
                  run_id INTEGER REFERENCES run(id) ON DELETE SET NULL,
                  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                  kind TEXT NOT NULL,
                  due TEXT NOT NULL,
                  channel TEXT NOT NULL DEFAULT '',
                  contact TEXT NOT NULL DEFAULT '',
                  message TEXT NOT NULL DEFAULT '',
                  priority INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
                  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','skipped','superseded')),
                  drafted_on TEXT NOT NULL,
                  closed_on TEXT,
                  superseded_by INTEGER REFERENCES run(id) ON DELETE SET NULL  -- the run that no longer drafted it
                );
                INSERT INTO followup_v6 (id, run_id, client_id, kind, due, channel, contact, message, priority, status, drafted_on, closed_on)
                  SELECT id, run_id, client_id, kind, due, channel, contact, message, priority, status, drafted_on, closed_on FROM followup;
                DROP TABLE followup;
                ALTER TABLE followup_v6 RENAME TO followup;
                CREATE UNIQUE INDEX followup_open ON followup(client_id, kind, contact) WHERE status = 'open';
                CREATE INDEX followup_status_due ON followup(status, due);
                """)
        }
        m.registerMigration("v7: what needs the whole base, kept per as-of date until the data changes") { db in
            // `data_generation` counts changes to what the ABC classes read (orders, client
            // codes), made by Kehu or anything else: triggers bump it. A cached value is used
            // only while the generation it was computed at is still the current one.
            try db.execute(sql: """
                CREATE TABLE data_generation (n INTEGER NOT NULL);
                INSERT INTO data_generation VALUES (0);
                CREATE TABLE base_cache (
                  as_of TEXT NOT NULL,
                  what TEXT NOT NULL,
                  generation INTEGER NOT NULL,
                  value TEXT NOT NULL,
                  PRIMARY KEY (as_of, what)
                );
                CREATE TRIGGER order_insert_generation AFTER INSERT ON "order" BEGIN UPDATE data_generation SET n = n + 1; END;
                CREATE TRIGGER order_delete_generation AFTER DELETE ON "order" BEGIN UPDATE data_generation SET n = n + 1; END;
                CREATE TRIGGER order_update_generation AFTER UPDATE OF client_id, date, amount ON "order"
                  BEGIN UPDATE data_generation SET n = n + 1; END;
                CREATE TRIGGER client_insert_generation AFTER INSERT ON client BEGIN UPDATE data_generation SET n = n + 1; END;
                CREATE TRIGGER client_delete_generation AFTER DELETE ON client BEGIN UPDATE data_generation SET n = n + 1; END;
                CREATE TRIGGER client_update_generation AFTER UPDATE OF id, code ON client
                  BEGIN UPDATE data_generation SET n = n + 1; END;
                """)
        }
        m.registerMigration("v8: a score run's parts stored compactly, and run details that can be pruned") { db in
            // Parts lists move into one compact blob a row (`parts`, read through the run's
            // dictionary `run_text`; see CompactParts). Rows stored before keep their JSON text.
            // Both empty: the run's detail was pruned (`kehu runs prune`); the scores stay.
            // WITHOUT ROWID: compact rows are small, and the key is then the only copy of it.
            try db.execute(sql: """
                CREATE TABLE run_text (
                  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                  id INTEGER NOT NULL,
                  text TEXT NOT NULL,
                  PRIMARY KEY (run_id, id)
                ) WITHOUT ROWID;
                CREATE TABLE score_v8 (
                  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                  loyalty REAL NOT NULL, strength REAL NOT NULL,
                  quadrant TEXT NOT NULL CHECK (quadrant IN ('key','develop','watch','phase_out')),
                  abc TEXT NOT NULL,
                  sales_365 INTEGER NOT NULL DEFAULT 0,
                  receivable INTEGER NOT NULL DEFAULT 0,
                  reason TEXT,
                  parts BLOB,
                  loyalty_parts TEXT, strength_parts TEXT,
                  PRIMARY KEY (run_id, client_id)
                ) WITHOUT ROWID;
                INSERT INTO score_v8 (run_id, client_id, loyalty, strength, quadrant, abc, sales_365, receivable, reason,
                                      loyalty_parts, strength_parts)
                  SELECT run_id, client_id, loyalty, strength, quadrant, abc, sales_365, receivable, reason,
                         loyalty_parts, strength_parts FROM score;
                DROP TABLE score;
                ALTER TABLE score_v8 RENAME TO score;
                CREATE INDEX score_client ON score(client_id, run_id);
                ALTER TABLE run ADD COLUMN pruned_on TEXT;   -- when its detail was dropped
                """)
        }
        return m
    }

    /// The number of migrations this build knows: the schema version it writes.
    static var version: Int { migrator.migrations.count }

    /// Sets `PRAGMA user_version` to the number of migrations when it differs, so that a new
    /// migration need not (the early ones set it themselves, and stay as they landed).
    static func markVersion(_ writer: some DatabaseWriter) throws {
        let current = try writer.read { try Int.fetchOne($0, sql: "PRAGMA user_version") ?? 0 }
        if current != version { try writer.write { try $0.execute(sql: "PRAGMA user_version = \(version)") } }
    }
}
