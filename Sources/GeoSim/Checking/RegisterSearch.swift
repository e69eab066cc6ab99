/// The linearizability search for one key's register operations: Wing & Gong's search
/// with Lowe's just-in-time linearization and memoization of (linearized set, value)
/// states.
///
/// The operations are kept as a doubly linked list of call and return events in time
/// order. The search walks the list: at a call it tries to linearize that operation next
/// (a write always can; a read only if it returns the register's current value), and if
/// the resulting state is new it removes the operation's call and return from the list
/// and starts again at the front; at the return of an operation not yet linearized it
/// backtracks, because that operation must take effect before anything invoked later.
/// An unknown write returns at +infinity and its return event is transparent to the
/// walk: it may take effect at any point after its invocation, or never. Reaching the
/// end of the list means every required operation is linearized.
///
/// Two prunings keep it fast on hot keys: a state is abandoned as soon as an
/// unlinearized read returns a value that is neither current nor written by any
/// unlinearized write; and backtracking undoes greedily linearized reads without trying
/// alternatives to them (a read that fits the current value is never wrong to take now).
struct RegisterSearch {
    /// The search's answer.
    enum Verdict: Equatable {
        case linearizable
        case violation
        /// The step budget ran out before the search finished.
        case outOfBudget
    }

    /// A memoized search state: which operations are linearized, and the register value.
    private struct State: Hashable {
        var linearized: [UInt64]
        var value: Int64
    }

    private let operations: [HistoryOperation]
    /// Per entry (0 = head sentinel, last = tail sentinel): the operation index.
    private var entryOperation: [Int32]
    private var entryIsCall: [Bool]
    /// Per entry: whether it is the return of an optional (unknown) write.
    private var entryTransparent: [Bool]
    /// Per call entry: its return entry (and the reverse).
    private var match: [Int32]
    private var next: [Int32]
    private var previous: [Int32]
    /// Per operation: its value as a dense index (equal values, equal index).
    private var valueIndex: [Int32]
    /// Per value index: how many unlinearized reads return it / writes write it.
    private var pendingReads: [Int32]
    private var pendingWrites: [Int32]
    /// How many values some unlinearized read returns but no unlinearized write writes.
    /// Only the current value may be such an orphan: any other can never be read again.
    private var orphans = 0

    /// `operations` are one key's operations that carry information: no failed
    /// operations and no unknown reads.
    init(_ operations: [HistoryOperation]) {
        self.operations = operations
        let count = operations.count
        // (time, 0 = call / 1 = return, operation): calls before returns at equal times,
        // so an operation completing at t and another invoked at t count as concurrent.
        var events: [(time: Int64, isReturn: Int, operation: Int)] = []
        events.reserveCapacity(2 * count)
        for (index, operation) in operations.enumerated() {
            events.append((operation.invoked, 0, index))
            let end = operation.completed.map { max($0, operation.invoked) } ?? Int64.max
            events.append((end, 1, index))
        }
        events.sort { ($0.time, $0.isReturn, $0.operation) < ($1.time, $1.isReturn, $1.operation) }
        let entries = 2 * count + 2
        entryOperation = [Int32](repeating: -1, count: entries)
        entryIsCall = [Bool](repeating: false, count: entries)
        entryTransparent = [Bool](repeating: false, count: entries)
        match = [Int32](repeating: -1, count: entries)
        next = (0..<entries).map { Int32($0 + 1) }
        previous = (0..<entries).map { Int32($0 - 1) }
        var indices: [Int64: Int32] = [:]
        valueIndex = operations.map { operation in
            if let known = indices[operation.value] { return known }
            let fresh = Int32(indices.count)
            indices[operation.value] = fresh
            return fresh
        }
        pendingReads = [Int32](repeating: 0, count: indices.count)
        pendingWrites = [Int32](repeating: 0, count: indices.count)
        for (index, operation) in operations.enumerated() {
            if operation.kind == .read { pendingReads[Int(valueIndex[index])] += 1 } else { pendingWrites[Int(valueIndex[index])] += 1 }
        }
        for slot in pendingReads.indices where pendingReads[slot] > 0 && pendingWrites[slot] == 0 { orphans += 1 }
        var callEntry = [Int32](repeating: -1, count: count)
        for (position, event) in events.enumerated() {
            let entry = position + 1
            entryOperation[entry] = Int32(event.operation)
            if event.isReturn == 0 {
                entryIsCall[entry] = true
                callEntry[event.operation] = Int32(entry)
            } else {
                let call = Int(callEntry[event.operation])
                match[call] = Int32(entry)
                match[entry] = Int32(call)
                let operation = operations[event.operation]
                entryTransparent[entry] = operation.outcome == .unknown && operation.kind == .write
            }
        }
    }

    /// Removes a call entry and its return from the list.
    private mutating func lift(_ entry: Int) {
        let ret = Int(match[entry])
        next[Int(previous[entry])] = next[entry]
        previous[Int(next[entry])] = previous[entry]
        next[Int(previous[ret])] = next[ret]
        previous[Int(next[ret])] = previous[ret]
    }

    /// Puts back what `lift(entry)` removed, in reverse order.
    private mutating func unlift(_ entry: Int) {
        let ret = Int(match[entry])
        next[Int(previous[ret])] = Int32(ret)
        previous[Int(next[ret])] = Int32(ret)
        next[Int(previous[entry])] = Int32(entry)
        previous[Int(next[entry])] = Int32(entry)
    }

    /// Counts operation `index` as linearized (`applied`) or not in the pending tallies.
    @inline(__always)
    private mutating func tally(_ index: Int, applied: Bool) {
        let slot = Int(valueIndex[index])
        let wasOrphan = pendingReads[slot] > 0 && pendingWrites[slot] == 0
        let delta: Int32 = applied ? -1 : 1
        if operations[index].kind == .read { pendingReads[slot] += delta } else { pendingWrites[slot] += delta }
        let isOrphan = pendingReads[slot] > 0 && pendingWrites[slot] == 0
        if wasOrphan != isOrphan { orphans += isOrphan ? 1 : -1 }
    }

    /// Whether some unlinearized read returns a value other than the current one (index
    /// `valueSlot`) that no unlinearized write can produce: then no completion exists.
    @inline(__always)
    private func isDead(valueSlot: Int) -> Bool {
        let currentIsOrphan = pendingReads[valueSlot] > 0 && pendingWrites[valueSlot] == 0
        return orphans > (currentIsOrphan ? 1 : 0)
    }

    /// Runs the search until it decides or `steps` (a budget shared by the caller's
    /// searches, decremented per step) runs out. With `trackLongest`, also returns the
    /// longest sequence of operation indices it managed to linearize (for explanations;
    /// it costs a copy whenever the sequence grows).
    mutating func run(steps budget: inout Int, trackLongest: Bool = false)
        -> (verdict: Verdict, longest: [Int])
    {
        let head = 0
        let tail = next.count - 1
        var linearized = [UInt64](repeating: 0, count: (operations.count + 63) / 64)
        var value: Int64 = 0
        var stack: [(entry: Int, value: Int64)] = []
        stack.reserveCapacity(operations.count)
        var seen = Set<State>()
        var longest: [Int] = []
        var cursor = Int(next[head])
        while true {
            if budget <= 0 { return (.outOfBudget, longest) }
            budget -= 1
            if cursor == tail { return (.linearizable, longest) }
            if entryIsCall[cursor] {
                let index = Int(entryOperation[cursor])
                let operation = operations[index]
                let newValue = operation.kind == .write ? operation.value : value
                if operation.kind == .write || operation.value == value {
                    let word = index >> 6
                    let bit = UInt64(1) << UInt64(index & 63)
                    linearized[word] |= bit
                    tally(index, applied: true)
                    let dead = operation.kind == .write && isDead(valueSlot: Int(valueIndex[index]))
                    if !dead && seen.insert(State(linearized: linearized, value: newValue)).inserted {
                        stack.append((cursor, value))
                        value = newValue
                        lift(cursor)
                        if trackLongest && stack.count > longest.count {
                            longest = stack.map { Int(entryOperation[$0.entry]) }
                        }
                        cursor = Int(next[head])
                        continue
                    }
                    linearized[word] &= ~bit
                    tally(index, applied: false)
                }
                cursor = Int(next[cursor])
            } else if entryTransparent[cursor] {
                cursor = Int(next[cursor])
            } else {
                // Backtrack. A read linearized from state S leaves the value as it was and
                // could go no earlier, so any completion of S also completes S + read:
                // when S + read fails, S fails too, and the reads on top of the stack are
                // undone without trying alternatives to them.
                var top: (entry: Int, value: Int64)
                repeat {
                    guard let popped = stack.popLast() else { return (.violation, longest) }
                    top = popped
                    let index = Int(entryOperation[top.entry])
                    linearized[index >> 6] &= ~(UInt64(1) << UInt64(index & 63))
                    tally(index, applied: false)
                    value = top.value
                    unlift(top.entry)
                } while operations[Int(entryOperation[top.entry])].kind == .read
                cursor = Int(next[top.entry])
            }
        }
    }
}
