/// What user-supplied names and labels may contain, defined once for every input path
/// (topology files, region lists, scenario files, fault files and flags).
///
/// - A **region name** (a custom region of a topology file) is 1–64 ASCII letters, digits,
///   `-`, `_` and `.`, starting with a letter or digit. Names appear on command lines
///   (`--topology a,b`, `--crash a@10s`), in report columns and in CSV fields: a leading `-`
///   would read as an option or a spreadsheet formula, and anything wider than 64
///   characters would only break the report's columns.
/// - A **node name** is generated, never typed: the region name, or `<region>/<zone
///   letter>[k]` (`us-east/a2`); it therefore follows the region rule plus one `/`.
/// - A **label** (a fault's `label`, a custom region's `city`) is free text of at most 200
///   characters with no control characters (C0, DEL, C1), no line or paragraph separators
///   and no bidirectional-override characters: it is printed in terminal reports, error
///   messages, CSV tables and notebooks, where those would move the cursor, hide text or
///   start new lines.
///
/// A name or label outside these rules is refused as bad input (exit 65) naming the field.
public enum NameRules {
    /// The longest region name, in characters.
    public static let maximumNameLength = 64
    /// The longest label, in characters.
    public static let maximumLabelLength = 200

    /// One sentence stating the region-name rule, for error messages and help.
    public static let nameRule = "1 to \(maximumNameLength) ASCII letters, digits, '-', '_' and '.', starting with a letter or digit"
    /// One sentence stating the label rule.
    public static let labelRule = "at most \(maximumLabelLength) characters of printable text (no control characters or line breaks)"

    /// Why `name` is not a valid region name, or nil when it is.
    public static func regionNameProblem(_ name: String) -> String? {
        let scalars = name.unicodeScalars
        guard let first = scalars.first else { return "a region name must not be empty" }
        guard scalars.count <= maximumNameLength else {
            return "a region name is at most \(maximumNameLength) characters; this one has \(scalars.count)"
        }
        guard isLetterOrDigit(first) else {
            return "a region name starts with a letter or digit; '\(name.excerpt(40))' does not"
        }
        guard scalars.allSatisfy({ isLetterOrDigit($0) || $0 == "-" || $0 == "_" || $0 == "." }) else {
            return "a region name uses only \(nameRule); '\(name.excerpt(40))' has other characters"
        }
        return nil
    }

    /// Why `label` is not a valid label, or nil when it is.
    public static func labelProblem(_ label: String) -> String? {
        let count = label.count
        guard count <= maximumLabelLength else {
            return "a label is at most \(maximumLabelLength) characters; this one has \(count)"
        }
        if let bad = label.unicodeScalars.first(where: isForbiddenInLabel) {
            let code = String(bad.value, radix: 16, uppercase: true)
            return "a label is \(labelRule); this one contains U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code)"
        }
        return nil
    }

    /// Control characters, line and paragraph separators, and bidirectional controls.
    static func isForbiddenInLabel(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return scalar.properties.isBidiControl
        }
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
