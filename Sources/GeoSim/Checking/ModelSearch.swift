/// The linearizability search for one register's operations under Knossos' register and
/// compare-and-set register models: Wing & Gong's search with Lowe's just-in-time
/// linearization and memoized (linearized set, value) states. Both checkers run it:
/// `geosim check-history` (`ModelChecker`) and the in-simulation
/// `LinearizabilityChecker`, whose reads and writes are the register model's.
///
/// The operations (in invocation order) are a doubly linked list of call and return
/// entries in time order. At a call the search tries to linearize that operation next (a
/// write always can; a read or a cas only if the register holds the read or expected
/// value); if the resulting state is new it lifts the operation out of the list and
/// starts again at the front. At the return of an operation not yet linearized it
/// backtracks. An `:info` operation returns at +infinity and its return is transparent:
/// it may take effect any time after its invocation, or never.
///
/// A state is (value, frontier, holes): the linearized set is every operation below the
/// frontier except the holes, which the list's call entries give in order. It costs the
/// number of holes, not of operations, so a 10,000-operation history stays cheap.
///
/// Prunings: a state is dead once a value other than the current one is still required
/// (by an unlinearized read, or a cas that completed) but no unlinearized write or cas
/// can produce it; and backtracking undoes greedily linearized reads without trying
/// alternatives (a read that fits the current value is never wrong to take now).
struct ModelSearch {
    /// The most memoized states one search keeps (about 100 bytes each): past it, the
    /// search stops as if its step budget had run out, so memory stays bounded on a hard
    /// history, and deterministically (a count, like the budget).
    static let maximumStates = 2_000_000

    /// The search's answer.
    enum Verdict: Equatable {
        case linearizable
        case violation
        /// The step budget ran out before the search finished.
        case outOfBudget
    }

    /// A memoized state: the register value (a slot), the frontier and the holes below it.
    private struct State: Hashable {
        var value: Int32
        var frontier: Int32
        var holes: [Int32]
    }

    private let operations: [ModelOperation]
    /// Per operation: 0 read, 1 write, 2 cas; its first value (read, written or
    /// expected) and new value as dense slots; whether its outcome is unknown.
    private var kind: [UInt8]
    private var firstSlot: [Int32]
    private var newSlot: [Int32]
    private var optional: [Bool]
    private let initialSlot: Int32
    /// Per entry (0 = head sentinel, last = tail sentinel): the operation index.
    private var entryOperation: [Int32]
    private var entryIsCall: [Bool]
    /// Per entry: whether it is the return of an `:info` operation.
    private var entryTransparent: [Bool]
    /// Per call entry: its return entry (and the reverse).
    private var match: [Int32]
    private var next: [Int32]
    private var previous: [Int32]
    /// Per slot: unlinearized required operations that need the register to hold it
    /// (reads, completed cas), and unlinearized operations that can set it.
    private var consumers: [Int32]
    private var producers: [Int32]
    /// Slots with consumers but no producers; only the current value may be one.
    private var orphans = 0

    /// `operations`: one register's operations, in invocation order, without reads of nil
    /// or reads of unknown outcome. `initial` is the register's starting value id.
    init(_ operations: [ModelOperation], initial: Int32) {
        self.operations = operations
        let count = operations.count
        var slots: [Int32: Int32] = [initial: 0]
        func slot(_ id: Int32) -> Int32 {
            if let known = slots[id] { return known }
            let fresh = Int32(slots.count)
            slots[id] = fresh
            return fresh
        }
        initialSlot = 0
        // A completed cas whose old and new values agree is a read of that value.
        kind = operations.map { $0.function == .read ? 0 : $0.function == .write ? 1 : ($0.value == $0.newValue && !$0.isInfo ? 0 : 2) }
        firstSlot = operations.map { slot($0.value) }
        newSlot = operations.map { slot($0.newValue) }
        optional = operations.map(\.isInfo)
        // Positions are distinct integers: no ties between calls and returns.
        var events: [(time: Int, isReturn: Int, operation: Int)] = []
        events.reserveCapacity(2 * count)
        for (index, operation) in operations.enumerated() {
            events.append((operation.invoked, 0, index))
            events.append((operation.completed.map { max($0, operation.invoked) } ?? Int.max, 1, index))
        }
        events.sort { ($0.time, $0.isReturn, $0.operation) < ($1.time, $1.isReturn, $1.operation) }
        let entries = 2 * count + 2
        entryOperation = [Int32](repeating: -1, count: entries)
        entryIsCall = [Bool](repeating: false, count: entries)
        entryTransparent = [Bool](repeating: false, count: entries)
        match = [Int32](repeating: -1, count: entries)
        next = (0..<entries).map { Int32($0 + 1) }
        previous = (0..<entries).map { Int32($0 - 1) }
        consumers = [Int32](repeating: 0, count: slots.count)
        producers = [Int32](repeating: 0, count: slots.count)
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
                entryTransparent[entry] = optional[event.operation]
            }
        }
        for index in 0..<count { tally(index, delta: 1) }
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

    /// Adds `consumers` and `producers` to `slot`'s tallies, keeping `orphans`.
    @inline(__always)
    private mutating func adjust(_ slot: Int32, consumers addedConsumers: Int32, producers addedProducers: Int32) {
        let index = Int(slot)
        let wasOrphan = consumers[index] > 0 && producers[index] == 0
        consumers[index] += addedConsumers
        producers[index] += addedProducers
        let isOrphan = consumers[index] > 0 && producers[index] == 0
        if wasOrphan != isOrphan { orphans += isOrphan ? 1 : -1 }
    }

    /// Counts operation `index` into (+1, unlinearized) or out of (-1, linearized) the tallies.
    @inline(__always)
    private mutating func tally(_ index: Int, delta: Int32) {
        switch kind[index] {
        case 0: adjust(firstSlot[index], consumers: delta, producers: 0)
        case 1: adjust(firstSlot[index], consumers: 0, producers: delta)
        default:
            if !optional[index] { adjust(firstSlot[index], consumers: delta, producers: 0) }
            adjust(newSlot[index], consumers: 0, producers: delta)
        }
    }

    /// Whether a value other than the current one (`slot`) is required but can never be
    /// produced again: then no completion exists.
    @inline(__always)
    private func isDead(current slot: Int32) -> Bool {
        let index = Int(slot)
        let currentIsOrphan = consumers[index] > 0 && producers[index] == 0
        return orphans > (currentIsOrphan ? 1 : 0)
    }

    /// The memo key of the current list with register value `value`, every operation below
    /// `frontier` linearized except those whose calls are still in the list.
    private func state(value: Int32, frontier: Int32) -> State {
        var holes: [Int32] = []
        var entry = Int(next[0])
        let tail = next.count - 1
        while entry != tail {
            if entryIsCall[entry] {
                let index = entryOperation[entry]
                if index >= frontier { break }
                holes.append(index)
            }
            entry = Int(next[entry])
        }
        return State(value: value, frontier: frontier, holes: holes)
    }

    /// The value after linearizing operation `index` from `value`; nil if it cannot take
    /// effect now.
    @inline(__always)
    private func apply(_ index: Int, to value: Int32) -> Int32? {
        switch kind[index] {
        case 0: return firstSlot[index] == value ? value : nil
        case 1: return firstSlot[index]
        default: return firstSlot[index] == value ? newSlot[index] : nil
        }
    }

    /// Runs the search until it decides or `steps` (a budget shared by the caller's
    /// searches, decremented per step) runs out (or `maximumStates` are memoized, which
    /// spends the rest of the budget). With `trackLongest`, also returns the
    /// longest sequence of operation indices it managed to linearize.
    mutating func run(steps budget: inout Int, trackLongest: Bool = false) -> (verdict: Verdict, longest: [Int]) {
        let head = 0
        let tail = next.count - 1
        var value = initialSlot
        var stack: [(entry: Int, value: Int32, frontier: Int32)] = []
        stack.reserveCapacity(operations.count)
        var frontier: Int32 = 0
        var seen = Set<State>()
        var longest: [Int] = []
        var cursor = Int(next[head])
        while true {
            if budget <= 0 { return (.outOfBudget, longest) }
            budget -= 1
            if cursor == tail { return (.linearizable, longest) }
            if entryIsCall[cursor] {
                let index = Int(entryOperation[cursor])
                if let newValue = apply(index, to: value) {
                    tally(index, delta: -1)
                    let dead = kind[index] != 0 && isDead(current: newValue)
                    let newFrontier = max(frontier, Int32(index + 1))
                    lift(cursor)
                    if seen.count >= Self.maximumStates {
                        budget = 0
                        return (.outOfBudget, longest)
                    }
                    if !dead && seen.insert(state(value: newValue, frontier: newFrontier)).inserted {
                        stack.append((cursor, value, frontier))
                        value = newValue
                        frontier = newFrontier
                        if trackLongest && stack.count > longest.count {
                            longest = stack.map { Int(entryOperation[$0.entry]) }
                        }
                        cursor = Int(next[head])
                        continue
                    }
                    unlift(cursor)
                    tally(index, delta: 1)
                }
                cursor = Int(next[cursor])
            } else if entryTransparent[cursor] {
                cursor = Int(next[cursor])
            } else {
                // Backtrack; reads on top of the stack are undone without alternatives.
                var top: (entry: Int, value: Int32, frontier: Int32)
                repeat {
                    guard let popped = stack.popLast() else { return (.violation, longest) }
                    top = popped
                    tally(Int(entryOperation[top.entry]), delta: 1)
                    value = top.value
                    frontier = top.frontier
                    unlift(top.entry)
                } while kind[Int(entryOperation[top.entry])] == 0
                cursor = Int(next[top.entry])
            }
        }
    }
}
