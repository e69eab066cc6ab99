/// `--chaos`: a random fault schedule derived from the run's seed.
///
/// Faults arrive as a Poisson process at `faultsPerMinute` over [0, duration); each gets a
/// kind drawn by weight, random targets, and an exponential duration with mean
/// `meanDuration`, rounded down to whole milliseconds, at least 1 s and cut at the end of
/// the run. Start times are rounded down to whole milliseconds. Regions are the units of
/// isolation, partitions, one-way cuts and slow links; in a single-region topology the
/// nodes are. Nothing keeps a quorum alive: breaking it is the point.
///
/// Slowdowns do not stack: a slow link drawn while an earlier chaos slowdown of the same
/// link (either direction) is still in force adds no fault. Overlapping slowdowns
/// multiply (`Network`), and at a high `faultsPerMinute` dozens of ×2…×10 would make a
/// link 10^20 times slower: its messages would land centuries later and, links being
/// FIFO, hold up every message after them.
///
/// Every draw comes from `RandomStream(seed: seed, component: "chaos")`, in a fixed order
/// (gap, kind, duration, then the kind's targets), so the same settings, topology,
/// duration and seed give the same faults on every machine. The result is in start order
/// (arrivals never go back in time); faults starting in the same millisecond keep their
/// generation order.
public enum ChaosGenerator {
    /// The most arrivals one schedule draws (so the most faults it holds); later arrivals
    /// are dropped.
    public static let maximumFaults = 100_000
    /// The shortest fault, ns (1 s), unless the run ends sooner.
    public static let minimumDuration: Nanoseconds = 1 * .second
    /// The flags `parseSettings` reads, in help order.
    public static let flags = ["--chaos-rate", "--chaos-duration", "--chaos-kinds"]

    /// The random schedule for a run of `duration` ns (empty when `duration` ≤ 0, the
    /// settings are invalid, or no enabled kind fits the topology: all but `crash` need
    /// two regions, or two nodes in a single-region topology).
    public static func faults(
        settings: ChaosSettings, topology: Topology, duration: Nanoseconds,
        seed: UInt64
    ) -> [Fault] {
        guard duration > 0, settings.faultsPerMinute > 0, settings.faultsPerMinute.isFinite,
            settings.meanDuration > 0
        else { return [] }
        let units: [Fault.Target] =
            topology.regions.count >= 2
            ? topology.regions.indices.map { .region($0) }
            : (topology.nodes.count >= 2 ? topology.nodes.indices.map { .node($0) } : [])
        let available = settings.kinds.filter { entry in
            entry.weight > 0 && entry.weight.isFinite
                && (entry.kind == .crash ? !topology.nodes.isEmpty : units.count >= 2)
        }
        let totalWeight = available.reduce(0) { $0 + $1.weight }
        guard !available.isEmpty, totalWeight.isFinite else { return [] }

        var random = RandomStream(seed: seed, component: "chaos")
        let meanGap = 60e9 / settings.faultsPerMinute
        let runEnd = Double(duration)
        var time = 0.0
        var faults: [Fault] = []
        // Per unordered pair of units: when the latest chaos slowdown of that link ends.
        var slowUntil: [Int: Nanoseconds] = [:]
        for _ in 0..<maximumFaults {
            time += random.nextExponential(mean: meanGap)
            guard time < runEnd else { break }
            let start = Nanoseconds(time) / .millisecond * .millisecond
            let kind = pick(available, totalWeight: totalWeight, random: &random)
            let drawn = min(random.nextExponential(mean: Double(settings.meanDuration)), 1e18)
            let length = max(Nanoseconds(drawn) / .millisecond * .millisecond, minimumDuration)
            let end = duration - start <= length ? duration : start + length
            let (faultKind, what) = draw(kind, units: units, topology: topology, random: &random)
            if case .slow(let a, let b, _, _) = faultKind, let first = units.firstIndex(of: a[0]), let second = units.firstIndex(of: b[0]) {
                let link = min(first, second) * units.count + max(first, second)
                if let until = slowUntil[link], until > start { continue }
                slowUntil[link] = end
            }
            let label = "chaos: \(what) at \(DurationText.format(start)) for \(DurationText.format(end - start))"
            faults.append(Fault(kind: faultKind, start: start, end: end, label: label))
        }
        return faults
    }

    /// A uniform integer in 0..<n (n ≥ 1), by multiply-shift: stable across Swift versions,
    /// unlike the standard library's `random(in:using:)`, whose algorithm is not promised.
    static func uniform(_ n: Int, random: inout RandomStream) -> Int {
        Int(random.next().multipliedFullWidth(by: UInt64(n)).high)
    }

    static func pick(
        _ kinds: [ChaosSettings.WeightedKind], totalWeight: Double,
        random: inout RandomStream
    ) -> ChaosSettings.Kind {
        var remaining = random.nextUnit() * totalWeight
        for entry in kinds {
            if remaining < entry.weight { return entry.kind }
            remaining -= entry.weight
        }
        return kinds[kinds.count - 1].kind
    }

    /// The fault of `kind` on random targets, and how it reads in the label.
    static func draw(
        _ kind: ChaosSettings.Kind, units: [Fault.Target], topology: Topology,
        random: inout RandomStream
    ) -> (Fault.Kind, String) {
        func names(_ targets: [Fault.Target]) -> String {
            targets.map { FaultParser.name(of: $0, in: topology) }.joined(separator: ",")
        }
        switch kind {
        case .isolate:
            let unit = units[uniform(units.count, random: &random)]
            return (.partition(sideA: [unit], sideB: []), "isolate \(names([unit]))")
        case .crash:
            let node = Fault.Target.node(uniform(topology.nodes.count, random: &random))
            return (.crash(node), "crash \(names([node]))")
        case .partition:
            let (a, b) = split(units, random: &random)
            return (.partition(sideA: a, sideB: b), "partition \(names(a)) | \(names(b))")
        case .oneWay:
            let (from, to) = split(units, random: &random)
            return (.oneWay(from: from, to: to), "one-way \(names(from)) -> \(names(to))")
        case .slow:
            let first = uniform(units.count, random: &random)
            var second = uniform(units.count - 1, random: &random)
            if second >= first { second += 1 }
            let multiplier = Double(20 + uniform(81, random: &random)) / 10
            let pair = [units[first], units[second]]
            return (
                .slow(sideA: [pair[0]], sideB: [pair[1]], multiplier: multiplier, addedDelay: 0),
                "slow \(names([pair[0]]))-\(names([pair[1]])) x\(multiplier.compactDescription)"
            )
        case .loss:
            let probability = Double(5 + uniform(46, random: &random)) / 100
            return (.loss(probability: probability, sideA: [], sideB: []), "loss \(probability.compactDescription)")
        }
    }

    /// A random split of `units` (≥ 2) into two non-empty sides, each in topology order.
    static func split(_ units: [Fault.Target], random: inout RandomStream) -> ([Fault.Target], [Fault.Target]) {
        var order = Array(units.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, uniform(i + 1, random: &random))
        }
        let cut = 1 + uniform(order.count - 1, random: &random)
        return (order[..<cut].sorted().map { units[$0] }, order[cut...].sorted().map { units[$0] })
    }

    /// Settings from the chaos flags, each optional, on top of `base`:
    /// `--chaos-rate R` (faults per simulated minute, a number > 0),
    /// `--chaos-duration D` (mean fault duration with a unit, > 0) and
    /// `--chaos-kinds LIST` (comma list of `isolate`, `crash`, `partition`, `one-way`,
    /// `slow`, `loss`, each optionally `:WEIGHT`; unlisted kinds are disabled).
    public static func parseSettings(
        rate: String? = nil, meanDuration: String? = nil, kinds: String? = nil,
        base: ChaosSettings = ChaosSettings()
    ) throws(UsageError) -> ChaosSettings {
        var settings = base
        if let rate {
            let text = rate
            guard let value = FaultParser.plainNumber(text), value > 0 else {
                throw UsageError("Invalid --chaos-rate '\(rate)': expected a number of faults per simulated minute greater than 0, e.g. 2.")
            }
            settings.faultsPerMinute = value
        }
        if let meanDuration {
            let value: Nanoseconds
            do {
                value = try DurationText.parse(meanDuration)
            } catch {
                throw UsageError("Invalid --chaos-duration '\(meanDuration)': \(error.description).")
            }
            guard value > 0 else {
                throw UsageError("Invalid --chaos-duration '\(meanDuration)': expected a mean fault duration greater than zero, e.g. 10s.")
            }
            settings.meanDuration = value
        }
        if let kinds {
            settings.kinds = try parseKinds(kinds)
        }
        return settings
    }

    static func parseKinds(_ text: String) throws(UsageError) -> [ChaosSettings.WeightedKind] {
        let names = ChaosSettings.Kind.allCases.map(\.rawValue)
        var result: [ChaosSettings.WeightedKind] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmingSpaces }) {
            let parts = item.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let name = parts[0].trimmingSpaces.lowercased()
            guard let kind = ChaosSettings.Kind(rawValue: name) else {
                let hint =
                    Suggestion.closest(to: name, among: names).map { "Did you mean '\($0)'?" }
                    ?? "Kinds are \(names.joined(separator: ", "))."
                throw UsageError("Invalid --chaos-kinds '\(text)': unknown kind '\(item)'.", hint: hint)
            }
            guard !result.contains(where: { $0.kind == kind }) else {
                throw UsageError("Invalid --chaos-kinds '\(text)': '\(name)' is listed twice.")
            }
            var weight = 1.0
            if parts.count == 2 {
                guard let value = FaultParser.plainNumber(parts[1].trimmingSpaces), value > 0 else {
                    throw UsageError("Invalid --chaos-kinds '\(text)': weight '\(parts[1])' must be a number greater than 0, e.g. crash:2.")
                }
                weight = value
            }
            result.append(ChaosSettings.WeightedKind(kind, weight: weight))
        }
        return result
    }
}
