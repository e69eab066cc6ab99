/// The keys an object of an input file may hold: one parser's table, from which both its
/// check for unknown keys (`InputNode.rejectUnknownKeys(_:)`) and its JSON Schema come.
public struct InputFieldTable: Sendable {
    /// The keys, in documentation order (the order error messages list them in).
    public var fields: [InputField]
    /// Whether this is a whole file's top-level object, which may also carry a `"$schema"`
    /// key naming its JSON Schema for editors; the parser ignores that key.
    public var isDocument: Bool

    public init(_ fields: [InputField], isDocument: Bool = false) {
        self.fields = fields
        self.isDocument = isDocument
    }

    /// The key an editor reads to find a file's JSON Schema.
    public static let schemaKey = "$schema"

    /// The names of the keys, in table order.
    public var names: [String] { fields.map(\.name) }

    /// The field named `name`, if the table has it.
    public func field(_ name: String) -> InputField? { fields.first { $0.name == name } }
}

extension InputNode {
    /// Rejects members that are not keys of `table` (a document's top level also allows
    /// `"$schema"`), naming the first unknown one and the closest known name.
    public func rejectUnknownKeys(_ table: InputFieldTable) throws(InputError) {
        let names = table.names
        for key in try keys() where !names.contains(key) {
            guard table.isDocument, key == InputFieldTable.schemaKey else { throw unknownKey(key, allowed: names) }
        }
        if table.isDocument, let schema = try optional(InputFieldTable.schemaKey) { _ = try schema.string() }
    }
}
