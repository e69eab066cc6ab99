/// One command-line option: its name, the value it takes (if any), and its help line.
public struct OptionSpec: Sendable {
    /// The long name with its dashes: `--topology`.
    public var name: String
    /// The value's placeholder in help (`LIST|FILE`); nil for a switch like `--timing`.
    public var valueName: String?
    public var help: String
    /// The default as help shows it; nil when there is none worth stating.
    public var defaultText: String?
    /// False for contract options (CLI.md) whose feature has not been built yet: they are
    /// recognised, listed in help as planned, and refused with a clear message.
    public var isAvailable: Bool

    public init(_ name: String, _ valueName: String?, _ help: String, default defaultText: String? = nil, available: Bool = true) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.defaultText = defaultText
        self.isAvailable = available
    }

    public var takesValue: Bool { valueName != nil }

    /// Options that may be given more than once, each occurrence adding something (a
    /// fault, a limit, a sweep axis, an objective, an unsafe protocol option). Every other
    /// option given twice is a usage error: silently keeping the last value hid mistakes
    /// such as a pasted command with two different `--rate`s.
    public static let repeatableNames: [String] = FaultParser.flags + ["--limit", "--vary", "--compare", "--slo", "--unsafe"]

    /// The one-letter forms of the common options: `-t` means `--topology` in every
    /// command that has `--topology`. In help order.
    public static let shortForms: [(short: String, long: String)] = [
        ("-t", "--topology"), ("-d", "--duration"), ("-s", "--seed"), ("-f", "--format"), ("-o", "--out"),
    ]

    /// This option's one-letter form (`-t`), if it has one.
    public var shortName: String? { OptionSpec.shortForms.first { $0.long == name }?.short }

    /// Whether the option may appear more than once on one command line.
    public var isRepeatable: Bool { OptionSpec.repeatableNames.contains(name) }
}
