/// Why a check swarm could not run: settings that make no scenario, a scenario the
/// checkers cannot judge (one that makes no promise they could hold it to), or a stop
/// asked for with Ctrl-C before every seed was judged.
public enum CheckError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The settings (for some seed) make no scenario.
    case scenario(ScenarioError)
    /// A valid scenario that the checkers cannot judge (another replication mode,
    /// multi-key requests); the message says which setting to drop.
    case unsupported(UsageError)
    /// `Interruption` was requested: the results are partial.
    case interrupted

    public var description: String {
        switch self {
        case .scenario(let error): return error.description
        case .unsupported(let error): return error.description
        case .interrupted: return "interrupted"
        }
    }
}
