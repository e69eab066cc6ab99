/// JSON Schemas (draft 2020-12) generated from the parsers' field tables
/// (`InputFieldTable`), so that what an editor checks is what geosim reads.
///
/// The schemas use only `type`, `properties`, `required`, `additionalProperties`, `enum`,
/// `pattern`, `items`, `minItems`, `maxItems`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `anyOf` and local `$ref`s into `$defs`. A schema is at most as
/// strict as its parser on keys and types; some checks only the parser can make (a
/// region exists, `end` is after `start`, a duration is not zero where it must be positive).
public enum JSONSchema {
    /// The dialect every schema declares.
    public static let dialect = "https://json-schema.org/draft/2020-12/schema"
    /// The `$id` prefix: a schema's id is this plus its name and `.json`.
    public static let idPrefix = "https://geosim.dev/schema/"

    /// The durations `DurationText.parse` accepts: a plain decimal number (`NumberText`, no
    /// sign) and a unit. It also refuses durations above 2562047h, which a pattern cannot say.
    public static let durationPattern = "^" + unsignedDuration + "$"
    /// A duration with an optional sign (`"-5ms"`, `"+2ms"`), as a clock offset takes.
    public static let signedDurationPattern = "^[+-]?" + unsignedDuration + "$"
    private static let unsignedDuration = "([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?(ns|us|µs|μs|ms|s|m|h)"

    /// The schema of a whole file: `root` with a title, a description and every
    /// definition it refers to (directly or through other definitions) under `$defs`.
    public static func document(name: String, title: String, summary: String, root: InputFieldKind) -> JSONValue {
        var wanted: [String] = []
        var members: [(key: String, value: JSONValue)] = [
            ("$schema", .string(dialect)), ("$id", .string(idPrefix + name + ".json")),
            ("title", .string(title)), ("description", .string(summary)),
        ]
        members += schema(root, wanted: &wanted)
        var definitions: [(key: String, value: JSONValue)] = []
        var index = 0
        while index < wanted.count {
            let name = wanted[index]
            index += 1
            guard let definition = InputFieldDefinitions.definition(name) else { continue }
            let body = [("description", JSONValue.string(definition.summary))] + schema(definition.kind, wanted: &wanted)
            definitions.append((name, .object(body)))
        }
        if !definitions.isEmpty { members.append(("$defs", .object(definitions))) }
        return .object(members)
    }

    /// The schema keywords of `kind`; the names of definitions it refers to are appended
    /// to `wanted` (each once).
    static func schema(_ kind: InputFieldKind, wanted: inout [String]) -> [(key: String, value: JSONValue)] {
        switch kind {
        case .string(let pattern):
            return [("type", .string("string"))] + (pattern.map { [("pattern", JSONValue.string($0))] } ?? [])
        case .duration(let sign):
            let pattern = sign == .signed ? signedDurationPattern : durationPattern
            return [("type", .string("string")), ("pattern", .string(pattern))]
        case .number(let bounds):
            return [("type", .string("number"))] + numberBounds(bounds)
        case .integer(let minimum, let maximum):
            let bounds = InputFieldKind.NumberBounds(minimum: minimum.map(Double.init), maximum: maximum.map(Double.init))
            return [("type", .string("integer"))] + numberBounds(bounds)
        case .boolean:
            return [("type", .string("boolean"))]
        case .null:
            return [("type", .string("null"))]
        case .choice(let names):
            return [("type", .string("string")), ("enum", .array(names.map(JSONValue.string)))]
        case .object(let table):
            return object(table, wanted: &wanted)
        case .map(let value):
            return [("type", .string("object")), ("additionalProperties", .object(schema(value, wanted: &wanted)))]
        case .array(let element, let count):
            var members: [(key: String, value: JSONValue)] = [
                ("type", .string("array")), ("items", .object(schema(element, wanted: &wanted))),
            ]
            if let count, count.lowerBound > 0 { members.append(("minItems", .number(Double(count.lowerBound)))) }
            if let count, count.upperBound < Int.max { members.append(("maxItems", .number(Double(count.upperBound)))) }
            return members
        case .anyOf(let choices):
            return [("anyOf", .array(choices.map { JSONValue.object(schema($0, wanted: &wanted)) }))]
        case .definition(let name):
            if !wanted.contains(name) { wanted.append(name) }
            return [("$ref", .string("#/$defs/" + name))]
        }
    }

    /// A closed object: its properties (each with its description), the required ones,
    /// and no others; a document's top level also allows `"$schema"`.
    private static func object(_ table: InputFieldTable, wanted: inout [String]) -> [(key: String, value: JSONValue)] {
        var properties: [(key: String, value: JSONValue)] = []
        if table.isDocument {
            properties.append(
                (
                    InputFieldTable.schemaKey,
                    .object([("type", .string("string")), ("description", .string("this file's JSON Schema, for editors; geosim ignores it"))])
                ))
        }
        for field in table.fields {
            properties.append((field.name, .object(schema(field.kind, wanted: &wanted) + [("description", .string(field.summary))])))
        }
        var members: [(key: String, value: JSONValue)] = [
            ("type", .string("object")), ("properties", .object(properties)), ("additionalProperties", .bool(false)),
        ]
        let required = table.fields.filter(\.isRequired).map { JSONValue.string($0.name) }
        if !required.isEmpty { members.append(("required", .array(required))) }
        return members
    }

    /// `minimum` … `exclusiveMaximum`, leaving out bounds of 2^53 and beyond (which no
    /// JSON reader holds exactly: they only mean "any").
    private static func numberBounds(_ bounds: InputFieldKind.NumberBounds) -> [(key: String, value: JSONValue)] {
        let named: [(String, Double?)] = [
            ("minimum", bounds.minimum), ("maximum", bounds.maximum),
            ("exclusiveMinimum", bounds.exclusiveMinimum), ("exclusiveMaximum", bounds.exclusiveMaximum),
        ]
        return named.compactMap { name, value in
            guard let value, value.magnitude < 0x1.0p53 else { return nil }
            return (name, .number(value))
        }
    }
}
