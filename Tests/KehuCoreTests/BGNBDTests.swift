import Foundation
import Testing
@testable import KehuCore

/// The BG/NBD fitter against values worked out independently: PyPI's `lifetimes` 0.11.3 and
/// a 50-digit mpmath evaluation, run once (`Tests/Fixtures/BGNBD/make.py`, figures in its
/// REFERENCE.md), and against parameters it must recover from clients simulated here.
struct BGNBDTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/BGNBD")

    static func histories(_ file: String) throws -> [RepeatHistory] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(file), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map { Double($0)! }
            return RepeatHistory(x: Int(f[0]), tx: f[1], t: f[2])
        }
    }

    /// The CDNOW parameters Fader, Hardie & Lee published (weeks).
    static let cdnow = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)

    /// (x, tx, T) → log-likelihood, P(alive), E[orders in 39], E[orders in 52], from lifetimes.
    static let worked: [(RepeatHistory, Double, Double, Double, Double)] = [
        (.init(x: 0, tx: 0, t: 38.86), -0.5547132764381585, 1.0, 0.19509805201125396, 0.2520730222824504),
        (.init(x: 2, tx: 30.43, t: 38.86), -9.45860630706627, 0.726578570080673, 1.226028174767135, 1.5587208064320972),
        (.init(x: 6, tx: 37.14, t: 38.86), -20.15190400990805, 0.8790765764613088, 3.9600015654311944, 4.9879794039570475),
        (.init(x: 1, tx: 1.71, t: 38.86), -4.469093275032588, 0.2121009853773791, 0.20318698707975183, 0.25982346486862234),
        (.init(x: 10, tx: 35.0, t: 36.0), -26.731112724304822, 0.9176761238442427, 7.056320603089293, 8.837332117943768),
        (.init(x: 3, tx: 5.0, t: 60.0), -9.664408012047192, 0.010800621725328316, 0.01842977735510822, 0.02363373123046946),
        (.init(x: 0, tx: 0, t: 5.0), -0.18405224234009054, 1.0, 0.6963023155013726, 0.8617372574339035),
        (.init(x: 25, tx: 70.0, t: 72.0), -56.747483614040796, 0.9446318049507056, 10.371293914012668, 13.234019408806242),
    ]

    static func close(_ a: Double, _ b: Double, relative: Double) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
    }

    @Test func likelihoodAliveAndExpectationsMatchTheWorkedValues() {
        for (h, ll, alive, e39, e52) in Self.worked {
            #expect(Self.close(Self.cdnow.logLikelihood(h), ll, relative: 1e-11), "ll \(h)")
            #expect(Self.close(Self.cdnow.pAlive(h), alive, relative: 1e-11), "p_alive \(h)")
            #expect(Self.close(Self.cdnow.expectedOrders(in: 39, after: h), e39, relative: 1e-10), "E39 \(h)")
            #expect(Self.close(Self.cdnow.expectedOrders(in: 52, after: h), e52, relative: 1e-10), "E52 \(h)")
        }
        #expect(Self.close(Self.cdnow.expectedOrders(in: 39), 1.1967231933208168, relative: 1e-11))
    }

    @Test func expectationsAreContinuousThroughAEqualsOne() {
        let h = RepeatHistory(x: 3, tx: 40, t: 90)
        let below = BGNBD(r: 0.5, alpha: 20, a: 1 - 1e-7, b: 3).expectedOrders(in: 180, after: h)
        let at = BGNBD(r: 0.5, alpha: 20, a: 1, b: 3).expectedOrders(in: 180, after: h)
        let above = BGNBD(r: 0.5, alpha: 20, a: 1 + 1e-7, b: 3).expectedOrders(in: 180, after: h)
        #expect(at.isFinite && at > 0)
        #expect(Self.close(below, at, relative: 1e-6) && Self.close(above, at, relative: 1e-6))
    }

    @Test func manyOrdersAndLongHorizonsStayFinite() {
        let m = BGNBD(r: 3, alpha: 2, a: 0.2, b: 8)
        let e = m.expectedOrders(in: 3650, after: RepeatHistory(x: 2000, tx: 1999, t: 2000))
        #expect(e.isFinite && e > 0)
        #expect(m.pAlive(RepeatHistory(x: 2000, tx: 1, t: 2000)) >= 0)
    }

    /// lifetimes' fits, refined by Newton steps on its own likelihood to a gradient of 1e-12.
    @Test(arguments: [
        ("sim_a.csv", BGNBD(r: 0.7852390687098437, alpha: 40.287310692425535, a: 0.6726269122254749, b: 3.2322720434822814), -58281.215339822345),
        ("sim_b.csv", BGNBD(r: 0.2582925170723065, alpha: 10.4797244195953, a: 1.5145525128301152, b: 6.02008524983421), -38644.592772537406),
    ])
    func fitMatchesLifetimes(file: String, reference: BGNBD, logLikelihood: Double) throws {
        let data = try Self.histories(file)
        let fit = try BGNBD.fit(data)
        #expect(fit.clients == 3000)
        // The optimum is flat: 1e-6 of the log-likelihood; each parameter within 1e-3.
        #expect(abs(fit.logLikelihood - logLikelihood) < 1e-6, "\(fit.logLikelihood)")
        #expect(fit.logLikelihood >= logLikelihood - 1e-6)
        for (got, want) in [(fit.model.r, reference.r), (fit.model.alpha, reference.alpha), (fit.model.a, reference.a), (fit.model.b, reference.b)] {
            #expect(Self.close(got, want, relative: 1e-3), "\(got) against \(want)")
        }
        // The same histories in another order give the same fit, to the bit.
        let again = try BGNBD.fit(data.reversed())
        #expect(again.model == fit.model)
    }

    // MARK: - Recovering simulated parameters

    /// Clients drawn from BG/NBD itself: λ ~ Gamma(r, α), p ~ Beta(a, b), the first order at 0,
    /// exponential gaps while alive, a stop with probability p after each repeat order.
    static func simulate(_ m: BGNBD, clients: Int, seed: UInt64) -> [RepeatHistory] {
        var rng = SeededRandom(seed: seed)
        return (0..<clients).map { _ in
            let lambda = gamma(m.r, &rng) / m.alpha
            let g1 = gamma(m.a, &rng), g2 = gamma(m.b, &rng)
            let p = g1 / (g1 + g2)
            let t = Double(30 + Int(rng.next() % 701))
            var now = 0.0, x = 0, last = 0.0
            while true {
                now += -log(1 - rng.unit()) / lambda
                if now > t { break }
                x += 1
                last = now
                if rng.unit() < p { break }
            }
            return RepeatHistory(x: x, tx: last, t: t)
        }
    }

    /// Marsaglia & Tsang's gamma variate (rate 1); shapes below 1 boosted by U^(1/shape).
    static func gamma(_ shape: Double, _ rng: inout SeededRandom) -> Double {
        if shape < 1 { return gamma(shape + 1, &rng) * pow(rng.unit(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                // A standard normal by Box–Muller.
                x = (-2 * log(1 - rng.unit())).squareRoot() * cos(2 * .pi * rng.unit())
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = rng.unit()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// Standard errors of the log-parameters from the observed information (a numerical
    /// Hessian of the log-likelihood at the fit).
    static func standardErrors(_ m: BGNBD, _ data: [RepeatHistory]) -> [Double] {
        let v0 = [log(m.r), log(m.alpha), log(m.a), log(m.b)]
        func ll(_ v: [Double]) -> Double {
            let x = BGNBD(r: exp(v[0]), alpha: exp(v[1]), a: exp(v[2]), b: exp(v[3]))
            return data.reduce(0) { $0 + x.logLikelihood($1) }
        }
        let h = 1e-3
        var hessian = [[Double]](repeating: [0, 0, 0, 0], count: 4)
        for i in 0..<4 {
            for j in 0..<4 {
                func at(_ di: Double, _ dj: Double) -> Double {
                    var v = v0
                    v[i] += di
                    v[j] += dj
                    return ll(v)
                }
                hessian[i][j] = -(at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h)
            }
        }
        // The diagonal of the inverse (Gauss–Jordan on a 4×4).
        var a = hessian, inv = (0..<4).map { i in (0..<4).map { $0 == i ? 1.0 : 0 } }
        for c in 0..<4 {
            let p = (c..<4).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, p); inv.swapAt(c, p)
            let d = a[c][c]
            for k in 0..<4 { a[c][k] /= d; inv[c][k] /= d }
            for r in 0..<4 where r != c {
                let f = a[r][c]
                for k in 0..<4 { a[r][k] -= f * a[c][k]; inv[r][k] -= f * inv[c][k] }
            }
        }
        return (0..<4).map { inv[$0][$0].squareRoot() }
    }

    /// Each set simulated and fitted: every parameter is recovered within four standard errors
    /// of its estimate (from the observed information of the same data; a miss at four
    /// standard errors happens by chance about once in 16,000), and within a quarter of its
    /// value. Heavy-tailed sets: r well below 1 (buying rates spread over orders of magnitude)
    /// and a below 1 (stopping chances piled up near 0 and 1).
    @Test(arguments: [
        (BGNBD(r: 0.8, alpha: 40, a: 0.6, b: 2.5), UInt64(1)),
        (BGNBD(r: 0.25, alpha: 10, a: 1.5, b: 6), UInt64(2)),
        (BGNBD(r: 0.15, alpha: 3, a: 0.4, b: 0.9), UInt64(3)),
        (BGNBD(r: 2.5, alpha: 150, a: 2, b: 12), UInt64(4)),
    ])
    func recoversSimulatedParameters(truth: BGNBD, seed: UInt64) throws {
        let data = Self.simulate(truth, clients: 20_000, seed: seed)
        let fit = try BGNBD.fit(data)
        let errors = Self.standardErrors(fit.model, data)
        let pairs = [(fit.model.r, truth.r), (fit.model.alpha, truth.alpha), (fit.model.a, truth.a), (fit.model.b, truth.b)]
        for (k, (got, want)) in pairs.enumerated() {
            #expect(abs(log(got) - log(want)) <= 4 * errors[k], "parameter \(k): \(got) against \(want), s.e. \(errors[k])")
            #expect(abs(got - want) <= 0.25 * want, "parameter \(k): \(got) against \(want)")
        }
        // The truth is never more likely than the fit.
        #expect(data.reduce(0) { $0 + truth.logLikelihood($1) } <= fit.logLikelihood + 1e-6)
    }

    @Test func tooLittleDataIsSaidNotFitted() {
        #expect(throws: BGNBD.FitFailure.tooFewClients(5, needed: BGNBD.minimumClients)) {
            try BGNBD.fit(Array(repeating: RepeatHistory(x: 1, tx: 3, t: 10), count: 5))
        }
        #expect(throws: BGNBD.FitFailure.noRepeatOrders) {
            try BGNBD.fit((0..<100).map { RepeatHistory(x: 0, tx: 0, t: Double($0)) })
        }
    }
}
