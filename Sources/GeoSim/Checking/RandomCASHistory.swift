/// Builds random Jepsen-style histories of a compare-and-set register that are
/// linearizable by construction, for tests and `geosim bench`: each process (a thread of
/// a Jepsen client) runs one operation at a time with random gaps; each operation takes
/// effect on a sequential register at a random instant strictly inside its interval,
/// and the history records what the register answered. Operations of different
/// processes overlap at random.
public enum RandomCASHistory {
    /// The EDN text of a history of `operations` operations on `processes` threads, as
    /// Jepsen writes them (one map per line). Reads are 40%, writes 30%, cas 30% (a cas
    /// expects the current value 60% of the time, else fails). A fraction `infoFraction`
    /// of operations end `:info`: half of those take effect, half never do, and the
    /// thread then continues as a new process (Jepsen's crashed-process rule). Writes and
    /// cas new values are distinct integers.
    public static func edn(operations: Int, processes: Int, infoFraction: Double, seed: UInt64) -> String {
        var random = RandomStream(seed: seed, component: "random-cas-history")
        let threads = max(processes, 1)
        // Per operation: (thread, invoke, linearization point, completion) in microseconds.
        var intervals: [(thread: Int, invoke: Int64, point: Int64, complete: Int64)] = []
        intervals.reserveCapacity(max(operations, 0))
        var clock = [Int64](repeating: 0, count: threads)
        for index in 0..<max(operations, 0) {
            let thread = index % threads
            let invoke = clock[thread] + 1 + Int64(random.next() % 400)
            let point = invoke + 1 + Int64(random.next() % 1000)
            let complete = point + 1 + Int64(random.next() % 1000)
            clock[thread] = complete
            intervals.append((thread, invoke, point, complete))
        }
        let byPoint = intervals.indices.sorted { (intervals[$0].point, $0) < (intervals[$1].point, $1) }
        var register: Int64?
        var nextValue: Int64 = 1
        var texts = [(type: String, function: String, invokeValue: String, value: String)](repeating: ("", "", "", ""), count: intervals.count)
        func text(_ value: Int64?) -> String { value.map(String.init) ?? "nil" }
        for index in byPoint {
            let draw = random.nextUnit()
            let info = random.nextUnit() < infoFraction
            let applies = !info || random.next() & 1 == 0
            if draw < 0.4 {
                texts[index] = (info ? "info" : "ok", "read", "nil", info ? "nil" : text(register))
            } else if draw < 0.7 {
                let value = nextValue
                nextValue += 1
                if applies { register = value }
                texts[index] = (info ? "info" : "ok", "write", String(value), String(value))
            } else {
                let old = random.nextUnit() < 0.6 ? register : Int64(random.next() % UInt64(nextValue)) + 1
                let new = nextValue
                nextValue += 1
                let matches = old == register
                if applies && matches { register = new }
                let cas = "[\(text(old)) \(new)]"
                texts[index] = (info ? "info" : (matches ? "ok" : "fail"), "cas", cas, cas)
            }
        }
        var events: [(time: Int64, order: Int, line: String)] = []
        events.reserveCapacity(2 * intervals.count)
        var process = Array(0..<threads)
        for (index, interval) in intervals.enumerated() {
            let entry = texts[index]
            let id = process[interval.thread]
            events.append(
                (
                    interval.invoke, 2 * index,
                    "{:type :invoke, :f :\(entry.function), :value \(entry.invokeValue), :process \(id), :time \(interval.invoke * 1000)}"
                ))
            events.append(
                (
                    interval.complete, 2 * index + 1,
                    "{:type :\(entry.type), :f :\(entry.function), :value \(entry.value), :process \(id), :time \(interval.complete * 1000)}"
                ))
            if entry.type == "info" { process[interval.thread] += threads }
        }
        events.sort { ($0.time, $0.order) < ($1.time, $1.order) }
        return events.map(\.line).joined(separator: "\n") + "\n"
    }

    /// Times reading and checking a 10,000-operation, 5-process history with 10% :info
    /// operations (seed 1) against the cas-register model and says how long each took.
    /// Run it in a release build.
    public static func benchmark() -> String {
        let text = edn(operations: 10_000, processes: 5, infoFraction: 0.1, seed: 1)
        let clock = ContinuousClock()
        let start = clock.now
        let history: ModelHistory
        do { history = try JepsenHistory.read(Array(text.utf8), model: .casRegister, initial: nil) } catch {
            return "check-history: the generated history did not read (unexpected): \(error)"
        }
        let read = clock.now
        let result = ModelChecker.check(history, budget: ModelChecker.defaultBudget)
        let checked = clock.now
        func milliseconds(_ duration: Duration) -> String {
            let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
            return HistoryText.milliseconds(nanoseconds)
        }
        let verdict: String
        let steps: Int
        switch result {
        case .linearizable(let used): (verdict, steps) = ("linearizable", used)
        case .violation(_, let used): (verdict, steps) = ("NOT linearizable (unexpected)", used)
        case .inconclusive(_, let used): (verdict, steps) = ("inconclusive (unexpected)", used)
        }
        return "check-history: 10000-operation cas-register history, 5 processes, 10% info (\(history.operations.count) after "
            + "dropping failed): \(verdict) in \(milliseconds(checked - read)) (reading the EDN \(milliseconds(read - start))), \(steps) search steps"
    }
}
