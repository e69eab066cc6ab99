/// The kinds several input files share, named so that a JSON Schema defines each once
/// (under `$defs`) and refers to it (`InputFieldKind.definition`); `distribution` also
/// refers to itself (a mixture's components).
public enum InputFieldDefinitions {
    /// Each definition: its name, a one-line description and its kind.
    public static let all: [(name: String, summary: String, kind: InputFieldKind)] = [
        ("distribution", "a latency distribution: an object with exactly one kind as its key", Distribution.fieldKind),
        ("topology", "a topology: regions, their nodes and round trips", .object(Topology.fileTable)),
        ("faults", "a fault schedule: {\"faults\": [...]} or a bare array of faults", FaultFile.documentKind),
        ("fault", "one fault; its kind decides its other keys", FaultFile.faultKind),
    ]

    /// The definition named `name`, if there is one.
    public static func definition(_ name: String) -> (name: String, summary: String, kind: InputFieldKind)? {
        all.first { $0.name == name }
    }
}
