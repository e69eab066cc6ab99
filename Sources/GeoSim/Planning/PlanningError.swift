/// Why a sweep or a capacity search could not run: a point or candidate whose settings
/// make no scenario (or that together exceed the run limits), or a stop asked for with
/// Ctrl-C before every run finished.
public enum PlanningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A point's or candidate's settings that make no scenario.
    case scenario(ScenarioError)
    /// `Interruption` was requested: the rows collected are partial.
    case interrupted

    public var description: String {
        switch self {
        case .scenario(let error): return error.description
        case .interrupted: return "interrupted"
        }
    }
}
