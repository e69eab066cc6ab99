/// A small reader of EDN text (https://github.com/edn-format/edn), enough for Jepsen
/// histories: nil, booleans, integers and other numbers, strings, characters, keywords,
/// symbols, lists, vectors, maps and sets; commas are whitespace; `;` starts a comment
/// that runs to the end of the line; `#_` discards the next form; a tagged literal
/// (`#inst "…"`, `#jepsen.history.Op{…}`) reads as its form, the tag dropped.
///
/// Every error is an `InputError` whose location is `line L, column C` and whose message
/// says what was expected. Nesting deeper than `maximumDepth` is refused rather than
/// overflowing the stack.
public struct EDNReader {
    /// The deepest nesting of collections read.
    public static let maximumDepth = 256

    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var column = 1

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A byte order mark, as some editors write, is not part of the document.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    }

    /// Every top-level form of `bytes` (UTF-8 text), with where each starts.
    public static func forms(_ bytes: [UInt8]) throws(InputError) -> [(value: EDNValue, at: EDNPosition)] {
        var reader = EDNReader(bytes)
        var forms: [(value: EDNValue, at: EDNPosition)] = []
        while true {
            try reader.skipSpace(depth: 0)
            if reader.offset >= reader.bytes.count { return forms }
            let position = reader.position
            forms.append((try reader.form(depth: 0), position))
        }
    }

    /// Exactly one form in `text` (such as `--initial 3`); `what` names it in errors.
    public static func single(_ text: String) throws(InputError) -> EDNValue {
        let all = try forms(Array(text.utf8))
        guard all.count == 1, let first = all.first else {
            throw InputError(location: "line 1, column 1", message: "expected one EDN value, found \(all.count)")
        }
        return first.value
    }

    private var position: EDNPosition { EDNPosition(line: line, column: column) }

    private func failure(_ message: String, at place: EDNPosition? = nil) -> InputError {
        InputError(location: (place ?? position).text, message: message)
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    /// Moves past one byte, keeping line and column.
    private mutating func advance() {
        let byte = bytes[offset]
        offset += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ",") || byte == 0x0C
    }

    /// Whether `byte` ends a token: whitespace, a delimiter, a quote or a comment.
    private static func endsToken(_ byte: UInt8) -> Bool {
        if isSpace(byte) { return true }
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
            UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: ";"):
            return true
        default: return false
        }
    }

    /// Skips whitespace, commas, comments and `#_` discarded forms.
    private mutating func skipSpace(depth: Int) throws(InputError) {
        while let byte = current {
            if Self.isSpace(byte) {
                advance()
            } else if byte == UInt8(ascii: ";") {
                while let next = current, next != UInt8(ascii: "\n") { advance() }
            } else if byte == UInt8(ascii: "#"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "_") {
                let start = position
                advance()
                advance()
                try skipSpace(depth: depth)
                guard current != nil else { throw failure("unexpected end of file: expected a form after '#_' (at \(start.text))") }
                _ = try form(depth: depth)
            } else {
                return
            }
        }
    }

    /// One form starting at the current (non-space) byte.
    private mutating func form(depth: Int) throws(InputError) -> EDNValue {
        guard let byte = current else { throw failure("unexpected end of file: expected a value") }
        guard depth < Self.maximumDepth else { throw failure("collections nested deeper than \(Self.maximumDepth) levels") }
        let start = position
        switch byte {
        case UInt8(ascii: "("): return .sequence(try collection(close: ")", depth: depth), isVector: false)
        case UInt8(ascii: "["): return .sequence(try collection(close: "]", depth: depth), isVector: true)
        case UInt8(ascii: "{"):
            let items = try collection(close: "}", depth: depth)
            guard items.count % 2 == 0 else {
                throw failure("a map needs a value for every key; this one has \(items.count) forms (an odd number)", at: start)
            }
            let entries = stride(from: 0, to: items.count, by: 2).map { EDNEntry(key: items[$0], value: items[$0 + 1]) }
            return .map(entries, at: start)
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            throw failure("unexpected '\(Character(Unicode.Scalar(byte)))': expected a value (no collection is open here)")
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "#"): return try dispatch(depth: depth)
        case UInt8(ascii: "\\"):
            advance()
            guard let next = current, !Self.isSpace(next) else { throw failure("expected a character after '\\'", at: start) }
            // The first byte is the character even if it is a delimiter (`\(`); a name
            // (`\newline`) runs to the next delimiter. Decoded whole, so UTF-8 stays intact.
            let begin = offset
            advance()
            while let byte = current, !Self.endsToken(byte) { advance() }
            return .character(String(decoding: bytes[begin..<offset], as: UTF8.self))
        default:
            return try atom(at: start)
        }
    }

    /// Forms up to the closing delimiter `close` (the opening one is current).
    private mutating func collection(close: Character, depth: Int) throws(InputError) -> [EDNValue] {
        let start = position
        let opening = Character(Unicode.Scalar(bytes[offset]))
        advance()
        var items: [EDNValue] = []
        while true {
            try skipSpace(depth: depth + 1)
            guard let byte = current else {
                throw failure("unexpected end of file: expected '\(close)' to close the '\(opening)' at \(start.text)")
            }
            if byte == close.asciiValue {
                advance()
                return items
            }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                throw failure("expected '\(close)' to close the '\(opening)' at \(start.text); found '\(Character(Unicode.Scalar(byte)))'")
            }
            items.append(try form(depth: depth + 1))
        }
    }

    /// `#{…}` (a set), `##Inf`, or a tagged literal `#tag form` (`#_` is skipped as space).
    private mutating func dispatch(depth: Int) throws(InputError) -> EDNValue {
        let start = position
        advance()
        guard let next = current else { throw failure("unexpected end of file after '#'", at: start) }
        if next == UInt8(ascii: "{") { return .set(try collection(close: "}", depth: depth)) }
        if next == UInt8(ascii: "#") {
            // ##Inf, ##-Inf, ##NaN
            advance()
            return .number("##" + token())
        }
        let tag = token()
        guard !tag.isEmpty else { throw failure("expected a tag, '{' or '_' after '#'", at: start) }
        try skipSpace(depth: depth)
        guard current != nil else { throw failure("unexpected end of file: expected a value after the tag #\(tag)") }
        return try form(depth: depth)
    }

    /// The bytes up to the next delimiter, as text.
    private mutating func token() -> String {
        String(decoding: bytes[tokenRange()], as: UTF8.self)
    }

    /// The bytes up to the next delimiter, as a range of `bytes`.
    private mutating func tokenRange() -> Range<Int> {
        let begin = offset
        while let byte = current, !Self.endsToken(byte) { advance() }
        return begin..<offset
    }

    /// An atom read straight from its bytes: keywords and small integers (what histories
    /// are made of) without building the token's text first; anything else by `atom`.
    private mutating func atom(at start: EDNPosition) throws(InputError) -> EDNValue {
        let range = tokenRange()
        guard let first = range.first.map({ bytes[$0] }) else { throw failure("expected a value", at: start) }
        if first == UInt8(ascii: ":"), range.count > 1 {
            return .keyword(String(decoding: bytes[(range.lowerBound + 1)..<range.upperBound], as: UTF8.self))
        }
        if range.count <= 18, bytes[range].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            var value: Int64 = 0
            for byte in bytes[range] { value = value * 10 + Int64(byte - UInt8(ascii: "0")) }
            return .integer(value)
        }
        return try atom(String(decoding: bytes[range], as: UTF8.self), at: start)
    }

    /// nil, true, false, a number, a keyword or a symbol.
    private func atom(_ text: String, at start: EDNPosition) throws(InputError) -> EDNValue {
        switch text {
        case "nil": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        guard let first = text.utf8.first else { throw failure("expected a value", at: start) }
        if first == UInt8(ascii: ":") {
            let name = String(text.dropFirst())
            guard !name.isEmpty else { throw failure("expected a keyword name after ':'", at: start) }
            return .keyword(name)
        }
        let digitStart = (first == UInt8(ascii: "+") || first == UInt8(ascii: "-")) ? text.utf8.dropFirst().first : first
        if let digit = digitStart, digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") {
            return try number(text, at: start)
        }
        return .symbol(text)
    }

    /// An integer (`42`, `-7`, `42N`) or another number (`1.5`, `1e3`, `2.0M`, `1/3`).
    private func number(_ text: String, at start: EDNPosition) throws(InputError) -> EDNValue {
        var digits = Substring(text)
        if digits.hasSuffix("N") { digits = digits.dropLast() }
        let body = digits.hasPrefix("+") ? digits.dropFirst() : digits
        if let integer = Int64(body) { return .integer(integer) }
        let allowed = Set("0123456789+-.eEM/")
        guard digits.allSatisfy({ allowed.contains($0) }) else {
            throw failure("invalid number '\(text.excerpt())': expected digits (such as 42, -7, 1.5 or 1e3)", at: start)
        }
        return .number(String(body))
    }

    /// A string literal; the opening quote is current.
    private mutating func string() throws(InputError) -> String {
        let start = position
        advance()
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        func flush() {
            if !pending.isEmpty {
                scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                pending.removeAll(keepingCapacity: true)
            }
        }
        while true {
            guard let byte = current else { throw failure("unterminated string: expected '\"' to close the string at \(start.text)") }
            if byte == UInt8(ascii: "\"") {
                advance()
                flush()
                return String(scalars)
            }
            if byte != UInt8(ascii: "\\") {
                pending.append(byte)
                advance()
                continue
            }
            flush()
            let escape = position
            advance()
            guard let code = current else { throw failure("unterminated string: expected '\"' to close the string at \(start.text)") }
            advance()
            switch code {
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(code))
            case UInt8(ascii: "u"):
                var value: UInt32 = 0
                for _ in 0..<4 {
                    guard let hex = current, let digit = Character(Unicode.Scalar(hex)).hexDigitValue else {
                        throw failure("expected four hex digits after '\\u' in a string", at: escape)
                    }
                    value = value * 16 + UInt32(digit)
                    advance()
                }
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            default:
                throw failure("unknown escape '\\\(Character(Unicode.Scalar(code)))' in a string: expected \\n, \\t, \\r, \\\", \\\\ or \\uXXXX", at: escape)
            }
        }
    }
}
