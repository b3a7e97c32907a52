import Foundation
import GRDB

/// The dealer's world: model, store, metrics. Knows nothing of Lua.
///
/// This first cut holds the store's entry point only; the model and metrics follow.
public enum KehuCore {
    /// The database schema version this build writes.
    public static let schemaVersion = 0

    /// Opens (creating if needed) a database file in WAL mode with foreign keys on.
    public static func openDatabase(at path: String) throws -> DatabasePool {
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try DatabasePool(path: path, configuration: config)
    }
}
