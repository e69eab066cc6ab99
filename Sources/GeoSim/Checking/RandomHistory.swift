/// Builds random histories that are linearizable by construction, for tests and the
/// checker's benchmark: a sequential register per key applies each operation at a
/// linearization point, and the client's interval is a random window around that point.
public enum RandomHistory {
    /// A linearizable history of `operations` operations over keys `0..<keys`.
    ///
    /// Linearization points advance by a uniform 0–`spacing` step; each interval extends
    /// a uniform 0–`window` either side of its point (nanoseconds), so operations overlap.
    /// A fraction `unknownFraction` of operations get an unknown outcome (no completion):
    /// half of the unknown writes take effect, half never do; unknown reads return a
    /// garbage value, which a checker must ignore. A fraction `failedFraction` are failed
    /// writes, which never take effect.
    public static func linearizable(
        operations: Int, keys: Int, clients: Int = 50, writeFraction: Double = 0.5,
        unknownFraction: Double = 0.1, failedFraction: Double = 0,
        spacing: Nanoseconds = 100 * .microsecond, window: Nanoseconds = 2 * .millisecond,
        seed: UInt64
    ) -> OperationHistory {
        var random = RandomStream(seed: seed, component: "random-history")
        let keyCount = max(keys, 1)
        let clientCount = max(clients, 1)
        var registers = [Int64](repeating: 0, count: keyCount)
        var nextValue: Int64 = 1
        var point: Nanoseconds = 10 * window
        var history = OperationHistory()
        history.operations.reserveCapacity(max(operations, 0))
        for _ in 0..<max(operations, 0) {
            point += Nanoseconds(random.next() % UInt64(max(spacing, 1)))
            let key = Int(random.next() % UInt64(keyCount))
            let client = Int(random.next() % UInt64(clientCount))
            let before = Nanoseconds(random.next() % UInt64(max(window, 1)))
            let after = Nanoseconds(random.next() % UInt64(max(window, 1)))
            let isWrite = random.nextUnit() < writeFraction
            let draw = random.nextUnit()
            let outcome: HistoryOperation.Outcome =
                draw < unknownFraction ? .unknown : (isWrite && draw < unknownFraction + failedFraction ? .failed : .ok)
            var value: Int64
            if isWrite {
                value = nextValue
                nextValue += 1
                let applies = outcome == .ok || (outcome == .unknown && random.next() & 1 == 0)
                if applies { registers[key] = value }
            } else {
                value = outcome == .unknown ? -Int64(random.next() % 1000) - 1 : registers[key]
            }
            history.append(
                HistoryOperation(
                    client: client, key: key, kind: isWrite ? .write : .read, invoked: point - before,
                    completed: outcome == .unknown ? nil : point + after, outcome: outcome, value: value))
        }
        return history
    }
}
