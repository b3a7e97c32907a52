/// The quadrants a score puts a client in, in the order reports show them.
public enum Quadrant: String, CaseIterable, Sendable {
    case key, develop, watch, phaseOut = "phase_out"
}
