import Testing

@testable import GeoSim

/// The cas-register search against a brute-force search over every order, on many small
/// random histories (each with reads of nil, :info operations and cas).
@Suite struct ModelSearchTests {
    /// A random small history: processes invoke and complete at random; a completion is
    /// :ok (80%) or :info; invocations still open at the end never complete. Values are
    /// nil (id 0) or 1…3 (ids 1…3).
    func randomHistory(_ random: inout RandomStream, operations: Int) -> ModelHistory {
        var history = ModelHistory(model: .casRegister)
        for value in 1...3 { _ = history.values.id(.integer(Int64(value))) }
        var open: [Int: ModelOperation] = [:]
        var position = 0
        var started = 0
        while started < operations || !open.isEmpty {
            let process = Int(random.next() % 3)
            if var operation = open[process] {
                open[process] = nil
                if random.nextUnit() < 0.8 { operation.completed = position }
                if operation.function != .read || operation.completed != nil { history.operations.append(operation) }
            } else if started < operations {
                let draw = random.next() % 3
                let function: ModelOperation.Function = draw == 0 ? .read : draw == 1 ? .write : .cas
                let value = Int32(random.next() % 4)
                let newValue = Int32(1 + random.next() % 3)
                open[process] = ModelOperation(
                    process: process, function: function, value: value, newValue: function == .cas ? newValue : value, invoked: position,
                    completed: nil)
                started += 1
            } else {
                continue
            }
            position += 1
        }
        history.operations.sort { $0.invoked < $1.invoked }
        return history
    }

    /// Whether some order of `operations` respects real time and the cas-register model
    /// (a read of nil matches anything; :info operations may be left out), by trying
    /// every order.
    func bruteForce(_ operations: [ModelOperation], initial: Int32) -> Bool {
        func search(_ done: [Bool], _ value: Int32) -> Bool {
            if zip(operations, done).allSatisfy({ $0.0.isInfo || $0.1 }) { return true }
            for (index, operation) in operations.enumerated() where !done[index] {
                // Every operation that completed before this one was invoked must be done.
                let blocked = operations.indices.contains { other in
                    !done[other] && other != index && (operations[other].completed.map { $0 < operation.invoked } ?? false)
                }
                if blocked { continue }
                var next = value
                switch operation.function {
                case .read: if operation.value != ValueTable.nilID && operation.value != value { continue }
                case .write: next = operation.value
                case .cas:
                    if operation.value != value { continue }
                    next = operation.newValue
                }
                var after = done
                after[index] = true
                if search(after, next) { return true }
            }
            return false
        }
        return search([Bool](repeating: false, count: operations.count), initial)
    }

    @Test func agreesWithBruteForceOnSmallRandomHistories() {
        var random = RandomStream(seed: 19)
        var verdicts = [0, 0]
        for round in 0..<600 {
            let history = randomHistory(&random, operations: 3 + round % 5)
            let expected = bruteForce(history.operations, initial: ValueTable.nilID)
            let result = ModelChecker.check(history, budget: 1_000_000)
            let linearizable = if case .linearizable = result { true } else { false }
            #expect(linearizable == expected, "round \(round): \(history.operations)")
            verdicts[expected ? 1 : 0] += 1
            if case .violation(let violation, _) = result {
                // The minimized sub-history is itself not linearizable.
                #expect(!bruteForce(violation.operations, initial: ValueTable.nilID), "round \(round)")
            }
        }
        // Both verdicts are well represented, so the comparison means something.
        #expect(verdicts[0] > 100 && verdicts[1] > 100, "\(verdicts)")
    }

    @Test func informativeDropsOnlyUnobservableOperations() {
        let operations = [
            ModelOperation(process: 0, function: .write, value: 1, invoked: 0, completed: nil),  // :info, 1 read later: kept
            ModelOperation(process: 1, function: .write, value: 2, invoked: 1, completed: nil),  // :info, 2 never observed: dropped
            ModelOperation(process: 2, function: .cas, value: 3, newValue: 1, invoked: 2, completed: nil),  // :info cas to 1: kept
            ModelOperation(process: 3, function: .read, value: 0, invoked: 3, completed: 4),  // read of nil: dropped
            ModelOperation(process: 3, function: .read, value: 1, invoked: 5, completed: 6),
        ]
        let kept = ModelChecker.informative(operations)
        #expect(kept.map(\.invoked) == [0, 2, 5])
    }
}
