import Testing

@testable import GeoSim

/// The linearizability search's budget is a count of search steps, so a verdict depends on
/// the history and the budget only, never on how fast the machine is.
@Suite struct LinearizationBudgetTests {
    let history = RandomHistory.linearizable(operations: 2000, keys: 20, unknownFraction: 0.1, seed: 5)

    /// The fewest steps that decide `history` (binary search: the verdict is monotone).
    func smallestDecidingBudget() -> Int {
        var low = 0
        var high = 10 * LinearizabilityChecker.stepsPerSecond
        while low + 1 < high {
            let middle = (low + high) / 2
            if LinearizabilityChecker.check(history, budget: middle) == .linearizable { high = middle } else { low = middle }
        }
        return high
    }

    @Test func oneStepFewerThanNeededIsInconclusiveEveryTime() throws {
        let needed = smallestDecidingBudget()
        #expect(needed > 1)
        #expect(LinearizabilityChecker.check(history, budget: needed) == .linearizable)
        let short = LinearizabilityChecker.check(history, budget: needed - 1)
        guard case .inconclusive(let key, let steps) = short else {
            Issue.record("expected inconclusive, got \(short)")
            return
        }
        #expect(steps == needed - 1)
        // The same budget gives the same verdict, at the same key, run after run.
        for _ in 0..<3 {
            #expect(LinearizabilityChecker.check(history, budget: needed - 1) == .inconclusive(key: key, steps: needed - 1))
        }
    }

    @Test func theFlagTakesStepsOrADurationAtAFixedRate() throws {
        #expect(try CheckCommand.linearizationSteps("1e8") == 100_000_000)
        #expect(try CheckCommand.linearizationSteps("2500") == 2500)
        #expect(try CheckCommand.linearizationSteps("5s") == 5 * LinearizabilityChecker.stepsPerSecond)
        #expect(try CheckCommand.linearizationSteps("100ms") == LinearizabilityChecker.stepsPerSecond / 10)
        for bad in ["0", "1.5", "-3", "1e16", "soon"] {
            #expect(throws: UsageError.self, "\(bad)") { try CheckCommand.linearizationSteps(bad) }
        }
    }

    @Test func anInconclusiveSeedSaysHowManyStepsItHad() throws {
        var operations = history.operations
        operations.sort { $0.invoked < $1.invoked }
        var run = RunHistory()
        run.operations = operations
        let verdict = HistoryChecker.check(run, linearizabilitySteps: 10, livenessBound: .second)
        #expect(verdict.inconclusive.count == 1)
        #expect(verdict.inconclusive.first?.contains("search budget of 10 steps ran out") == true)
    }
}
