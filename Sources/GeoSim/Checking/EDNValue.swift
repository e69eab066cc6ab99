/// A value read from an EDN document (extensible data notation: the format Clojure, and
/// so Jepsen and Knossos, write histories in).
///
/// Values compare as Clojure's `=` does for the kinds histories hold, through
/// `canonicalText`: a list and a vector with equal items are equal, maps and sets
/// ignore their order, `1` and `1N` are equal, `1` and `1.0` are not.
/// Not `indirect`: collections hold arrays, which are references already, so no case
/// needs a box of its own (reading a history allocates far less).
public enum EDNValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// An integer that fits 64 bits (a trailing `N` dropped).
    case integer(Int64)
    /// Any other number (a big integer, a decimal, a ratio), as written.
    case number(String)
    case string(String)
    /// A keyword without its colon: `:write` is `.keyword("write")`.
    case keyword(String)
    case symbol(String)
    /// A character literal without its backslash: `\a` is `.character("a")`.
    case character(String)
    /// A list `( )` or a vector `[ ]`.
    case sequence([EDNValue], isVector: Bool)
    /// A map, its entries in the order written, and where its `{` was.
    case map([EDNEntry], at: EDNPosition)
    case set([EDNValue])

    /// The value of `key` (a keyword name) in a map: the last entry with that key; nil when
    /// the map has none, or this is not a map.
    public subscript(keyword name: String) -> EDNValue? {
        guard case .map(let entries, _) = self else { return nil }
        return entries.last {
            if case .keyword(let key) = $0.key { return key == name }
            return false
        }?.value
    }

    /// The items of a list or vector; nil for anything else.
    public var items: [EDNValue]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    /// The value as EDN text, in a canonical form: equal values (as Clojure's `=` judges
    /// them) have equal texts. Lists print as vectors; map entries and set items are sorted
    /// by their own canonical text.
    public var canonicalText: String {
        switch self {
        case .null: return "nil"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .number(let text): return text
        case .string(let text): return Self.quoted(text)
        case .keyword(let name): return ":" + name
        case .symbol(let name): return name
        case .character(let name): return "\\" + name
        case .sequence(let items, _): return "[" + items.map(\.canonicalText).joined(separator: " ") + "]"
        case .map(let entries, _):
            let pairs = entries.map { $0.key.canonicalText + " " + $0.value.canonicalText }.sorted()
            return "{" + pairs.joined(separator: ", ") + "}"
        case .set(let items): return "#{" + items.map(\.canonicalText).sorted().joined(separator: " ") + "}"
        }
    }

    /// `text` as an EDN string literal, with `"`, `\` and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

/// One key and value of an EDN map.
public struct EDNEntry: Sendable, Equatable {
    public var key: EDNValue
    public var value: EDNValue

    public init(key: EDNValue, value: EDNValue) {
        self.key = key
        self.value = value
    }
}
