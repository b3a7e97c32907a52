import ArgumentParser
import KehuCore

/// `--db PATH`: which dealer database a command works on (else `KEHU_DB`, else ./kehu.db).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The database file (default: $KEHU_DB, else ./kehu.db).", valueName: "path"))
    var path: String?

    var resolvedPath: String { KehuDatabase.resolvePath(path) }

    /// Opens the database, which must exist (else: "no database at … — run 'kehu init' or pass --db").
    func open() throws -> KehuDatabase { try KehuDatabase.open(path: resolvedPath) }
}
