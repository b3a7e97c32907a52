import ArgumentParser
import Foundation
import KehuCore

extension Kehu {
    struct Gen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a realistic sample dealer into the database.",
            discussion: """
            Chinese company and person names, provinces and cities, the four kinds of client, \
            Pareto-spread sales with busy seasons, late payers, complaints, birthdays, \
            entertainment spending and clients going dormant. The same seed and as-of date give \
            the same data, byte for byte. The database is created if it does not exist.

            Profiles (--profile): \(SampleDealer.Profile.allCases.map { "\($0.rawValue) — \($0.summary)" }.joined(separator: "; ")).

            Examples:
              kehu gen --clients 3000                    # three years up to today
              kehu gen --clients 100000 --years 5 --seed 7 --db big.db
              kehu gen --clients 500 --as-of 2026-06-30  # data ending on that day
              kehu gen --profile agri --db agri.db       # a county agricultural-inputs dealer
            """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "How many clients.") var clients: Int = 3000
        @Option(help: "How many years of history.") var years: Int = 3
        @Option(help: "The random seed.") var seed: UInt64 = 1
        @Option(help: ArgumentHelp("The trade: building, agri or fmcg.", valueName: "profile")) var profile: SampleDealer.Profile = .building
        @Option(help: ArgumentHelp("The last day of the data (default: today).", valueName: "date"), transform: Day.argument) var asOf: Day?
        @Flag(help: "Print nothing but errors.") var quiet = false

        func validate() throws {
            if clients < 1 { throw ValidationError("--clients must be at least 1") }
            if !(1...30).contains(years) { throw ValidationError("--years must be between 1 and 30") }
            let day = asOf ?? Day.today
            if day.year - years < Day.supported.lowerBound.year {
                throw ValidationError("--years \(years) before \(day) starts before \(Day.supported.lowerBound), the first date Kehu handles")
            }
        }

        func run() throws {
            let store = try KehuDatabase.open(path: database.resolvedPath, create: true)
            let count = try store.read { try ClientHistory.count($0) }
            guard count == 0 else {
                throw ValidationError("\(database.resolvedPath) already holds \(count) clients — generate into a new database (--db new.db)")
            }
            let day = (asOf ?? Day.today).description
            let started = Date()
            let progress = Progress(label: "gen", total: clients, quiet: quiet)
            let result = try SampleDealer(clients: clients, years: years, seed: seed, asOf: day, profile: profile).write(to: store) { progress.update($0) }
            progress.finish()
            if !quiet {
                let seconds = Date().timeIntervalSince(started)
                print("wrote \(result.clients) \(profile == .building ? "" : profile.rawValue + " ")clients and \(result.orders) orders up to \(day) into \(database.resolvedPath) in \(String(format: "%.1f", seconds)) s")
            }
        }
    }
}

/// Today's date in the local time zone, `YYYY-MM-DD`.

extension SampleDealer.Profile: ExpressibleByArgument {}
