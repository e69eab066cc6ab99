/// Interns values (or keys) by their canonical EDN text: the same value, the same id,
/// ids in order of first appearance (so deterministic). Id 0 is always nil.
public struct ValueTable: Sendable, Equatable {
    /// The id of nil: a register's default initial value, and a read that returned nothing.
    public static let nilID: Int32 = 0

    /// Canonical text per id.
    public private(set) var texts: [String] = ["nil"]
    private var ids: [String: Int32] = ["nil": 0]

    public init() {}

    /// The id of `value`, assigning the next one if it is new.
    public mutating func id(_ value: EDNValue) -> Int32 {
        id(canonical: value.canonicalText)
    }

    /// The id of a value given by its canonical text.
    public mutating func id(canonical text: String) -> Int32 {
        if let known = ids[text] { return known }
        let fresh = Int32(texts.count)
        texts.append(text)
        ids[text] = fresh
        return fresh
    }

    /// The canonical text of `id`.
    public func text(_ id: Int32) -> String {
        texts.indices.contains(Int(id)) ? texts[Int(id)] : "?"
    }
}
