/// The JSON a key of an input file takes, as precisely as its parser checks it: the JSON
/// Schema of the key is generated from this (`JSONSchema`).
public indirect enum InputFieldKind: Sendable {
    /// A string; `pattern`, when given, is a regular expression (ECMA-262, anchored) it matches.
    case string(pattern: String?)
    /// A duration written as a string with a unit (`"150ms"`, `DurationText`).
    case duration(DurationSign)
    /// A finite number within `bounds`.
    case number(NumberBounds)
    /// A whole number from `minimum` to `maximum` (both included, when given).
    case integer(minimum: Int?, maximum: Int?)
    case boolean
    /// JSON `null` (for keys where null means something, e.g. "never").
    case null
    /// One of these strings.
    case choice([String])
    /// An object with exactly the keys of the table (unknown keys are rejected).
    case object(InputFieldTable)
    /// An object whose keys are free (names of regions, limits) and whose values are `value`.
    case map(InputFieldKind)
    /// An array of `element`s, with `count` elements when given.
    case array(InputFieldKind, count: ClosedRange<Int>?)
    /// Any one of these (the parser tells them apart by their JSON type or shape).
    case anyOf([InputFieldKind])
    /// A shared definition of `InputFieldDefinitions`, such as `distribution`.
    case definition(String)

    /// Any string.
    public static let text = InputFieldKind.string(pattern: nil)

    /// Which durations a key accepts.
    public enum DurationSign: Sendable {
        /// Zero or more (`"0s"`, `"150ms"`).
        case nonNegative
        /// More than zero; the schema's pattern cannot say "not zero", its description does.
        case positive
        /// An optional leading `+` or `-` (`"-5ms"`).
        case signed
    }

    /// A number's bounds, each optional.
    public struct NumberBounds: Sendable {
        public var minimum: Double?
        public var maximum: Double?
        public var exclusiveMinimum: Double?
        public var exclusiveMaximum: Double?

        public init(minimum: Double? = nil, maximum: Double? = nil, exclusiveMinimum: Double? = nil, exclusiveMaximum: Double? = nil) {
            self.minimum = minimum
            self.maximum = maximum
            self.exclusiveMinimum = exclusiveMinimum
            self.exclusiveMaximum = exclusiveMaximum
        }

        /// Any finite number.
        public static let any = NumberBounds()
        /// More than zero (`InputNode.positiveNumber`).
        public static let positive = NumberBounds(exclusiveMinimum: 0)
        /// From `range.lowerBound` to `range.upperBound`, both included (`InputNode.number(in:)`).
        public static func within(_ range: ClosedRange<Double>) -> NumberBounds {
            NumberBounds(minimum: range.lowerBound, maximum: range.upperBound)
        }
    }

    /// A whole number in `range` (`InputNode.integer(in:)`).
    public static func integer(in range: ClosedRange<Int>) -> InputFieldKind {
        .integer(minimum: range.lowerBound, maximum: range.upperBound)
    }

    /// A finite number in `range`, both ends included.
    public static func number(in range: ClosedRange<Double>) -> InputFieldKind { .number(.within(range)) }

    /// An array of any length.
    public static func array(_ element: InputFieldKind) -> InputFieldKind { .array(element, count: nil) }

    /// A distribution object (`{"exponential": {"mean": "2ms"}}`).
    public static let distribution = InputFieldKind.definition("distribution")
}
