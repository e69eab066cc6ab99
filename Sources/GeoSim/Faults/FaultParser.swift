/// Turns the command line's fault shorthands (CLI.md, "Faults") into `Fault` values
/// resolved against a topology.
///
/// | flag | text | fault |
/// | --- | --- | --- |
/// | `--isolate` | `REGION@START..END` | `.partition(sideA: [REGION], sideB: [])` |
/// | `--partition` | `A,B\|C@START..END` | `.partition(sideA: [A, B], sideB: [C])` |
/// | `--one-way` | `FROM->TO@START..END` | `.oneWay(from:to:)`, each side a comma list |
/// | `--crash` | `REGION\|NODE@START[..END]` | `.crash`; without END the target stays down |
/// | `--slow` | `A~B:xF[+D]@START..END` (or `A-B xF[+D]@…`, quoted) | `.slow` between A and B |
/// | `--loss` | `P[@START..END]` | `.loss` on every link; without a window the whole run |
/// | `--duplicate` | `P[@START..END]` | `.duplicate` on every link |
/// | `--clock-skew` | `NODE=±D[,drift=R][@START[..END]]` | `.clock`; from 0 to the end by default |
///
/// Times (`START`, `END`, `D`) are durations with a unit (`250ms`, `10s`, `2m`), offsets
/// from the start of the run in nanoseconds once parsed; a bare number is an error. A
/// window is `START..END` (END after START) or `START..` (until the end of the run).
/// Places are region names, aliases or AWS codes (a region target), or node names such
/// as `us-east/a` (a node target); a name that is both (a region with a single replica
/// shares its name with that replica) means the region.
///
/// Every malformed text is a `UsageError` whose message quotes the flag and the text and
/// says what was wrong or expected; unknown names get a did-you-mean hint.
public enum FaultParser {
    /// The fault flags this parser understands, in help order.
    public static let flags = [
        "--isolate", "--partition", "--one-way", "--crash", "--slow",
        "--loss", "--duplicate", "--clock-skew",
    ]

    /// The "Faults" section of `geosim help run`: every shorthand with an example. Lines
    /// are at most 80 columns; ends with a newline.
    public static let syntaxHelp = """
        Faults (repeat a flag for several faults; times are offsets into the run,
        with a unit: 250ms, 10s, 2m; a window START.. lasts to the end of the run):
          --isolate REGION@START..END
              Cut REGION off from every other region, both directions.
              e.g. --isolate us-east@10s..40s
          --partition A,B|C@START..END
              Two sides (comma lists of regions or nodes); no message crosses.
              e.g. --partition us-east|us-west,eu-central@10s..40s
          --one-way FROM->TO@START..END
              Drop messages from FROM to TO only; the other direction works.
              e.g. --one-way us-east->eu-central@5s..15s
          --crash REGION|NODE@START[..END]
              Crash a node or a whole region; it restarts at END, if given.
              e.g. --crash us-west@20s..35s   --crash us-east/a@10s
          --slow A~B:xF[+D]@START..END
              Messages between A and B take F times their latency, plus D.
              e.g. --slow us-east~eu-central:x3@10s..20s
                   --slow us-east~us-west:+50ms@0s..
                   --slow us-east~us-west:x2+30ms@5s..
              (The older form 'A-B xF@START..END' still works, quoted.)
          --loss P[@START..END]
              Lose each message with probability P (0..1); the whole run if no window.
              e.g. --loss 0.01   --loss 0.2@30s..40s
          --duplicate P[@START..END]
              Deliver each message twice with probability P (0..1).
              e.g. --duplicate 0.001
          --clock-skew NODE=±D[,drift=R]
              NODE's clock is off by D; with drift it runs fast (R > 0) or slow by R
              seconds per second (|R| < 0.5). Optional @START[..END].
              e.g. --clock-skew us-west=+5ms   --clock-skew us-east/b=-2ms,drift=0.001
          --faults FILE
              A fault schedule file (JSON; see Sources/GeoSim/Faults/README.md).
          --chaos [--chaos-rate R] [--chaos-duration D] [--chaos-kinds LIST]
              Random faults drawn from the seed: R per simulated minute (default 2),
              mean length D (10s), kinds isolate, crash, partition, one-way, slow,
              loss (all by default; KIND:WEIGHT to weight one).
              e.g. --chaos --chaos-rate 4 --chaos-kinds crash:2,partition

        """

    /// How each flag is written and one example, for error messages.
    static func syntax(of flag: String) -> (form: String, example: String) {
        switch flag {
        case "--isolate": return ("REGION@START..END", "us-east@10s..40s")
        case "--partition": return ("A,B|C@START..END", "us-east|us-west,eu-central@10s..40s")
        case "--one-way": return ("FROM->TO@START..END", "us-east->eu-central@10s..40s")
        case "--crash": return ("REGION|NODE@START[..END]", "us-west@10s..30s")
        case "--slow": return ("A~B:xF[+D]@START..END", "us-east~eu-central:x3@10s..40s")
        case "--loss": return ("P[@START..END]", "0.01@10s..40s")
        case "--duplicate": return ("P[@START..END]", "0.001")
        default: return ("NODE=±D[,drift=R]", "us-west=+5ms")
        }
    }

    /// Parses the value `text` of the fault flag `flag` (`--isolate`; the leading dashes
    /// may be omitted) against `topology`. The fault's `label` is `"--flag text"`.
    public static func parse(flag: String, text: String, topology: Topology) throws(UsageError) -> Fault {
        let name = flag.hasPrefix("--") ? flag : "--" + flag
        guard flags.contains(name) else {
            let hint =
                Suggestion.closest(to: name, among: flags).map { "Did you mean '\($0)'?" }
                ?? "Fault flags are \(flags.joined(separator: ", "))."
            throw UsageError("Unknown fault flag '\(flag)'.", hint: hint)
        }
        // The text becomes the fault's label (reports, CSV, notebooks): no control
        // characters, as for a label in a fault file (`NameRules`).
        if let bad = text.unicodeScalars.first(where: NameRules.isForbiddenInLabel) {
            throw UsageError(
                "Invalid \(name) '\(text.excerpt())': it contains the control character U+\(String(bad.value, radix: 16, uppercase: true)).",
                hint: "Write the fault without tabs, line breaks or escape sequences, e.g. \(name) us-east@10s..40s.")
        }
        let context = Context(flag: name, text: text, topology: topology)
        let label = "\(name) \(text)"
        switch name {
        case "--isolate":
            let (body, window) = try context.splitWindow(required: true)
            let target = try context.place(body)
            return Fault(kind: .partition(sideA: [target], sideB: []), start: window.start, end: window.end, label: label)
        case "--partition":
            let (body, window) = try context.splitWindow(required: true)
            let sides = body.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard sides.count == 2 else { throw context.malformed() }
            let a = try context.places(sides[0])
            let b = try context.places(sides[1])
            try context.requireDisjoint(a, b)
            return Fault(kind: .partition(sideA: a, sideB: b), start: window.start, end: window.end, label: label)
        case "--one-way":
            let (body, window) = try context.splitWindow(required: true)
            guard let arrow = body.range(of: "->"), body[arrow.upperBound...].range(of: "->") == nil else {
                throw context.malformed()
            }
            let from = try context.places(String(body[..<arrow.lowerBound]))
            let to = try context.places(String(body[arrow.upperBound...]))
            try context.requireDisjoint(from, to)
            return Fault(kind: .oneWay(from: from, to: to), start: window.start, end: window.end, label: label)
        case "--crash":
            let (body, window) = try context.splitWindow(required: true, bareStartIsOpen: true)
            let target = try context.place(body)
            return Fault(kind: .crash(target), start: window.start, end: window.end, label: label)
        case "--slow":
            return try parseSlow(context, label: label)
        case "--loss", "--duplicate":
            let (body, window) = try context.splitWindow(required: false)
            let probability = try context.probability(body)
            let kind: Fault.Kind =
                name == "--loss"
                ? .loss(probability: probability, sideA: [], sideB: [])
                : .duplicate(probability: probability, sideA: [], sideB: [])
            return Fault(kind: kind, start: window.start, end: window.end, label: label)
        default:
            return try parseClockSkew(context, label: label)
        }
    }

    /// `A~B:xF+D@START..END`, one shell word; or the older `A-B xF+D@START..END`.
    private static func parseSlow(_ context: Context, label: String) throws(UsageError) -> Fault {
        let (body, window) = try context.splitWindow(required: true)
        if let tilde = body.firstIndex(of: "~") {
            guard body[body.index(after: tilde)...].firstIndex(of: "~") == nil else {
                throw context.problem("a slow link has two ends: write one '~' between them, e.g. 'us-east~us-west:x3'")
            }
            guard let colon = body.lastIndex(of: ":"), colon > tilde else {
                throw context.problem("expected the link and the slowdown as A~B:SLOWDOWN, e.g. 'us-east~us-west:x3'")
            }
            let a = try context.place(String(body[..<tilde]))
            let b = try context.place(String(body[body.index(after: tilde)..<colon]))
            guard !FaultParser.overlaps(a, b, in: context.topology) else {
                throw context.problem("the two ends of the link overlap; a slow link needs two different places")
            }
            let (multiplier, added) = try context.slowdown(String(body[body.index(after: colon)...]).trimmingSpaces)
            return Fault(
                kind: .slow(sideA: [a], sideB: [b], multiplier: multiplier, addedDelay: added),
                start: window.start, end: window.end, label: label)
        }
        let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count >= 2 else {
            throw context.problem("expected the link and the slowdown as A~B:SLOWDOWN, e.g. 'us-east~us-west:x3' (or, quoted, 'us-east-us-west x3')")
        }
        let link = words[0]
        let spec = words.dropFirst().joined()
        let (a, b) = try context.link(link)
        let (multiplier, added) = try context.slowdown(spec)
        return Fault(
            kind: .slow(sideA: [a], sideB: [b], multiplier: multiplier, addedDelay: added),
            start: window.start, end: window.end, label: label)
    }

    /// `NODE=±D[,drift=R][@START[..END]]`.
    private static func parseClockSkew(_ context: Context, label: String) throws(UsageError) -> Fault {
        let (body, window) = try context.splitWindow(required: false, bareStartIsOpen: true)
        guard let equals = body.firstIndex(of: "=") else { throw context.malformed() }
        let node = try context.node(String(body[..<equals]))
        let settings = body[body.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingSpaces }
        guard let offsetText = settings.first, !offsetText.isEmpty else { throw context.malformed() }
        let offset = try context.signedDuration(offsetText, what: "clock offset")
        var drift = 0.0
        var sawDrift = false
        for setting in settings.dropFirst() {
            let parts = setting.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, String(parts[0]).trimmingSpaces.lowercased() == "drift", !sawDrift else {
                throw context.problem("unexpected '\(setting)' after the offset; only drift=R may follow, e.g. drift=0.001")
            }
            sawDrift = true
            let text = String(parts[1]).trimmingSpaces
            guard let value = plainNumber(text), abs(value) < 0.5 else {
                throw context.problem("drift '\(text)' must be a rate between -0.5 and 0.5 (exclusive), e.g. 0.001 for 1 ms per second")
            }
            drift = value
        }
        return Fault(kind: .clock(node: node, offset: offset, drift: drift), start: window.start, end: window.end, label: label)
    }

    /// A plain decimal number (`NumberText.decimal`: no hex, `inf`, `nan` or leading `+`), or nil.
    static func plainNumber(_ text: String) -> Double? {
        NumberText.decimal(text)
    }

    // MARK: Places, shared with FaultFile

    /// The target called `name`: a region (name, alias or AWS code) first, else a node.
    static func target(named name: String, in topology: Topology) -> Fault.Target? {
        if let region = topology.regionIndex(named: name) { return .region(region) }
        if let node = topology.nodeIndex(named: name) { return .node(node) }
        return nil
    }

    /// Every name a place can be given by, for did-you-mean hints: region names, aliases,
    /// AWS codes, then node names, in topology order.
    static func placeNames(in topology: Topology) -> [String] {
        var names: [String] = []
        for region in topology.regions {
            for name in [region.name, region.alias, region.code].compactMap({ $0 }) where !names.contains(name) {
                names.append(name)
            }
        }
        for node in topology.nodes where !names.contains(node.name) { names.append(node.name) }
        return names
    }

    /// Whether two targets share a replica (a region overlaps its own nodes).
    static func overlaps(_ a: Fault.Target, _ b: Fault.Target, in topology: Topology) -> Bool {
        switch (a, b) {
        case (.region(let x), .region(let y)): return x == y
        case (.node(let x), .node(let y)): return x == y
        case (.region(let r), .node(let n)), (.node(let n), .region(let r)): return topology.nodes[n].region == r
        }
    }

    /// How a target is written back to the user: its region or node name.
    static func name(of target: Fault.Target, in topology: Topology) -> String {
        switch target {
        case .region(let region): return topology.regions[region].name
        case .node(let node): return topology.nodes[node].name
        }
    }

    /// A window as parsed: start and optional end, ns.
    struct Window {
        var start: Nanoseconds
        var end: Nanoseconds?
    }

    /// The flag, its text and the topology, with the error and piece parsers.
    private struct Context {
        let flag: String
        let text: String
        let topology: Topology

        var expected: String {
            let syntax = FaultParser.syntax(of: flag)
            return "expected \(syntax.form), e.g. \(syntax.example)"
        }

        /// The text does not have the flag's shape at all.
        func malformed() -> UsageError {
            UsageError("Invalid \(flag) '\(text.excerpt())': \(expected).")
        }

        /// A specific problem; the hint repeats the expected form.
        func problem(_ what: String, hint: String? = nil) -> UsageError {
            let syntax = FaultParser.syntax(of: flag)
            return UsageError(
                "Invalid \(flag) '\(text.excerpt())': \(what).",
                hint: hint ?? "Expected \(syntax.form), e.g. \(flag) \(syntax.example)")
        }

        /// Splits `BODY@WINDOW`. Without `@`, `required` makes it an error; otherwise the
        /// window is the whole run. `bareStartIsOpen` accepts `@START` as `@START..`.
        func splitWindow(required: Bool, bareStartIsOpen: Bool = false) throws(UsageError) -> (String, Window) {
            let pieces = text.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count <= 2 else { throw problem("more than one '@'") }
            guard pieces.count == 2 else {
                if required { throw problem("missing '@' and the time window") }
                return (text, Window(start: 0, end: nil))
            }
            let windowText = pieces[1].trimmingSpaces
            guard !windowText.isEmpty else { throw problem("nothing after '@'; expected a time window START..END") }
            let bounds = windowText.split(separator: "..", omittingEmptySubsequences: false).map(String.init)
            if bounds.count == 1 {
                guard bareStartIsOpen else {
                    throw problem("time window '\(windowText)' has no end; write START..END, or START.. to last until the end of the run")
                }
                return (pieces[0], Window(start: try duration(windowText, what: "start"), end: nil))
            }
            guard bounds.count == 2 else { throw problem("time window '\(windowText)' is not START..END") }
            let start = try duration(bounds[0], what: "start")
            let endText = bounds[1].trimmingSpaces
            guard !endText.isEmpty else { return (pieces[0], Window(start: start, end: nil)) }
            let end = try duration(endText, what: "end")
            guard end > start else {
                throw problem("the end \(endText) must be after the start \(bounds[0].trimmingSpaces)")
            }
            return (pieces[0], Window(start: start, end: end))
        }

        /// A non-negative duration with a unit.
        func duration(_ piece: String, what: String) throws(UsageError) -> Nanoseconds {
            let trimmed = piece.trimmingSpaces
            guard !trimmed.isEmpty else { throw problem("the \(what) time is missing") }
            do {
                return try DurationText.parse(trimmed)
            } catch {
                throw problem("the \(what) time \(error.description)")
            }
        }

        /// A duration with an optional sign (`+5ms`, `-5ms`, `5ms`).
        func signedDuration(_ piece: String, what: String) throws(UsageError) -> Nanoseconds {
            if piece.hasPrefix("-") { return -(try duration(String(piece.dropFirst()), what: what)) }
            if piece.hasPrefix("+") { return try duration(String(piece.dropFirst()), what: what) }
            return try duration(piece, what: what)
        }

        /// One region or node.
        func place(_ piece: String) throws(UsageError) -> Fault.Target {
            let name = piece.trimmingSpaces
            guard !name.isEmpty else { throw problem("a region or node name is missing") }
            if let target = FaultParser.target(named: name, in: topology) { return target }
            throw unknown(name)
        }

        func unknown(_ name: String) -> UsageError {
            let close = Suggestion.closest(to: name, among: FaultParser.placeNames(in: topology))
            let known = FaultParser.placeNames(in: topology)
            var hint = close.map { "Did you mean '\($0)'?" } ?? "Known: \(known.prefix(12).joined(separator: ", "))\(known.count > 12 ? ", …" : "")."
            // A zone-qualified name on a topology without zones: say where zones come from.
            if name.contains("/"), !known.contains(where: { $0.contains("/") }) {
                hint =
                    "Known: \(known.prefix(12).joined(separator: ", "))\(known.count > 12 ? ", …" : ""). "
                    + "Node names such as us-east/a exist only with several replicas per region: --replicas-per-region 3 "
                    + "(zones a, b, c) or a topology file."
            }
            return problem("unknown region or node '\(name)'", hint: hint)
        }

        /// A comma list of regions and nodes, each listed once.
        func places(_ piece: String) throws(UsageError) -> [Fault.Target] {
            let names = piece.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            guard !names.allSatisfy(\.isEmpty) else { throw malformed() }
            var targets: [Fault.Target] = []
            for name in names {
                let target = try place(name)
                if targets.contains(target) { throw problem("'\(name)' is listed twice on one side") }
                targets.append(target)
            }
            return targets
        }

        /// Two sides must not share a replica.
        func requireDisjoint(_ a: [Fault.Target], _ b: [Fault.Target]) throws(UsageError) {
            for x in a {
                for y in b where FaultParser.overlaps(x, y, in: topology) {
                    let (one, other) = (FaultParser.name(of: x, in: topology), FaultParser.name(of: y, in: topology))
                    throw problem("'\(one)' and '\(other)' overlap; the two sides must not share a replica")
                }
            }
        }

        /// The node called `piece`, or a region that holds exactly one node.
        func node(_ piece: String) throws(UsageError) -> Int {
            let name = piece.trimmingSpaces
            guard !name.isEmpty else { throw problem("the node name is missing") }
            if let node = topology.nodeIndex(named: name) { return node }
            if let region = topology.regionIndex(named: name) {
                let members = topology.nodeIndices(inRegion: region)
                if members.count == 1 { return members[0] }
                let first = members.first.map { topology.nodes[$0].name } ?? name
                throw problem("'\(name)' is a region with \(members.count) nodes; name one node, e.g. \(first)")
            }
            throw unknown(name)
        }

        /// `A-B`, split at the one '-' where both sides name a region or node.
        func link(_ piece: String) throws(UsageError) -> (Fault.Target, Fault.Target) {
            // Every dash is a candidate split, each costing a look-up of both halves: cap
            // the length (two names and a dash) so a long text cannot take quadratic time.
            let longest = FaultParser.placeNames(in: topology).map(\.count).max() ?? 0
            guard piece.count <= 2 * longest + 16 else {
                throw problem(
                    "'\(piece.prefix(40))…' (\(piece.count) characters) is too long to be two region or node names A-B",
                    hint: "Write A-B with known names, e.g. \(flag) \(FaultParser.syntax(of: flag).example)")
            }
            var found: [(Fault.Target, Fault.Target, String, String)] = []
            var halfKnown: String?
            var index = piece.startIndex
            while let dash = piece[index...].firstIndex(of: "-") {
                let left = String(piece[..<dash]).trimmingSpaces
                let right = String(piece[piece.index(after: dash)...]).trimmingSpaces
                let a = FaultParser.target(named: left, in: topology)
                let b = FaultParser.target(named: right, in: topology)
                if let a, let b {
                    if !found.contains(where: { $0.0 == a && $0.1 == b }) { found.append((a, b, left, right)) }
                } else if halfKnown == nil, a != nil || b != nil {
                    let missing = a == nil ? left : right
                    if !missing.isEmpty, Suggestion.closest(to: missing, among: FaultParser.placeNames(in: topology)) != nil {
                        halfKnown = missing
                    }
                }
                index = piece.index(after: dash)
            }
            guard let first = found.first else {
                if let halfKnown { throw unknown(halfKnown) }
                throw problem(
                    "cannot split '\(piece)' into two known regions or nodes A-B",
                    hint: "Write A-B with known names, e.g. \(flag) \(FaultParser.syntax(of: flag).example)")
            }
            guard found.count == 1 else {
                let readings = found.map { "\($0.2) / \($0.3)" }.joined(separator: ", or ")
                throw problem("'\(piece)' is ambiguous: \(readings)")
            }
            guard !FaultParser.overlaps(first.0, first.1, in: topology) else {
                throw problem("'\(first.2)' and '\(first.3)' overlap; a slow link needs two different places")
            }
            return (first.0, first.1)
        }

        /// `xF`, `+D` or `xF+D` (either order): multiplier in [1, `Fault.maximumSlowdown`]
        /// and added delay (ns).
        func slowdown(_ spec: String) throws(UsageError) -> (Double, Nanoseconds) {
            var multiplier: Double?
            var added: Nanoseconds?
            var rest = Substring(spec)
            while let head = rest.first {
                let next = rest.dropFirst().firstIndex { $0 == "x" || $0 == "X" || $0 == "+" } ?? rest.endIndex
                let part = String(rest[rest.index(after: rest.startIndex)..<next])
                if head == "x" || head == "X" {
                    guard multiplier == nil else { throw problem("the multiplier is given twice in '\(spec)'") }
                    guard let value = FaultParser.plainNumber(part), value >= 1 else {
                        throw problem("multiplier 'x\(part)' must be a number of at least 1, e.g. x3 or x1.5")
                    }
                    guard value <= Fault.maximumSlowdown else {
                        throw problem(
                            "multiplier 'x\(part)' is too large: at most x\(Fault.maximumSlowdown.compactDescription) (a link that slow is as good as cut; use --partition or --one-way for that)"
                        )
                    }
                    multiplier = value
                } else if head == "+" {
                    guard added == nil else { throw problem("the added delay is given twice in '\(spec)'") }
                    added = try duration(part, what: "added delay")
                } else {
                    throw problem("slowdown '\(spec)' must be xF, +D or both, e.g. x3, +50ms or x2+30ms")
                }
                rest = rest[next...]
            }
            guard multiplier != nil || added != nil else {
                throw problem("slowdown '\(spec)' must be xF, +D or both, e.g. x3, +50ms or x2+30ms")
            }
            return (multiplier ?? 1, added ?? 0)
        }

        /// A probability in [0, 1].
        func probability(_ piece: String) throws(UsageError) -> Double {
            let trimmed = piece.trimmingSpaces
            guard let value = FaultParser.plainNumber(trimmed), (0...1).contains(value) else {
                throw problem("probability '\(trimmed)' must be a number between 0 and 1, e.g. 0.01")
            }
            return value
        }
    }
}
