/// Checks sequential consistency (Lamport, 1979) of a key-value history: one total order
/// of every operation, legal for registers, that keeps each client's own order. Unlike
/// linearizability it ignores real time between clients (a read may miss a write another
/// client finished long before), and unlike it, it is not local: keys are judged together,
/// since one client's order spans keys.
///
/// A recorded run knows each key's version order (values order versions, last writer
/// wins), so the check is a graph search, as Elle does with a known version order: the
/// history is sequentially consistent under that order if and only if the graph of these
/// edges has no cycle (a topological order is then a legal serial order):
/// - po: a client's operation completed before its next one was invoked (operations of
///   one client that overlap, or that never completed, are unordered);
/// - ww: a key's consecutive versions; wr: a version's write, then each read of it;
/// - rw: a read, then the write of the version after the one it returned.
///
/// Judged are the operations linearizability judges (writes, and strong reads) that
/// carry information: acknowledged writes, unknown ones some read returned, acknowledged
/// reads. A key's operations from its first rollback on (a primary's promotion replaced
/// versions: value order no longer holds) are left out.
public enum SequentialConsistencyChecker {
    /// The violations of `history`'s judged operations, one per cyclic component (its
    /// shortest cycle found), plus each read of a value no write produced. `stepBudget`
    /// bounds the cycle searches (edge visits).
    public static func check(_ history: RunHistory, stepBudget: Int = 20_000_000) -> [Violation] {
        let judged = judgedOperations(history)
        var found = ViolationList()
        let graph = graph(judged) { read in
            found.add(Violation(.sequentialConsistency, "\(HistoryText.line(read)) returned a value no write in the history produced."))
        }
        var search = CycleSearch(graph: graph, budget: stepBudget)
        for component in graph.cyclicComponents() {
            guard let cycle = search.anyCycle(in: component) else {
                let some = component.prefix(4).map { HistoryText.line(judged[$0]) }.joined(separator: "; ")
                found.add(Violation(.sequentialConsistency, "a cycle among \(component.count) operations (search budget spent): \(some)"))
                continue
            }
            found.add(Violation(.sequentialConsistency, describe(cycle, judged)))
        }
        return found.violations
    }

    /// The operations of the first cycle found, in cycle order, and the key of its first
    /// edge that is not process order; nil when there is none (within `stepBudget`).
    static func firstCycle(_ history: RunHistory, stepBudget: Int = 20_000_000) -> (operations: [HistoryOperation], key: Int)? {
        let judged = judgedOperations(history)
        let graph = graph(judged) { _ in }
        var search = CycleSearch(graph: graph, budget: stepBudget)
        guard let component = graph.cyclicComponents().first, let cycle = search.anyCycle(in: component), let start = cycle.first else { return nil }
        let key = cycle.first { $0.edge.kind != .po }?.edge.key ?? judged[start.from].key
        return ([judged[start.from]] + cycle.dropLast().map { judged[$0.edge.to] }, key)
    }

    /// The operations that constrain the order, in recorded order.
    static func judgedOperations(_ history: RunHistory) -> [HistoryOperation] {
        var readValues = Set<KeyValue>()
        for operation in history.operations where operation.kind == .read && operation.outcome == .ok {
            readValues.insert(KeyValue(key: operation.key, value: operation.value))
        }
        return history.operations.filter { operation in
            if let rollback = history.rolledBack[operation.key], operation.invoked >= rollback { return false }
            switch (operation.kind, operation.outcome) {
            case (_, .failed), (.read, .unknown): return false
            case (.write, .unknown): return readValues.contains(KeyValue(key: operation.key, value: operation.value))
            case (.read, .ok): return operation.mode == .strong
            case (.write, .ok): return true
            }
        }
    }

    private struct KeyValue: Hashable {
        var key: Int
        var value: Int64
    }

    /// The po, ww, wr and rw edges among `operations`; `phantom` hears of each read whose
    /// value no write produced.
    static func graph(_ operations: [HistoryOperation], phantom: (HistoryOperation) -> Void) -> DependencyGraph {
        var edges = [[DependencyGraph.Edge]](repeating: [], count: operations.count)
        addProcessOrder(operations, to: &edges)
        var writer: [KeyValue: Int] = [:]
        var versions: [Int: [Int]] = [:]
        for (index, operation) in operations.enumerated() where operation.kind == .write {
            writer[KeyValue(key: operation.key, value: operation.value)] = index
            versions[operation.key, default: []].append(index)
        }
        for key in versions.keys.sorted() {
            guard var order = versions[key] else { continue }
            order.sort { (operations[$0].value, $0) < (operations[$1].value, $1) }
            versions[key] = order
            for slot in order.indices.dropFirst() {
                edges[order[slot - 1]].append(.init(to: order[slot], kind: .ww, key: key))
            }
        }
        for (index, read) in operations.enumerated() where read.kind == .read {
            if read.value != 0 {
                guard let source = writer[KeyValue(key: read.key, value: read.value)] else {
                    phantom(read)
                    continue
                }
                edges[source].append(.init(to: index, kind: .wr, key: read.key))
            }
            let order = versions[read.key] ?? []
            let next = SortedSearch.firstIndex(in: order.count) { operations[order[$0]].value > read.value }
            if next < order.count { edges[index].append(.init(to: order[next], kind: .rw, key: read.key)) }
        }
        return DependencyGraph(edges: edges)
    }

    /// Each client's order: an edge from an operation to each later one of the client
    /// invoked after it completed, stopping at the first that an earlier target already
    /// precedes (reachable through it, so the edge would add nothing).
    private static func addProcessOrder(_ operations: [HistoryOperation], to edges: inout [[DependencyGraph.Edge]]) {
        var byClient: [Int: [Int]] = [:]
        for index in operations.indices { byClient[operations[index].client, default: []].append(index) }
        for client in byClient.keys.sorted() {
            guard var mine = byClient[client] else { continue }
            mine.sort { (operations[$0].invoked, $0) < (operations[$1].invoked, $1) }
            for (position, from) in mine.enumerated() {
                guard let completed = operations[from].completed else { continue }
                let start = SortedSearch.firstIndex(in: mine.count) { operations[mine[$0]].invoked > completed }
                var earliestTargetEnd = Nanoseconds.max
                for to in mine[max(start, position + 1)...] {
                    if operations[to].invoked > earliestTargetEnd { break }
                    edges[from].append(.init(to: to, kind: .po, key: operations[to].key))
                    if let end = operations[to].completed { earliestTargetEnd = min(earliestTargetEnd, end) }
                }
            }
        }
    }

    /// "client 1 write k=3 v=5 … -po-> client 1 read k=3 v=0 … -rw(key 3)-> …", one
    /// operation per line.
    static func describe(_ cycle: [CycleSearch.Step], _ operations: [HistoryOperation]) -> String {
        var text = "no order keeps every client's order and every read's value; a cycle:\n    \(HistoryText.line(operations[cycle[0].from]))"
        for step in cycle {
            let label = step.edge.kind == .po ? "po (same client)" : "\(step.edge.kind.rawValue) (key \(step.edge.key))"
            text += "\n      -\(label)-> \(HistoryText.line(operations[step.edge.to]))"
        }
        return text
    }
}
