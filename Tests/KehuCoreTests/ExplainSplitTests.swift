import Testing
@testable import KehuCore

/// explain splits a part's change into what the client's measure moved and what the
/// playbook's reweighting moved. Worked by hand: tenure had weight 0.2 and 10 points (a
/// sub-score of 50); now weight 0.3 and 18 points (60). The change, +8, is 0.2 × (60 − 50) = +2
/// from the value and (0.3 − 0.2) × 60 = +6 from the weight.
@Suite struct ExplainSplitTests {
    @Test func aChangeIsSplitIntoValueAndWeight() throws {
        let before = #"[{"name":"tenure","weight":0.2,"points":10},{"name":"payment","weight":0.5,"points":40}]"#
        let now = #"[{"name":"tenure","weight":0.3,"points":18},{"name":"payment","weight":0.5,"points":45},{"name":"new","weight":0.2,"points":5}]"#
        let parts = Reports.parts(now, before: before)
        let tenure = try #require(parts.first { $0.name == "tenure" }?.change)
        #expect(abs(tenure.value - 2) < 1e-9 && abs(tenure.weight - 6) < 1e-9)
        // Same weight: all of the change is the value's.
        let payment = try #require(parts.first { $0.name == "payment" }?.change)
        #expect(abs(payment.value - 5) < 1e-9 && payment.weight == 0)
        // A part the previous run did not have has no split.
        #expect(parts.first { $0.name == "new" }?.change == nil)
    }
}
