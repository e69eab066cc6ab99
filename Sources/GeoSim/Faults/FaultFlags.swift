/// Writes a fault back as the command-line flag that makes it (`FaultParser`'s syntax),
/// so a shrunk fault schedule can be replayed by pasting it.
public enum FaultFlags {
    /// The flag and its value for `fault`, or nil when no shorthand expresses it (a loss
    /// or duplication confined to some links).
    public static func flag(for fault: Fault, in topology: Topology) -> (flag: String, value: String)? {
        func names(_ targets: [Fault.Target]) -> String {
            targets.map { FaultParser.name(of: $0, in: topology) }.joined(separator: ",")
        }
        let window = "@" + time(fault.start) + ".." + (fault.end.map(time) ?? "")
        switch fault.kind {
        case .partition(let sideA, let sideB):
            if sideB.isEmpty, sideA.count == 1 { return ("--isolate", names(sideA) + window) }
            let other = sideB.isEmpty ? complement(of: sideA, in: topology) : sideB
            guard !other.isEmpty else { return nil }
            return ("--partition", names(sideA) + "|" + names(other) + window)
        case .oneWay(let from, let to):
            return ("--one-way", names(from) + "->" + names(to) + window)
        case .crash(let target):
            return ("--crash", names([target]) + "@" + time(fault.start) + (fault.end.map { ".." + time($0) } ?? ""))
        case .slow(let sideA, let sideB, let multiplier, let addedDelay):
            guard sideA.count == 1, sideB.count == 1 else { return nil }
            var slowdown = multiplier != 1 ? "x" + multiplier.compactDescription : ""
            if addedDelay > 0 { slowdown += "+" + time(addedDelay) }
            if slowdown.isEmpty { slowdown = "x1" }
            return ("--slow", names(sideA) + "~" + names(sideB) + ":" + slowdown + window)
        case .loss(let probability, let sideA, let sideB):
            guard sideA.isEmpty, sideB.isEmpty else { return nil }
            return ("--loss", probability.compactDescription + window)
        case .duplicate(let probability, let sideA, let sideB):
            guard sideA.isEmpty, sideB.isEmpty else { return nil }
            return ("--duplicate", probability.compactDescription + window)
        case .clock(let node, let offset, let drift):
            var value = topology.nodes[node].name + "=" + (offset < 0 ? "-" : "+") + time(offset == .min ? .max : abs(offset))
            if drift != 0 { value += ",drift=" + drift.compactDescription }
            return ("--clock-skew", value + window)
        }
    }

    /// The faults as shell words (`--isolate 'us-east@10s..12s' …`), quoted where a shell
    /// would otherwise read them; faults no flag expresses are given by their labels in a
    /// trailing comment.
    public static func commandLine(_ faults: [Fault], in topology: Topology) -> String {
        var words: [String] = []
        var inexpressible: [String] = []
        for fault in faults {
            if let (flag, value) = flag(for: fault, in: topology) {
                words.append(flag + " " + shellQuoted(value))
            } else {
                inexpressible.append(fault.label)
            }
        }
        var text = words.joined(separator: " ")
        if !inexpressible.isEmpty { text += (text.isEmpty ? "" : " ") + "# and: " + inexpressible.joined(separator: "; ") }
        return text
    }

    /// A duration as the parser reads it: whole seconds, else whole milliseconds, else
    /// nanoseconds.
    static func time(_ value: Nanoseconds) -> String {
        if value % .second == 0 { return "\(value / .second)s" }
        if value % .millisecond == 0 { return "\(value / .millisecond)ms" }
        return "\(value)ns"
    }

    /// The regions not in `side` (or, when `side` names nodes, the other nodes).
    static func complement(of side: [Fault.Target], in topology: Topology) -> [Fault.Target] {
        if side.allSatisfy({ if case .region = $0 { true } else { false } }) {
            return topology.regions.indices.map { Fault.Target.region($0) }.filter { !side.contains($0) }
        }
        return topology.nodes.indices.map { Fault.Target.node($0) }.filter { !side.contains($0) }
    }

    /// `text` as one shell word: unchanged when it holds only safe characters, else in
    /// single quotes.
    public static func shellQuoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@+".contains($0) }
        if safe && !text.isEmpty { return text }
        return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
