import Foundation

@testable import GeoSim

/// A small JSON Schema (draft 2020-12) validator for the keywords geosim's schemas use
/// (`JSONSchema`): type, properties, required, additionalProperties, enum, pattern, items,
/// minItems, maxItems, minimum, maximum, exclusiveMinimum, exclusiveMaximum, anyOf, oneOf
/// and local `$ref`s. A keyword it does not know is reported as an error, so a schema
/// cannot pass because the validator skipped part of it.
struct SchemaValidator {
    /// The whole schema document, for `$ref`s.
    let root: JSONValue

    /// Keywords that annotate and never fail.
    static let annotations: Set<String> = ["$schema", "$id", "$defs", "title", "description"]

    /// Every way `instance` breaks `schema`, each as "PATH: what"; empty when it conforms.
    func errors(_ instance: JSONValue, _ schema: JSONValue, path: String = "$") -> [String] {
        guard case .object(let keywords) = schema else {
            if case .bool(let flag) = schema { return flag ? [] : ["\(path): no value is allowed here"] }
            return ["\(path): the schema is not an object"]
        }
        var found: [String] = []
        for (keyword, value) in keywords where !Self.annotations.contains(keyword) {
            found += check(keyword, value, instance, schema: schema, path: path)
        }
        return found
    }

    private func check(_ keyword: String, _ value: JSONValue, _ instance: JSONValue, schema: JSONValue, path: String) -> [String] {
        switch keyword {
        case "type":
            guard case .string(let type) = value else { return ["\(path): type is not a string"] }
            return Self.hasType(instance, type) ? [] : ["\(path): expected \(type), found \(instance.kindDescription)"]
        case "enum":
            guard case .array(let options) = value else { return ["\(path): enum is not an array"] }
            return options.contains(instance) ? [] : ["\(path): not one of the enum's values"]
        case "pattern":
            guard case .string(let text) = instance else { return [] }
            guard case .string(let pattern) = value, let regex = try? Regex(pattern) else { return ["\(path): bad pattern \(value)"] }
            return text.firstMatch(of: regex) == nil ? ["\(path): '\(text)' does not match \(pattern)"] : []
        case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
            guard case .number(let number) = instance else { return [] }
            guard case .number(let bound) = value else { return ["\(path): \(keyword) is not a number"] }
            let holds =
                switch keyword {
                case "minimum": number >= bound
                case "maximum": number <= bound
                case "exclusiveMinimum": number > bound
                default: number < bound
                }
            return holds ? [] : ["\(path): \(number) breaks \(keyword) \(bound)"]
        case "properties", "required", "additionalProperties":
            return objectKeyword(keyword, value, instance, schema: schema, path: path)
        case "items", "minItems", "maxItems":
            return arrayKeyword(keyword, value, instance, path: path)
        case "anyOf", "oneOf":
            guard case .array(let choices) = value else { return ["\(path): \(keyword) is not an array"] }
            let matching = choices.filter { errors(instance, $0, path: path).isEmpty }.count
            if keyword == "anyOf" { return matching > 0 ? [] : ["\(path): matches none of anyOf's \(choices.count) schemas"] }
            return matching == 1 ? [] : ["\(path): matches \(matching) of oneOf's schemas, not exactly one"]
        case "$ref":
            guard case .string(let reference) = value, let target = resolve(reference) else { return ["\(path): unresolved $ref \(value)"] }
            return errors(instance, target, path: path)
        default:
            return ["\(path): unknown keyword '\(keyword)'"]
        }
    }

    private func objectKeyword(_ keyword: String, _ value: JSONValue, _ instance: JSONValue, schema: JSONValue, path: String) -> [String] {
        guard case .object(let members) = instance else { return [] }
        switch keyword {
        case "properties":
            guard case .object(let properties) = value else { return ["\(path): properties is not an object"] }
            return members.flatMap { member in
                properties.first { $0.key == member.key }.map { errors(member.value, $0.value, path: "\(path).\(member.key)") } ?? []
            }
        case "required":
            guard case .array(let names) = value else { return ["\(path): required is not an array"] }
            return names.compactMap { name in
                guard case .string(let key) = name else { return "\(path): a required name is not a string" }
                return members.contains { $0.key == key } ? nil : "\(path): missing required '\(key)'"
            }
        default:
            let declared: [String]
            if case .object(let properties)? = schema["properties"] { declared = properties.map(\.key) } else { declared = [] }
            return members.filter { !declared.contains($0.key) }.flatMap { errors($0.value, value, path: "\(path).\($0.key)") }
        }
    }

    private func arrayKeyword(_ keyword: String, _ value: JSONValue, _ instance: JSONValue, path: String) -> [String] {
        guard case .array(let elements) = instance else { return [] }
        switch keyword {
        case "items":
            return elements.enumerated().flatMap { errors($1, value, path: "\(path)[\($0)]") }
        default:
            guard case .number(let bound) = value else { return ["\(path): \(keyword) is not a number"] }
            let holds = keyword == "minItems" ? Double(elements.count) >= bound : Double(elements.count) <= bound
            return holds ? [] : ["\(path): \(elements.count) elements break \(keyword) \(bound)"]
        }
    }

    /// `#/$defs/NAME` (or any local JSON pointer of object members) in the root.
    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var node = root
        for part in reference.dropFirst().split(separator: "/") {
            guard let next = node[String(part)] else { return nil }
            node = next
        }
        return node
    }

    static func hasType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.isFinite && number == number.rounded()
        default:
            return false
        }
    }
}
