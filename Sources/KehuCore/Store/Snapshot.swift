import Foundation
import GRDB

extension KehuDatabase {
    /// An in-memory copy of the dealer's data as it stood at the end of `asOf`: what a
    /// backtest scores, so that no query, metric or script can see what happened later.
    ///
    /// - Clients on file by then (`since` empty or not after the date), every one of them
    ///   `active`: today's status is later knowledge.
    /// - Their contacts; orders, payments and interactions dated up to the date; a
    ///   complaint's answer or resolution only if it came by then.
    /// - Notes (`attributes.notes`) written by then; no stored runs, plans or follow-ups.
    ///
    /// Fields without a date (the client file: stage, tags, capital, …, and contacts) are
    /// copied as they are now.
    ///
    /// - Parameter file: where to keep the copy (a new file, which the caller removes), or nil
    ///   for memory — a file keeps a large dealer's history off the heap.
    public func snapshot(asOf: Day, file: String? = nil) throws -> KehuDatabase {
        guard let path else { throw KehuError.invalid("a snapshot is taken of a database file, not of an in-memory one") }
        let copy = try file.map { try KehuDatabase.open(path: $0, create: true) } ?? KehuDatabase.inMemory()
        let day = asOf.description
        try copy.writer.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS src", arguments: [path])
            defer { try? db.execute(sql: "DETACH DATABASE src") }
            try db.inTransaction {
                try db.execute(sql: """
                    INSERT INTO client SELECT * FROM src.client WHERE since IS NULL OR since = '' OR since <= :day;
                    UPDATE client SET status = 'active';
                    INSERT INTO contact SELECT * FROM src.contact WHERE client_id IN (SELECT id FROM client);
                    INSERT INTO "order" SELECT * FROM src."order" WHERE date <= :day AND client_id IN (SELECT id FROM client);
                    INSERT INTO payment SELECT * FROM src.payment WHERE date <= :day AND client_id IN (SELECT id FROM client);
                    INSERT INTO interaction SELECT * FROM src.interaction WHERE date <= :day AND client_id IN (SELECT id FROM client);
                    UPDATE interaction SET answered = NULL WHERE substr(answered, 1, 10) > :day;
                    UPDATE interaction SET resolved = NULL WHERE substr(resolved, 1, 10) > :day;
                    UPDATE client SET attributes = json_set(attributes, '$.notes',
                        (SELECT json_group_array(json(n.value)) FROM json_each(client.attributes, '$.notes') AS n
                         WHERE substr(json_extract(n.value, '$.date'), 1, 10) <= :day))
                    WHERE json_valid(attributes) AND json_type(attributes, '$.notes') = 'array';
                    """, arguments: ["day": day])
                return .commit
            }
        }
        return copy
    }
}
