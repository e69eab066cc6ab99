/// Shortest dependency cycles of a given shape inside one strongly connected component of
/// a `DependencyGraph`, by breadth-first search, within a budget of edge visits.
struct CycleSearch {
    typealias Step = (from: Int, edge: DependencyGraph.Edge)

    let graph: DependencyGraph
    /// Edge visits left for every search of this checker run.
    private(set) var budget: Int
    private var inComponent: [Bool]
    private var parent: [Step?]
    private var visited: [Bool]

    init(graph: DependencyGraph, budget: Int) {
        self.graph = graph
        self.budget = budget
        inComponent = Array(repeating: false, count: graph.edges.count)
        parent = Array(repeating: nil, count: graph.edges.count)
        visited = Array(repeating: false, count: graph.edges.count)
    }

    /// The most serious cycle of `component` that `isolation` forbids, in the order G0,
    /// G1c, G-single, then any cycle (serializable only); nil when it forbids none; an
    /// empty cycle when the budget ran out first.
    mutating func worstCycle(in component: [Int], forbiddenUnder isolation: IsolationLevel) -> [Step]? {
        for node in component { inComponent[node] = true }
        defer { for node in component { inComponent[node] = false } }
        if let cycle = shortestCycle(in: component, kinds: [.ww]) { return cycle }
        if let cycle = shortestCycle(in: component, kinds: [.ww, .wr]) { return cycle }
        if isolation.forbids(antiDependencies: 1), let cycle = singleAntiDependencyCycle(in: component) { return cycle }
        if isolation.forbids(antiDependencies: 2), let cycle = shortestCycle(in: component, kinds: [.ww, .wr, .rw]) { return cycle }
        return budget <= 0 ? [] : nil
    }

    /// A shortest cycle through some node of `component`, of any edges; nil when the
    /// budget ran out first.
    mutating func anyCycle(in component: [Int]) -> [Step]? {
        for node in component { inComponent[node] = true }
        defer { for node in component { inComponent[node] = false } }
        return shortestCycle(in: component, kinds: [.ww, .wr, .rw, .po])
    }

    /// A shortest cycle through some node of `component` using only `kinds` of edges.
    private mutating func shortestCycle(in component: [Int], kinds: Set<DependencyGraph.Kind>) -> [Step]? {
        for start in component {
            if let path = shortestPath(from: start, to: start, kinds: kinds) { return path }
            if budget <= 0 { return nil }
        }
        return nil
    }

    /// A cycle with exactly one rw edge: an rw edge a → b and a path b ⇝ a of ww and wr.
    private mutating func singleAntiDependencyCycle(in component: [Int]) -> [Step]? {
        for from in component {
            for edge in graph.edges[from] where edge.kind == .rw && inComponent[edge.to] {
                if let path = shortestPath(from: edge.to, to: from, kinds: [.ww, .wr]) { return [(from, edge)] + path }
                if budget <= 0 { return nil }
            }
        }
        return nil
    }

    /// The fewest edges of `kinds` from `start` to `goal` within the component (a cycle
    /// when they are the same node), or nil.
    private mutating func shortestPath(from start: Int, to goal: Int, kinds: Set<DependencyGraph.Kind>) -> [Step]? {
        var frontier = [start]
        var touched: [Int] = [start]
        visited[start] = true
        defer {
            for node in touched {
                visited[node] = false
                parent[node] = nil
            }
        }
        var head = 0
        while head < frontier.count, budget > 0 {
            let node = frontier[head]
            head += 1
            for edge in graph.edges[node] where kinds.contains(edge.kind) && inComponent[edge.to] {
                budget -= 1
                if edge.to == goal {
                    var path: [Step] = [(node, edge)]
                    var at = node
                    while at != start, let step = parent[at] {
                        path.append(step)
                        at = step.from
                    }
                    return path.reversed()
                }
                guard !visited[edge.to] else { continue }
                visited[edge.to] = true
                parent[edge.to] = (node, edge)
                touched.append(edge.to)
                frontier.append(edge.to)
            }
        }
        return nil
    }
}
