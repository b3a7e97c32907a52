import Foundation

/// A logistic regression: P(yes) = 1 / (1 + e^−(w₀ + Σ wᵢ·zᵢ)), where zᵢ is feature i
/// standardised by the mean and standard deviation of the data it was fitted on (so each
/// weight says how much one standard deviation of its feature moves the log-odds).
public struct Logistic: Sendable, Equatable, Codable {
    public var names: [String]
    public var means: [Double]
    public var deviations: [Double]
    /// The intercept, then one weight per feature.
    public var weights: [Double]

    public func probability(_ features: [Double]) -> Double {
        var s = weights[0]
        for i in features.indices { s += weights[i + 1] * (features[i] - means[i]) / deviations[i] }
        return 1 / (1 + exp(-s))
    }

    /// Why no regression could be fitted.
    public enum FitFailure: Error, Equatable, Sendable, CustomStringConvertible {
        case tooFewRows(Int, needed: Int)
        case oneOutcome(Bool)
        public var description: String {
            switch self {
            case .tooFewRows(let n, let needed): return "\(n) client\(n == 1 ? "" : "s") to learn from; at least \(needed) are needed"
            case .oneOutcome(let yes): return "every client to learn from \(yes ? "went quiet" : "ordered again"): nothing to tell apart"
            }
        }
    }

    public static let minimumRows = 30

    /// Maximum likelihood by Newton's method, with a small ridge (`ridge` × the squared
    /// weights, the intercept free) so that data a line separates still gives finite weights.
    public static func fit(names: [String], rows: [[Double]], outcomes: [Bool], ridge: Double = 1) throws -> Logistic {
        let n = rows.count, k = names.count
        guard n >= minimumRows else { throw FitFailure.tooFewRows(n, needed: minimumRows) }
        let yes = outcomes.filter { $0 }.count
        guard yes > 0 && yes < n else { throw FitFailure.oneOutcome(yes > 0) }
        var means = [Double](repeating: 0, count: k), deviations = [Double](repeating: 0, count: k)
        for r in rows { for j in 0..<k { means[j] += r[j] / Double(n) } }
        for r in rows { for j in 0..<k { deviations[j] += (r[j] - means[j]) * (r[j] - means[j]) / Double(n) } }
        deviations = deviations.map { $0 > 1e-24 ? $0.squareRoot() : 1 }
        let z = rows.map { r in [1.0] + (0..<k).map { (r[$0] - means[$0]) / deviations[$0] } }
        let m = k + 1
        var w = [Double](repeating: 0, count: m)
        w[0] = log(Double(yes) / Double(n - yes))
        for _ in 0..<50 {
            var gradient = [Double](repeating: 0, count: m)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
            for (row, y) in zip(z, outcomes) {
                var s = 0.0
                for j in 0..<m { s += w[j] * row[j] }
                let p = 1 / (1 + exp(-s))
                let e = (y ? 1 : 0) - p, v = p * (1 - p)
                for i in 0..<m {
                    gradient[i] += e * row[i]
                    for j in 0...i { hessian[i][j] += v * row[i] * row[j] }
                }
            }
            for i in 0..<m {
                for j in 0..<i { hessian[j][i] = hessian[i][j] }
                if i > 0 {
                    gradient[i] -= ridge * w[i]
                    hessian[i][i] += ridge
                }
            }
            guard let step = solve(hessian, gradient) else { break }
            for i in 0..<m { w[i] += step[i] }
            if step.map(abs).max()! < 1e-10 { break }
        }
        return Logistic(names: names, means: means, deviations: deviations, weights: w)
    }

    /// Solves A·x = b for a symmetric positive definite A (Cholesky); nil when it is not.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = b[i]
            for k in 0..<i { s -= l[i][k] * y[k] }
            y[i] = s / l[i][i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<n { s -= l[k][i] * x[k] }
            x[i] = s / l[i][i]
        }
        return x
    }
}
