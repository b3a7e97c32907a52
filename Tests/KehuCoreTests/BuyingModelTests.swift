import Foundation
import GRDB
import Testing
@testable import KehuCore

/// The buying model over a dealer's whole base: learned at a past cut, checked a horizon
/// earlier, kept per as-of date, and blind to anything after the as-of date.
@Suite struct BuyingModelTests {
    @Test func theLearnedSignalBeatsTheSimpleRulesOnTheSampleDealer() throws {
        let (store, _) = try SingleClientMetricsTests.temporaryDatabase()
        _ = try SampleDealer(clients: 1500, years: 3, seed: 11, asOf: "2026-11-25").write(to: store)
        let model = try store.read { try BuyingModel.current($0, asOf: "2026-11-25", horizonDays: 180) }
        let fit = try #require(model.bgnbd)
        #expect(fit.clients == 1500)
        let quiet = try #require(model.quiet, "\(model.quietProblem ?? "")")
        #expect(quiet.cut == "2026-05-29")
        #expect(quiet.regression.names == BuyingModel.featureNames)
        let check = try #require(quiet.check, "\(quiet.checkProblem ?? "")")
        #expect(check.fittedAt == "2025-11-30" && check.at == "2026-05-29")
        let rows = Dictionary(uniqueKeysWithValues: check.rows.map { ($0.predictor, $0) })
        let learned = try #require(rows["learned: p_quiet ≥ 0.5"])
        let recency = try #require(rows["no order in the last 90 days"])
        let everyone = try #require(rows["everyone quiet"])
        #expect(everyone.recall == 1 && everyone.calledQuiet == check.clients)
        #expect(learned.accuracy > recency.accuracy && learned.accuracy > everyone.accuracy,
                "learned \(learned.accuracy), 90 days \(recency.accuracy), everyone \(everyone.accuracy)")

        // Kept at the current generation, and read back as the same model.
        let again = try store.read { try BuyingModel.current($0, asOf: "2026-11-25", horizonDays: 180) }
        #expect(again == model)
        let kept = try store.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM base_cache WHERE what = 'buying:180'") }
        #expect(kept == 1)
    }

    @Test func nothingAfterTheAsOfDateIsRead() throws {
        let (store, path) = try SingleClientMetricsTests.temporaryDatabase()
        _ = try SampleDealer(clients: 300, years: 2, seed: 5, asOf: "2026-11-25").write(to: store)
        let asOf = "2026-06-30"
        let before = try store.read { try BuyingModel.compute($0, asOf: asOf, horizonDays: 90) }
        // Orders after the as-of date change nothing about the model as of it.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO "order" (code, client_id, date, amount)
                SELECT 'LATE-' || id, id, '2026-07-01', 100 FROM client
                """)
        }
        let after = try store.read { try BuyingModel.compute($0, asOf: asOf, horizonDays: 90) }
        #expect(after == before)
    }

    @Test func aBaseTooSmallSaysWhyAndStillMarksDormancy() throws {
        let store = try KehuDatabase.inMemory()
        let model = try store.read { try BuyingModel.compute($0, asOf: "2026-11-25", horizonDays: 180) }
        #expect(model.bgnbd == nil && model.bgnbdProblem?.contains("needs at least") == true)
        #expect(model.quiet == nil && model.quietProblem != nil)
    }
}
