import Foundation

/// One client's buying history as the BG/NBD model reads it, as of a date: `x` repeat orders
/// (order days after the first; several orders on one day are one), the last of them `tx`
/// days after the first order, and `t` days from the first order to the date. Days may be
/// fractional (simulated data); Kehu's own are whole.
public struct RepeatHistory: Sendable, Equatable, Hashable {
    public var x: Int
    public var tx: Double
    public var t: Double
    public init(x: Int, tx: Double, t: Double) {
        self.x = x
        self.tx = tx
        self.t = t
    }
}

/// The beta-geometric / negative binomial distribution model of repeat buying (Fader, Hardie
/// & Lee, "Counting your customers the easy way", 2005). While alive, a client orders at a
/// rate λ (gamma-distributed over clients: shape `r`, rate `alpha`, in days); after each
/// order it stops for good with probability p (beta-distributed: `a`, `b`).
public struct BGNBD: Sendable, Equatable, Codable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// The terms of the log-likelihood that depend on the repeat count alone.
    struct CountTerms {
        /// lnΓ(r+x) − lnΓ(r) + r·ln α + ln B(a, b+x) − ln B(a, b)
        let base: Double
        /// ln a − ln(b+x−1), for x > 0
        let dropout: Double
    }

    func countTerms(_ x: Int) -> CountTerms {
        let xd = Double(x)
        let rate: Double = lgamma(r + xd) - lgamma(r) + r * log(alpha)
        let dropout: Double = lgamma(a + b) + lgamma(b + xd) - lgamma(b) - lgamma(a + b + xd)
        let base = rate + dropout
        return CountTerms(base: base, dropout: x > 0 ? log(a) - log(b + xd - 1) : -.infinity)
    }

    /// The log-likelihood of one client's history.
    public func logLikelihood(_ h: RepeatHistory) -> Double {
        logLikelihood(h, countTerms(h.x))
    }

    func logLikelihood(_ h: RepeatHistory, _ c: CountTerms) -> Double {
        let rx = r + Double(h.x)
        let stillAlive = -rx * log(alpha + h.t)
        guard h.x > 0 else { return c.base + stillAlive }
        let goneAfterLast = c.dropout - rx * log(alpha + h.tx)
        let hi = max(stillAlive, goneAfterLast), lo = min(stillAlive, goneAfterLast)
        return c.base + hi + log1p(exp(lo - hi))
    }

    /// The probability that a client with this history is still buying. One with no repeat
    /// order has had no chance to stop (the model lets a client stop only after an order): 1.
    public func pAlive(_ h: RepeatHistory) -> Double {
        guard h.x > 0 else { return 1 }
        let rx = r + Double(h.x)
        let odds = a / (b + Double(h.x) - 1) * exp(rx * (log(alpha + h.t) - log(alpha + h.tx)))
        return 1 / (1 + odds)
    }

    /// The number of orders (order days) expected in the next `days` from a client with this
    /// history. Written with Euler's transformation of the hypergeometric function, whose
    /// series then converges fast for any number of orders, and with the 1/(a−1) taken out
    /// analytically, so a = 1 is no special case.
    public func expectedOrders(in days: Double, after h: RepeatHistory) -> Double {
        guard days > 0 else { return 0 }
        let xd = Double(h.x)
        let q = a + b + xd - 1
        // z = t'/(α+T+t'); L = ln(1−z).
        let z = days / (alpha + h.t + days)
        let l = log((alpha + h.t) / (alpha + h.t + days))
        let am1 = a - 1
        let head = abs(am1 * l) < 1e-12 ? -l : -expm1(am1 * l) / am1
        // S = Σ_{k≥1} (a+b−1−r)_k (a)_{k−1} / ((q)_k k!) z^k
        let p = a + b - 1 - r
        // With large a and b (clients almost never stop) the terms first grow like a Poisson
        // series: they are kept scaled, the scale's logarithm in `lnScale`.
        var term = p * z / q            // k = 1
        var sum = term, lnScale = 0.0
        var k = 1.0
        while k < 10_000_000 {
            term *= (p + k) * (a + k - 1) / ((q + k) * (k + 1)) * z
            sum += term
            k += 1
            if abs(sum) > 1e250 {
                sum *= 1e-250
                term *= 1e-250
                lnScale += 250 * log(10.0)
            }
            if abs(term) <= 1e-17 * abs(sum) || term == 0 { break }
        }
        let bracket = head - exp(am1 * l + lnScale) * sum
        var denominator = 1.0
        if h.x > 0 {
            denominator += a / (b + xd - 1) * exp((r + xd) * (log(alpha + h.t) - log(alpha + h.tx)))
        }
        return q * bracket / denominator
    }

    /// The number of repeat orders expected in `days` after a first order, for a client drawn
    /// from the base.
    public func expectedOrders(in days: Double) -> Double {
        expectedOrders(in: days, after: RepeatHistory(x: 0, tx: 0, t: 0))
    }
}

extension BGNBD {
    /// A fit to a set of histories.
    public struct Fit: Sendable, Equatable, Codable {
        public var model: BGNBD
        /// Summed over the clients fitted.
        public var logLikelihood: Double
        public var clients: Int
        /// Likelihood evaluations the search took.
        public var evaluations: Int
    }

    /// Why no model could be fitted.
    public enum FitFailure: Error, Equatable, Sendable, CustomStringConvertible {
        case tooFewClients(Int, needed: Int)
        case noRepeatOrders
        case notConverged
        public var description: String {
            switch self {
            case .tooFewClients(let n, let needed):
                return "\(n) client\(n == 1 ? "" : "s") with an order; the model needs at least \(needed)"
            case .noRepeatOrders: return "no client has ordered on a second day: nothing tells how often clients buy"
            case .notConverged: return "the likelihood has no maximum at finite parameters on this data"
            }
        }
    }

    /// The fewest clients a fit is made from.
    public static let minimumClients = 30

    /// The parameters that make `histories` most likely (maximum likelihood; Nelder–Mead on
    /// the logarithms of the four parameters, restarted until it no longer improves).
    /// Deterministic: the same histories in any order give the same fit.
    public static func fit(_ histories: [RepeatHistory]) throws -> Fit {
        guard histories.count >= minimumClients else { throw FitFailure.tooFewClients(histories.count, needed: minimumClients) }
        guard histories.contains(where: { $0.x > 0 }) else { throw FitFailure.noRepeatOrders }
        // Identical histories are counted once with their weight; sorted, so that the sum
        // (and so the fit) does not depend on the order clients came in.
        var weights: [RepeatHistory: Double] = [:]
        for h in histories { weights[h, default: 0] += 1 }
        let groups = weights.sorted { l, r in
            l.key.x != r.key.x ? l.key.x < r.key.x : l.key.t != r.key.t ? l.key.t < r.key.t : l.key.tx < r.key.tx
        }
        let items = groups.map(\.key), counts = groups.map(\.value)
        let maxX = items.last!.x
        var evaluations = 0
        func negativeLL(_ v: [Double]) -> Double {
            evaluations += 1
            let m = BGNBD(r: exp(v[0]), alpha: exp(v[1]), a: exp(v[2]), b: exp(v[3]))
            guard m.r.isFinite, m.alpha.isFinite, m.a.isFinite, m.b.isFinite,
                  m.r > 0, m.alpha > 0, m.a > 0, m.b > 0 else { return .infinity }
            var total = 0.0
            var at = 0
            for x in 0...maxX {
                let c = m.countTerms(x)
                while at < items.count && items[at].x == x {
                    total += counts[at] * m.logLikelihood(items[at], c)
                    at += 1
                }
            }
            return total.isNaN ? .infinity : -total
        }
        // Start: one order a mean gap apart, an even chance of stopping.
        // (Summed over the sorted groups: the start, too, must not depend on the input's order.)
        var gapSum = 0.0, repeaters = 0.0
        for (h, n) in zip(items, counts) where h.x > 0 {
            gapSum += n * h.tx / Double(h.x)
            repeaters += n
        }
        let gap = max(1, gapSum / repeaters)
        var best = [0.0, log(gap), 0.0, log(2.0)]
        var bestValue = negativeLL(best)
        for _ in 0..<12 {
            let (point, value) = NelderMead.minimize(negativeLL, from: best, step: 0.5)
            let improved = bestValue - value
            if value < bestValue { best = point; bestValue = value }
            if improved.isFinite && improved <= 1e-10 * max(1, abs(bestValue)) { break }
        }
        guard bestValue.isFinite, best.allSatisfy({ abs($0) < 25 }) else { throw FitFailure.notConverged }
        let model = BGNBD(r: exp(best[0]), alpha: exp(best[1]), a: exp(best[2]), b: exp(best[3]))
        return Fit(model: model, logLikelihood: -bestValue, clients: histories.count, evaluations: evaluations)
    }
}

/// Nelder–Mead's simplex search for a minimum (the standard coefficients: reflection 1,
/// expansion 2, contraction ½, shrink ½).
enum NelderMead {
    static func minimize(_ f: ([Double]) -> Double, from start: [Double], step: Double,
                         tolerance: Double = 1e-12, maxEvaluations: Int = 5000) -> ([Double], Double) {
        let n = start.count
        var simplex = [start]
        for i in 0..<n {
            var p = start
            p[i] += step
            simplex.append(p)
        }
        var values = simplex.map(f)
        var used = n + 1
        func combine(_ p: [Double], _ q: [Double], _ t: Double) -> [Double] {
            zip(p, q).map { $0 + t * ($1 - $0) }
        }
        while used < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = abs(values[n] - values[0])
            let size = (1...n).map { i in zip(simplex[i], simplex[0]).map { abs($0 - $1) }.max()! }.max()!
            if spread <= tolerance * max(1, abs(values[0])) && size <= 1e-9 { break }
            var centroid = [Double](repeating: 0, count: n)
            for p in simplex.dropLast() { for j in 0..<n { centroid[j] += p[j] / Double(n) } }
            let worst = simplex[n]
            let reflected = combine(centroid, worst, -1)
            let fr = f(reflected); used += 1
            if fr < values[0] {
                let expanded = combine(centroid, worst, -2)
                let fe = f(expanded); used += 1
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let outside = fr < values[n]
                let contracted = combine(centroid, outside ? reflected : worst, 0.5)
                let fc = f(contracted); used += 1
                if fc < (outside ? fr : values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for i in 1...n {
                        simplex[i] = combine(simplex[0], simplex[i], 0.5)
                        values[i] = f(simplex[i]); used += 1
                    }
                }
            }
        }
        let i = values.indices.min { values[$0] < values[$1] }!
        return (simplex[i], values[i])
    }
}
