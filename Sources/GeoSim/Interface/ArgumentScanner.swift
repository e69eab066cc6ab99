/// Splits command-line words into options and values against a table of `OptionSpec`s.
///
/// Accepts `--name value` and `--name=value`, and the one-letter forms of the common
/// options (`-t us-east`, `-d=30s`; `OptionSpec.shortForms`). A value may start with a dash (`--offset
/// -5ms`): the word after an option that takes a value is always its value. Unknown
/// options are usage errors with a did-you-mean hint, and so is an option given twice
/// unless it is repeatable (`OptionSpec.isRepeatable`).
public struct ArgumentScanner {
    /// One option as given, in command-line order.
    public struct Parsed: Equatable, Sendable {
        public var name: String
        public var value: String?
    }

    public static func scan(_ words: [String], options: [OptionSpec], command: String) throws(UsageError) -> [Parsed] {
        var parsed: [Parsed] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("-"), word != "-" else {
                throw UsageError(
                    "Unexpected argument '\(word.excerpt())' for 'geosim \(command)'.",
                    hint: "Options start with '--'; see 'geosim help \(command)'.")
            }
            var name = word
            var inlineValue: String?
            if let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                inlineValue = String(word[word.index(after: equals)...])
            }
            // `-t` is `--topology` where the command has `--topology`.
            if let form = OptionSpec.shortForms.first(where: { $0.short == name }), options.contains(where: { $0.name == form.long }) {
                name = form.long
            }
            guard let spec = options.first(where: { $0.name == name }) else {
                // Option names are short: a long word is no typo of one (and the edit
                // distance would cost its length times every option's).
                let close = name.count <= 64 ? Suggestion.closest(to: name, among: options.map(\.name)) : nil
                let hint = close.map { "Did you mean '\($0)'?" } ?? "See 'geosim help \(command)' for the options."
                throw UsageError("Unknown option '\(name.excerpt())'.", hint: hint)
            }
            if !spec.isRepeatable, let earlier = parsed.first(where: { $0.name == name }) {
                throw duplicate(spec, earlier: earlier.value)
            }
            guard spec.isAvailable else {
                throw UsageError(
                    "Option '\(name)' is not available yet in this version of geosim.",
                    hint: "See 'geosim help \(command)' for the options that are.")
            }
            if spec.takesValue {
                if let inlineValue {
                    parsed.append(Parsed(name: name, value: inlineValue))
                } else {
                    guard index < words.count else {
                        throw UsageError(
                            "Option '\(name)' needs a value (\(spec.valueName ?? "VALUE")).",
                            hint: "For example: \(name) \(exampleValue(for: spec)).")
                    }
                    parsed.append(Parsed(name: name, value: words[index]))
                    index += 1
                }
            } else {
                guard inlineValue == nil else { throw UsageError("Option '\(name)' takes no value.") }
                parsed.append(Parsed(name: name, value: nil))
            }
        }
        return parsed
    }

    /// The error for a non-repeatable option given a second time.
    private static func duplicate(_ spec: OptionSpec, earlier: String?) -> UsageError {
        let repeatable = OptionSpec.repeatableNames.joined(separator: ", ")
        let first = earlier.map { " (first as '\($0.excerpt(40))')" } ?? ""
        return UsageError(
            "Option '\(spec.name)' is given more than once\(first); it takes one value.",
            hint: "Give it once. Only \(repeatable) may repeat.")
    }

    private static func exampleValue(for spec: OptionSpec) -> String {
        spec.defaultText ?? spec.valueName ?? "VALUE"
    }
}
