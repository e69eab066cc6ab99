/// Why settings cannot make a scenario (`ScenarioSettings.makeScenario()`): a setting
/// given on the command line is wrong or does not fit the others (`usage`), or a file
/// (a scenario, topology or fault file) holds a bad one (`input`, naming the file and
/// the place in it). The command line shows the first as a usage error (exit 64) and
/// the second as a bad input (exit 65).
public enum ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A setting from a flag, or a combination of settings, that makes no scenario.
    case usage(UsageError)
    /// A setting a file gave that makes no scenario.
    case input(InputError)

    public var description: String {
        switch self {
        case .usage(let error): return error.description
        case .input(let error): return error.description
        }
    }
}
