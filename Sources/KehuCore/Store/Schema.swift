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
        return m
    }

    /// The number of migrations this build knows: the schema version it writes.
    static var version: Int { migrator.migrations.count }
}
