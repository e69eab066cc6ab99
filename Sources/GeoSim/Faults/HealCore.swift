/// `geosim check --heal majority`: the liveness phase heals only what keeps a core of
/// nodes from working together (a majority of every range's voters), as TigerBeetle's
/// VOPR heals its core; faults that touch only the other nodes stay until the run ends,
/// and the liveness bound must hold all the same.
enum HealCore {
    /// The core of a run: nodes taken in an order drawn from `seed` until every range has
    /// a majority of its voters among them (on a primary, the first primary's node comes
    /// first; leaderless, the larger of R and W nodes), and never fewer than a majority of
    /// all nodes. Ascending node indices.
    static func choose(for scenario: Scenario, layout: RangeLayout, seed: UInt64) -> [Int] {
        let nodeCount = scenario.topology.nodes.count
        var order = Array(0..<nodeCount)
        var random = RandomStream(seed: seed, component: "heal-core")
        for index in order.indices.reversed() where index > 0 {
            order.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }
        let replication = scenario.replication
        var least = nodeCount / 2 + 1
        switch replication.mode {
        case .primaryAsync, .primarySync:
            let primary = scenario.topology.nodes.firstIndex { $0.region == scenario.leaderRegion } ?? 0
            order.removeAll { $0 == primary }
            order.insert(primary, at: 0)
        case .leaderless:
            least = min(nodeCount, max(least, replication.r, replication.w))
        case .raft:
            break
        }
        var core: [Int] = []
        for node in order {
            core.append(node)
            let voting = layout.ranges.allSatisfy { range in range.voters.filter(core.contains).count > range.voters.count / 2 }
            if core.count >= least && (replication.mode != .raft || voting) { break }
        }
        return core.sorted()
    }

    /// Whether `fault` touches the core (`core[node]`): a crash or clock fault of a core
    /// node, or a link fault on a link between two core nodes. `nodes` names a target's
    /// nodes.
    static func touches(_ fault: Fault, core: [Bool], nodes: (Fault.Target) -> [Int]) -> Bool {
        func inCore(_ targets: [Fault.Target]) -> Bool { targets.contains { nodes($0).contains { core[$0] } } }
        /// Whether the two sides (an empty second side: everything else) each hold a core node.
        func splits(_ sideA: [Fault.Target], _ sideB: [Fault.Target]) -> Bool {
            let first = Set(sideA.flatMap(nodes))
            let second = sideB.isEmpty ? Set(core.indices).subtracting(first) : Set(sideB.flatMap(nodes))
            return first.contains { core[$0] } && second.contains { core[$0] }
        }
        switch fault.kind {
        case .crash(let target): return inCore([target])
        case .clock(let node, _, _): return core[node]
        case .partition(let sideA, let sideB): return splits(sideA, sideB)
        case .oneWay(let from, let to): return splits(from, to)
        case .slow(let sideA, let sideB, _, _): return splits(sideA, sideB)
        case .loss(_, let sideA, let sideB), .duplicate(_, let sideA, let sideB):
            return sideA.isEmpty && sideB.isEmpty ? core.filter { $0 }.count > 1 : splits(sideA, sideB)
        }
    }
}
