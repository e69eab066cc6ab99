/// A JSON value together with its path in the input (`$.regions[2].rtt`), with typed
/// accessors whose errors name that path and say what was expected.
///
/// All input files (topologies, scenarios, distributions) are read through this type, so
/// every bad field gets the same kind of message.
public struct InputNode: Sendable {
    public let value: JSONValue
    /// The JSON path of this value from the document root.
    public let path: String

    public init(_ value: JSONValue, path: String = "$") {
        self.value = value
        self.path = path
    }

    /// An error located at this node.
    public func error(_ message: String) -> InputError {
        InputError(location: path, message: message)
    }

    /// The member `key` of this object, or nil when absent (or null).
    public func optional(_ key: String) throws(InputError) -> InputNode? {
        guard case .object = value else { throw error("expected an object, found \(value.kindDescription)") }
        guard let member = value[key], member != .null else { return nil }
        return InputNode(member, path: "\(path).\(key)")
    }

    /// The member `key` of this object; its absence is an error.
    public func required(_ key: String) throws(InputError) -> InputNode {
        guard let member = try optional(key) else { throw error("missing required field '\(key)'") }
        return member
    }

    /// The member names of this object, in file order.
    public func keys() throws(InputError) -> [String] {
        guard case .object(let members) = value else { throw error("expected an object, found \(value.kindDescription)") }
        return members.map(\.key)
    }

    /// Rejects members other than `allowed`, naming the first unknown one and the closest
    /// allowed name, so a typo in a file is not silently ignored.
    public func rejectUnknownKeys(allowed: [String]) throws(InputError) {
        for key in try keys() where !allowed.contains(key) { throw unknownKey(key, allowed: allowed) }
    }

    /// The error for the member `key`, which is not one of `allowed`.
    func unknownKey(_ key: String, allowed: [String]) -> InputError {
        let hint = Suggestion.closest(to: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
        return InputError(
            location: "\(path).\(key)",
            message: "unknown field '\(key)'\(hint); expected one of: \(allowed.joined(separator: ", "))")
    }

    /// The elements of this array.
    public func elements() throws(InputError) -> [InputNode] {
        guard case .array(let items) = value else { throw error("expected an array, found \(value.kindDescription)") }
        return items.enumerated().map { InputNode($1, path: "\(path)[\($0)]") }
    }

    /// The members of this object, in file order.
    public func members() throws(InputError) -> [(key: String, node: InputNode)] {
        guard case .object(let items) = value else { throw error("expected an object, found \(value.kindDescription)") }
        return items.map { ($0.key, InputNode($0.value, path: "\(path).\($0.key)")) }
    }

    public func string() throws(InputError) -> String {
        guard case .string(let text) = value else { throw error("expected a string, found \(value.kindDescription)") }
        return text
    }

    public func bool() throws(InputError) -> Bool {
        guard case .bool(let flag) = value else { throw error("expected true or false, found \(value.kindDescription)") }
        return flag
    }

    /// A finite number.
    public func number() throws(InputError) -> Double {
        guard case .number(let number) = value else { throw error("expected a number, found \(value.kindDescription)") }
        guard number.isFinite else { throw error("expected a finite number") }
        return number
    }

    /// A number greater than zero.
    public func positiveNumber() throws(InputError) -> Double {
        let number = try number()
        guard number > 0 else { throw error("must be greater than 0, got \(number)") }
        return number
    }

    /// A number in `range`.
    public func number(in range: ClosedRange<Double>) throws(InputError) -> Double {
        let number = try number()
        guard range.contains(number) else {
            throw error("must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
        }
        return number
    }

    /// A whole number in `range`.
    public func integer(in range: ClosedRange<Int>) throws(InputError) -> Int {
        let number = try number()
        guard let whole = Int(exactly: number), range.contains(whole) else {
            throw error("expected a whole number between \(range.lowerBound) and \(range.upperBound), got \(number)")
        }
        return whole
    }

    /// A duration written as a string with a unit ("150ms"). A bare number is an error.
    public func duration() throws(InputError) -> Nanoseconds {
        switch value {
        case .string(let text):
            do {
                return try DurationText.parse(text)
            } catch {
                throw self.error("expected a duration: \(error.description)")
            }
        case .number(let number):
            throw error(
                "expected a duration with a unit as a string, such as \"\(number.compactDescription)ms\"; found the bare number \(number.compactDescription)")
        default:
            throw error("expected a duration with a unit such as \"150ms\", found \(value.kindDescription)")
        }
    }

    /// A duration greater than zero.
    public func positiveDuration() throws(InputError) -> Nanoseconds {
        let nanoseconds = try duration()
        guard nanoseconds > 0 else { throw error("must be a duration greater than zero") }
        return nanoseconds
    }
}

extension Double {
    /// `12` for whole numbers, `12.5` otherwise: how a person would write it.
    var compactDescription: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return description
    }
}
