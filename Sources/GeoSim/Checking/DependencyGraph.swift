/// The direct serialization graph of a transaction history (Adya): one node per
/// transaction that committed, an edge per dependency, labelled with its kind and key.
///
/// - ww: T1 wrote a version of a key and T2 wrote the next one.
/// - wr: T2 read a version T1 wrote.
/// - rw (anti-dependency): T1 read a version of a key and T2 wrote the next one.
///
/// Transactions whose outcome is unknown join the graph when a committed transaction
/// read what they wrote (so they did commit); the others are left out. Reads of aborted
/// transactions' versions (G1a) and of versions nobody wrote are collected, not drawn.
struct DependencyGraph {
    enum Kind: String, Sendable {
        case ww, wr, rw
        /// Process order: one client's operation completed before its next was invoked
        /// (drawn by `SequentialConsistencyChecker` only).
        case po
    }

    struct Edge: Sendable, Equatable {
        var to: Int
        var kind: Kind
        var key: Int
    }

    /// Per node (an index into `history.transactions`), its outgoing edges; empty for
    /// transactions that are not in the graph.
    private(set) var edges: [[Edge]]
    /// Whether each transaction is in the graph (committed, or unknown but observed).
    private(set) var included: [Bool]
    /// Reads that returned an aborted transaction's write: (reader, writer, key).
    private(set) var abortedReads: [(reader: Int, writer: Int, key: Int)] = []
    /// Reads that returned a version no transaction in the history wrote.
    private(set) var phantomReads: [(reader: Int, key: Int, version: Int64)] = []

    private struct VersionID: Hashable {
        var key: Int
        var version: Int64
    }

    /// A graph of `nodes` nodes with the given outgoing edges, every node included.
    init(edges: [[Edge]]) {
        self.edges = edges
        included = Array(repeating: true, count: edges.count)
    }

    init(_ history: TransactionHistory) {
        let transactions = history.transactions
        edges = Array(repeating: [], count: transactions.count)
        included = transactions.map { $0.outcome == .committed }
        var writer: [VersionID: Int] = [:]
        for (index, transaction) in transactions.enumerated() {
            for write in transaction.writes { writer[VersionID(key: write.key, version: write.version)] = index }
        }
        // An unknown transaction that a committed one read from committed.
        for transaction in transactions where transaction.outcome == .committed {
            for read in transaction.reads where read.version != 0 {
                if let source = writer[VersionID(key: read.key, version: read.version)], transactions[source].outcome == .unknown {
                    included[source] = true
                }
            }
        }
        let order = Self.versionOrder(transactions, included: included)
        addWriteEdges(order)
        addReadEdges(transactions, writer: writer, order: order)
    }

    /// Per key, its versions in MVCC order with their writers (included ones only), as
    /// an array sorted by key, then version: deterministic, never a dictionary walk.
    private static func versionOrder(_ transactions: [TransactionHistory.Transaction], included: [Bool]) -> [Int: [(version: Int64, writer: Int)]] {
        var order: [Int: [(version: Int64, writer: Int)]] = [:]
        for (index, transaction) in transactions.enumerated() where included[index] {
            for write in transaction.writes { order[write.key, default: []].append((write.version, index)) }
        }
        for key in order.keys.sorted() { order[key]?.sort { $0.version < $1.version } }
        return order
    }

    private mutating func addWriteEdges(_ order: [Int: [(version: Int64, writer: Int)]]) {
        for key in order.keys.sorted() {
            guard let versions = order[key] else { continue }
            for slot in versions.indices.dropFirst() where versions[slot - 1].writer != versions[slot].writer {
                edges[versions[slot - 1].writer].append(Edge(to: versions[slot].writer, kind: .ww, key: key))
            }
        }
    }

    private mutating func addReadEdges(
        _ transactions: [TransactionHistory.Transaction], writer: [VersionID: Int], order: [Int: [(version: Int64, writer: Int)]]
    ) {
        for (reader, transaction) in transactions.enumerated() where included[reader] {
            for read in transaction.reads {
                if read.version != 0 {
                    guard let source = writer[VersionID(key: read.key, version: read.version)] else {
                        phantomReads.append((reader, read.key, read.version))
                        continue
                    }
                    if transactions[source].outcome == .aborted {
                        abortedReads.append((reader, source, read.key))
                        continue
                    }
                    if source != reader { edges[source].append(Edge(to: reader, kind: .wr, key: read.key)) }
                }
                // The anti-dependency: whoever wrote the version after the one read.
                let versions = order[read.key] ?? []
                if let next = versions.first(where: { $0.version > read.version }), next.writer != reader {
                    edges[reader].append(Edge(to: next.writer, kind: .rw, key: read.key))
                }
            }
        }
    }

    /// The strongly connected components with two or more nodes (every dependency cycle
    /// lies inside one), each sorted, in order of their smallest node. Iterative Tarjan.
    func cyclicComponents() -> [[Int]] {
        var index = Array(repeating: -1, count: edges.count)
        var low = Array(repeating: 0, count: edges.count)
        var onStack = Array(repeating: false, count: edges.count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        for root in edges.indices where included[root] && index[root] < 0 {
            var frames: [(node: Int, next: Int)] = [(root, 0)]
            index[root] = counter
            low[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let frame = frames.last {
                let node = frame.node
                if frame.next < edges[node].count {
                    frames[frames.count - 1].next += 1
                    let to = edges[node][frame.next].to
                    if index[to] < 0 {
                        index[to] = counter
                        low[to] = counter
                        counter += 1
                        stack.append(to)
                        onStack[to] = true
                        frames.append((to, 0))
                    } else if onStack[to] {
                        low[node] = min(low[node], index[to])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last { low[parent.node] = min(low[parent.node], low[node]) }
                guard low[node] == index[node] else { continue }
                var component: [Int] = []
                while let top = stack.popLast() {
                    onStack[top] = false
                    component.append(top)
                    if top == node { break }
                }
                if component.count > 1 { components.append(component.sorted()) }
            }
        }
        return components.sorted { $0[0] < $1[0] }
    }
}
