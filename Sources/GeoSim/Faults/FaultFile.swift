import Foundation

/// Fault schedule files (`--faults FILE`, and the `faults` key of a scenario file).
///
/// JSON: either `{"faults": [...]}` (optionally with a free-text `"description"`) or a
/// bare array of faults. Each fault is an object with a `kind` and that kind's fields:
///
///     {"kind": "partition", "sides": [["us-east"], ["us-west", "eu-central"]], "start": "10s", "end": "40s"}
///     {"kind": "isolate", "region": "us-east", "start": "10s", "end": "40s"}
///     {"kind": "one_way", "from": ["us-east"], "to": ["eu-central"], "start": "5s", "end": "15s"}
///     {"kind": "crash", "node": "us-east/a", "start": "20s"}
///     {"kind": "crash", "region": "eu-central", "start": "20s", "end": "35s"}
///     {"kind": "slow", "between": [["us-east"], ["eu-central"]], "multiplier": 3, "add": "50ms", "start": "0s"}
///     {"kind": "loss", "probability": 0.01, "start": "0s"}
///     {"kind": "loss", "probability": 0.2, "between": [["us-east"], ["us-west"]], "start": "30s", "end": "40s"}
///     {"kind": "duplicate", "probability": 0.001, "start": "0s"}
///     {"kind": "clock", "node": "us-west", "offset": "-5ms", "drift": 0.001}
///
/// - Places are region names, aliases or AWS codes, or node names (`us-east/a`); a list
///   of places may also be a single string. A name that is both a region and a node
///   (a region with one replica) means the region. `isolate` takes `region` or `node`;
///   `crash` takes exactly one of `node` (resolved as a node) and `region` (a whole-region
///   outage); `clock` takes a node (or a region holding exactly one node).
/// - `start` (required, except for `clock`, where it defaults to `"0s"`) and `end`
///   (optional: absent means until the end of the run; must be after `start`) are
///   durations with a unit, offsets into the run. A bare number is an error.
/// - `slow`: `multiplier` (a number from 1 to 1e6, default 1) and/or `add` (a duration, default 0).
/// - `loss`, `duplicate`: `probability` in [0, 1]; without `between`, every link.
/// - `clock`: `offset` a signed duration (`"-5ms"`, `"+2ms"`); `drift` a rate with
///   |drift| < 0.5 (0.001 is 1 ms per second), default 0.
/// - An optional `label` replaces the default label (`<JSON path> <kind>`, prefixed with
///   the file path by `load`) in reports; it follows `NameRules` (at most 200 characters,
///   no control characters).
/// - Sides must not share a replica; unknown fields are rejected. Every error names the
///   JSON path of the bad value, e.g. `$.faults[2].sides[1][0]: unknown region or node
///   'us-wset' (did you mean 'us-west'?)`.
public enum FaultFile {
    /// The kinds a file may use, in documentation order.
    public static let kinds = ["partition", "isolate", "one_way", "crash", "slow", "loss", "duplicate", "clock"]

    /// Loads the fault file at `path`. Every error, including an unreadable file or
    /// invalid UTF-8, is an `InputError` whose `file` is `path`. Default labels start
    /// with `path`.
    public static func load(path: String, topology: Topology) throws(InputError) -> [Fault] {
        let root = try InputFile.readJSON(path: path)
        do {
            return try parse(root, topology: topology, labelPrefix: "\(path) ")
        } catch {
            throw error.inFile(path)
        }
    }

    /// The faults of a parsed document (`{"faults": [...]}` or a bare array), in file
    /// order. Errors carry the JSON path and no file name.
    public static func parse(_ node: InputNode, topology: Topology) throws(InputError) -> [Fault] {
        try parse(node, topology: topology, labelPrefix: "")
    }

    static func parse(_ node: InputNode, topology: Topology, labelPrefix: String) throws(InputError) -> [Fault] {
        let list: InputNode
        switch node.value {
        case .array:
            list = node
        case .object:
            try node.rejectUnknownKeys(fileTable)
            list = try node.required("faults")
        default:
            throw node.error("expected {\"faults\": [...]} or an array of faults, found \(node.value.kindDescription)")
        }
        var faults: [Fault] = []
        for element in try list.elements() {
            faults.append(try fault(element, topology: topology, labelPrefix: labelPrefix))
        }
        return faults
    }

    /// One element of the list.
    static func fault(_ node: InputNode, topology: Topology, labelPrefix: String) throws(InputError) -> Fault {
        let kindNode = try node.required("kind")
        let kind = try kindNode.string()
        guard kinds.contains(kind) else {
            let hint = Suggestion.closest(to: kind, among: kinds).map { " (did you mean '\($0)'?)" } ?? ""
            throw kindNode.error("unknown fault kind '\(kind)'\(hint); expected one of: \(kinds.joined(separator: ", "))")
        }
        try node.rejectUnknownKeys(table(of: kind))
        let places = Places(topology: topology)
        // The fields are read window first, then the kind's own, then the label, so that the
        // first mistake in an element is the one reported.
        let (start, end) = try window(node, kind: kind)
        let faultKind = try behavior(of: kind, in: node, places: places)
        let label =
            try node.optional("label").map { node throws(InputError) in
                let text = try node.string()
                if let problem = NameRules.labelProblem(text) { throw node.error(problem) }
                return text
            } ?? "\(labelPrefix)\(node.path) \(kind)"
        return Fault(kind: faultKind, start: start, end: end, label: label)
    }

    /// When a fault holds, in simulated nanoseconds: `start` (required except for a clock
    /// fault, which defaults to 0) and an optional `end` after it (none: to the end of the run).
    private static func window(_ node: InputNode, kind: String) throws(InputError) -> (start: Nanoseconds, end: Nanoseconds?) {
        let start: Nanoseconds
        if let startNode = try node.optional("start") {
            start = try startNode.duration()
        } else if kind == "clock" {
            start = 0
        } else {
            throw node.error("missing required field 'start' (a duration such as \"10s\")")
        }
        var end: Nanoseconds?
        if let endNode = try node.optional("end") {
            let value = try endNode.duration()
            guard value > start else {
                throw endNode.error("the end \(DurationText.format(value)) must be after the start \(DurationText.format(start))")
            }
            end = value
        }
        return (start, end)
    }

    /// What the fault does, from the fields of its `kind` (one of `kinds`, already checked).
    private static func behavior(of kind: String, in node: InputNode, places: Places) throws(InputError) -> Fault.Kind {
        switch kind {
        case "partition":
            let sides = try places.pair(try node.required("sides"))
            return .partition(sideA: sides.0, sideB: sides.1)
        case "isolate":
            return .partition(sideA: [try places.regionOrNode(node)], sideB: [])
        case "one_way":
            let fromNode = try node.required("from")
            let toNode = try node.required("to")
            let from = try places.list(fromNode)
            let to = try places.list(toNode)
            try places.requireDisjoint(from, to, at: toNode)
            return .oneWay(from: from, to: to)
        case "crash":
            return .crash(try places.regionOrNode(node))
        case "slow":
            return try slowLink(node, places: places)
        case "loss", "duplicate":
            let probability = try node.required("probability").number(in: 0...1)
            let sides = try node.optional("between").map { node throws(InputError) in try places.pair(node) } ?? ([], [])
            return kind == "loss"
                ? .loss(probability: probability, sideA: sides.0, sideB: sides.1)
                : .duplicate(probability: probability, sideA: sides.0, sideB: sides.1)
        default:
            return try clockFault(node, places: places)
        }
    }

    /// A slow link: `between` two sides, delays times `multiplier` (1…`Fault.maximumSlowdown`)
    /// plus `add` (a duration); at least one of the two is required.
    private static func slowLink(_ node: InputNode, places: Places) throws(InputError) -> Fault.Kind {
        let sides = try places.pair(try node.required("between"))
        let multiplierNode = try node.optional("multiplier")
        let addNode = try node.optional("add")
        guard multiplierNode != nil || addNode != nil else {
            throw node.error("a slow link needs 'multiplier' (≥ 1), 'add' (a duration) or both")
        }
        let multiplier =
            try multiplierNode.map { node throws(InputError) in
                let value = try node.number()
                guard value >= 1 else { throw node.error("must be at least 1 (a slowdown), got \(value.compactDescription)") }
                guard value <= Fault.maximumSlowdown else {
                    throw node.error(
                        "must be at most \(Fault.maximumSlowdown.compactDescription) (a link that slow is as good as cut; use a partition or one_way fault for that), got \(value.compactDescription)"
                    )
                }
                return value
            } ?? 1
        let added = try addNode.map { node throws(InputError) in try node.duration() } ?? 0
        return .slow(sideA: sides.0, sideB: sides.1, multiplier: multiplier, addedDelay: added)
    }

    /// A clock fault: one `node`'s clock set off by a signed `offset` and drifting by `drift`
    /// (a rate strictly between -0.5 and 0.5; 0.001 is 1 ms per second).
    private static func clockFault(_ node: InputNode, places: Places) throws(InputError) -> Fault.Kind {
        let target = try places.clockNode(try node.required("node"))
        let offset = try signedDuration(try node.required("offset"))
        var drift = 0.0
        if let driftNode = try node.optional("drift") {
            drift = try driftNode.number()
            guard abs(drift) < 0.5 else {
                throw driftNode.error(
                    "drift must be a rate between -0.5 and 0.5 (exclusive), "
                        + "e.g. 0.001 for 1 ms per second; got \(drift.compactDescription)")
            }
        }
        return .clock(node: target, offset: offset, drift: drift)
    }

    /// A duration with an optional leading sign: `"-5ms"`, `"+5ms"`, `"5ms"`.
    static func signedDuration(_ node: InputNode) throws(InputError) -> Nanoseconds {
        guard case .string(let text) = node.value else { return try node.duration() }
        let trimmed = text.trimmingSpaces
        let negative = trimmed.hasPrefix("-")
        let magnitude = negative || trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed
        do {
            let value = try DurationText.parse(magnitude)
            return negative ? -value : value
        } catch {
            throw node.error("expected a signed duration such as \"-5ms\" or \"+2ms\": \(error.description)")
        }
    }

    /// Resolving place names at JSON paths.
    struct Places {
        let topology: Topology

        func unknown(_ name: String, at node: InputNode) -> InputError {
            let hint =
                Suggestion.closest(to: name, among: FaultParser.placeNames(in: topology))
                .map { " (did you mean '\($0)'?)" } ?? ""
            return node.error("unknown region or node '\(name)'\(hint)")
        }

        /// One region or node name.
        func place(_ node: InputNode) throws(InputError) -> Fault.Target {
            let name = try node.string()
            guard !name.trimmingSpaces.isEmpty else { throw node.error("empty region or node name") }
            guard let target = FaultParser.target(named: name, in: topology) else { throw unknown(name, at: node) }
            return target
        }

        /// A non-empty list of places (or a single name), each listed once.
        func list(_ node: InputNode) throws(InputError) -> [Fault.Target] {
            if case .string = node.value { return [try place(node)] }
            let items = try node.elements()
            guard !items.isEmpty else { throw node.error("expected at least one region or node name") }
            var targets: [Fault.Target] = []
            for item in items {
                let target = try place(item)
                guard !targets.contains(target) else { throw item.error("'\(FaultParser.name(of: target, in: topology))' is listed twice") }
                targets.append(target)
            }
            return targets
        }

        /// Exactly two disjoint lists of places.
        func pair(_ node: InputNode) throws(InputError) -> ([Fault.Target], [Fault.Target]) {
            let items = try node.elements()
            guard items.count == 2 else {
                throw node.error("expected two sides, e.g. [[\"us-east\"], [\"us-west\", \"eu-central\"]]; found \(items.count)")
            }
            let a = try list(items[0])
            let b = try list(items[1])
            try requireDisjoint(a, b, at: items[1])
            return (a, b)
        }

        func requireDisjoint(_ a: [Fault.Target], _ b: [Fault.Target], at node: InputNode) throws(InputError) {
            for x in a {
                for y in b where FaultParser.overlaps(x, y, in: topology) {
                    let (mine, theirs) = (FaultParser.name(of: y, in: topology), FaultParser.name(of: x, in: topology))
                    throw node.error("'\(mine)' overlaps '\(theirs)' on the other side; the sides must not share a replica")
                }
            }
        }

        /// Exactly one of `region` (a region) and `node` (a node) of the fault object.
        func regionOrNode(_ fault: InputNode) throws(InputError) -> Fault.Target {
            let region = try fault.optional("region")
            let node = try fault.optional("node")
            switch (region, node) {
            case (let region?, nil):
                let name = try region.string()
                guard let index = topology.regionIndex(named: name) else {
                    if topology.nodeIndex(named: name) != nil {
                        throw region.error("'\(name)' is a node, not a region; use \"node\": \"\(name)\"")
                    }
                    throw unknown(name, at: region)
                }
                return .region(index)
            case (nil, let node?):
                let name = try node.string()
                guard let index = topology.nodeIndex(named: name) else {
                    if let region = topology.regionIndex(named: name) {
                        let first = topology.nodeIndices(inRegion: region).first.map { topology.nodes[$0].name } ?? name
                        throw node.error("'\(name)' is a region with several nodes; use \"region\": \"\(name)\" or name one node, e.g. \(first)")
                    }
                    throw unknown(name, at: node)
                }
                return .node(index)
            case (.some, .some):
                throw fault.error("give either 'region' or 'node', not both")
            case (nil, nil):
                throw fault.error("missing required field 'region' or 'node'")
            }
        }

        /// A node, or a region that holds exactly one node.
        func clockNode(_ node: InputNode) throws(InputError) -> Int {
            let name = try node.string()
            if let index = topology.nodeIndex(named: name) { return index }
            if let region = topology.regionIndex(named: name) {
                let members = topology.nodeIndices(inRegion: region)
                if members.count == 1 { return members[0] }
                let first = members.first.map { topology.nodes[$0].name } ?? name
                throw node.error("'\(name)' is a region with \(members.count) nodes; name one node, e.g. \(first)")
            }
            throw unknown(name, at: node)
        }
    }
}
