/// Checks a transaction history against an isolation level, in the style of Elle
/// (Kingsbury and Alvaro, 2020): it builds the history's dependency graph (ww, wr, rw
/// edges; `DependencyGraph`), searches each strongly connected component for a cycle the
/// level forbids, and names the anomaly with the cycle as evidence.
///
/// - G0 (write cycle): ww edges only. Forbidden at every level.
/// - G1a (aborted read), reads of versions nobody wrote, and G1c (a cycle of ww and wr
///   edges): forbidden at every level.
/// - G-single (one rw edge; a lost update when it is a read and a write of one key by two
///   transactions, else read skew): forbidden under snapshot isolation and serializable.
/// - G2-item (two or more rw edges; write skew when two transactions each read what the
///   other writes): forbidden under serializable only.
///
/// Not checked: snapshot isolation's G-nonadjacent (a cycle whose rw edges are never
/// adjacent), and real-time order (strict serializability).
public enum SerializabilityChecker {
    /// The anomalies of `history` under `isolation`, one per strongly connected component
    /// (the worst found), plus each aborted or phantom read. `stepBudget` bounds the
    /// cycle searches (edge visits) so a huge component cannot stall a check; a
    /// component whose search runs out is reported as a cycle of unknown kind.
    public static func check(_ history: TransactionHistory, isolation: IsolationLevel, stepBudget: Int = 20_000_000) -> [Violation] {
        let graph = DependencyGraph(history)
        var found = ViolationList()
        let name = { (node: Int) in "T\(history.transactions[node].id)" }
        for read in graph.abortedReads {
            found.add(
                Violation(
                    .serializability,
                    "aborted read (G1a): \(name(read.reader)) read key \(read.key) as written by \(name(read.writer)), which aborted"))
        }
        for read in graph.phantomReads {
            found.add(
                Violation(.serializability, "\(name(read.reader)) read key \(read.key) at version \(read.version), which no transaction wrote"))
        }
        var search = CycleSearch(graph: graph, budget: stepBudget)
        for component in graph.cyclicComponents() {
            guard let cycle = search.worstCycle(in: component, forbiddenUnder: isolation) else { continue }
            let evidence = cycle.isEmpty ? "transactions \(component.prefix(8).map(name).joined(separator: ", "))" : describe(cycle, name: name)
            found.add(
                Violation(.serializability, "\(anomalyName(cycle)) under \(isolation.rawValue): \(evidence)"))
        }
        return found.violations
    }

    /// The anomaly a cycle shows (an empty cycle: the search ran out of budget).
    static func anomalyName(_ cycle: [(from: Int, edge: DependencyGraph.Edge)]) -> String {
        guard !cycle.isEmpty else { return "a dependency cycle (not classified: search budget spent)" }
        let rw = cycle.filter { $0.edge.kind == .rw }
        if rw.isEmpty {
            return cycle.allSatisfy { $0.edge.kind == .ww } ? "write cycle (G0)" : "circular information flow (G1c)"
        }
        if rw.count == 1 {
            let other = cycle.first { $0.edge.kind != .rw }
            let lostUpdate = cycle.count == 2 && other?.edge.kind == .ww && other?.edge.key == rw[0].edge.key
            return lostUpdate ? "lost update (G-single)" : "read skew (G-single)"
        }
        return cycle.count == 2 && rw.count == 2 ? "write skew (G2-item)" : "anti-dependency cycle (G2-item)"
    }

    /// "T3 -rw(key 5)-> T7 -ww(key 5)-> T3".
    static func describe(_ cycle: [(from: Int, edge: DependencyGraph.Edge)], name: (Int) -> String) -> String {
        var text = name(cycle[0].from)
        for step in cycle { text += " -\(step.edge.kind.rawValue)(key \(step.edge.key))-> \(name(step.edge.to))" }
        return text
    }
}
