/// The object a recorded history is checked against, with Knossos' semantics
/// (`knossos.model`): `register` (read, write), `cas-register` (read, write, and
/// compare-and-set `[old new]`, which takes effect only when the register holds `old`),
/// and `kv`, a map of independent compare-and-set registers whose operations carry
/// `[key value]` (`[key [old new]]` for a cas) and are checked key by key.
///
/// A read whose value is nil constrains nothing, in every model.
public enum HistoryModel: String, Sendable, CaseIterable {
    case register
    case casRegister = "cas-register"
    case kv

    /// Whether the model has a compare-and-set operation.
    var allowsCAS: Bool { self != .register }
}
