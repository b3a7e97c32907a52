import ArgumentParser
import Foundation
import KehuCore

extension Kehu {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a dealer database (or bring an existing one to this version's schema).",
            discussion: """
            Examples:
              kehu init                      # ./kehu.db
              kehu init --db /data/华东.db
              KEHU_DB=dealer.db kehu init
            """
        )

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let path = database.resolvedPath
            let existed = FileManager.default.fileExists(atPath: path)
            let db = try KehuDatabase.open(path: path, create: true)
            let version = try db.schemaVersion()
            print(existed ? "\(path): schema version \(version), up to date" : "created \(path) (schema version \(version))")
        }
    }
}
