import Foundation
import Testing

@testable import GeoSim

/// `geosim check-history` on hand-written Jepsen histories: the classic verdicts,
/// Knossos' model semantics, parsing, and exit codes.
@Suite struct CheckHistoryTests {
    func history(_ edn: String, model: HistoryModel = .casRegister, initial: EDNValue? = nil) throws -> ModelHistory {
        try JepsenHistory.read(Array(edn.utf8), model: model, initial: initial)
    }

    func check(_ edn: String, model: HistoryModel = .casRegister, initial: EDNValue? = nil, budget: Int = 1_000_000) throws -> ModelChecker.Result {
        ModelChecker.check(try history(edn, model: model, initial: initial), budget: budget)
    }

    func isLinearizable(_ result: ModelChecker.Result) -> Bool {
        if case .linearizable = result { return true }
        return false
    }

    func violation(_ result: ModelChecker.Result) -> ModelChecker.Violation? {
        if case .violation(let violation, _) = result { return violation }
        return nil
    }

    /// One operation as two lines of EDN: invocation and completion.
    func op(_ process: Int, _ f: String, _ value: String, _ type: String = "ok") -> String {
        let invokeValue = f == "read" ? "nil" : value
        return "{:type :invoke, :f :\(f), :value \(invokeValue), :process \(process)}\n"
            + "{:type :\(type), :f :\(f), :value \(value), :process \(process)}\n"
    }

    @Test func aStaleReadAfterACompletedWriteIsNotLinearizable() throws {
        let result = try check(op(0, "write", "1") + op(0, "write", "2") + op(1, "read", "1"))
        let found = try #require(violation(result))
        // The stale read keeps both writes: without write 1 it would read a value never written.
        #expect(found.operations.map(\.function) == [.write, .write, .read])
        #expect(found.longest.count == 1)
        // The same read of the latest value is fine.
        #expect(isLinearizable(try check(op(0, "write", "1") + op(0, "write", "2") + op(1, "read", "2"))))
    }

    @Test func aCASThatSucceedsOnAValueNeverWrittenIsNotLinearizable() throws {
        let bad = try check(op(0, "write", "1") + op(1, "cas", "[5 6]"))
        let found = try #require(violation(bad))
        #expect(found.operations.count == 1)
        #expect(found.operations.first?.function == .cas)
        // Expecting the value that is there succeeds, and a later read sees the new value.
        #expect(isLinearizable(try check(op(0, "write", "1") + op(1, "cas", "[1 6]") + op(0, "read", "6"))))
        // A failed cas had no effect: reading its new value afterwards is a violation.
        #expect(violation(try check(op(0, "write", "1") + op(1, "cas", "[1 6]", "fail") + op(0, "read", "6"))) != nil)
        #expect(isLinearizable(try check(op(0, "write", "1") + op(1, "cas", "[1 6]", "fail") + op(0, "read", "1"))))
    }

    @Test func anInfoWriteMayTakeEffectLater() throws {
        let info = op(0, "write", "1") + op(1, "write", "2", "info") + op(0, "read", "1") + op(0, "read", "2")
        #expect(isLinearizable(try check(info)))
        // An invocation that never completes is the same as :info.
        let crashed = op(0, "write", "1") + "{:type :invoke, :f :write, :value 2, :process 1}\n" + op(0, "read", "1") + op(0, "read", "2")
        #expect(isLinearizable(try check(crashed)))
        // Had the write failed, reading 2 would be a violation.
        let failed = op(0, "write", "1") + op(1, "write", "2", "fail") + op(0, "read", "1") + op(0, "read", "2")
        #expect(violation(try check(failed)) != nil)
        // Once read after the :info write was, the older value cannot come back.
        let back = op(0, "write", "1") + op(1, "write", "2", "info") + op(0, "read", "2") + op(0, "read", "1")
        #expect(violation(try check(back)) != nil)
    }

    @Test func aReadOfNilConstrainsNothing() throws {
        #expect(isLinearizable(try check(op(0, "write", "1") + op(1, "read", "nil"))))
        #expect(violation(try check(op(0, "write", "1") + op(1, "read", "5"))) != nil)
        // The initial value is nil unless --initial says otherwise.
        #expect(isLinearizable(try check(op(0, "read", "0"), initial: .integer(0))))
        #expect(violation(try check(op(0, "read", "0"))) != nil)
        #expect(isLinearizable(try check(op(0, "cas", "[nil 1]") + op(0, "read", "1"))))
    }

    @Test func nemesisEventsAreSkipped() throws {
        let text =
            "{:type :info, :f :start-partition, :value nil, :process :nemesis}\n" + op(0, "write", "1")
            + "{:type :info, :f :stop-partition, :value [:n1 :n2], :process :nemesis}\n" + op(1, "read", "1")
        let parsed = try history(text)
        #expect(parsed.skippedEvents == 2)
        #expect(parsed.operations.count == 2)
        #expect(isLinearizable(ModelChecker.check(parsed, budget: 1000)))
    }

    @Test func commentsListsVectorsAndCommasParse() throws {
        let text = """
            ; Jepsen history, as a list
            ({:type :invoke, :f :write, :value 1, :process 0, :time 10} ; first
             #_{:type :invoke, :f :write, :value 9, :process 7}
             {:type :ok :f :write :value 1 :process 0 :time 20 :index 1}
             {:type :invoke, :f :cas, :value (1 2), :process 1}
             {:type :ok, :f :cas, :value [1 2], :process 1}
             {:type :invoke, :f :read, :process 0}
             {:type :ok, :f :read, :value 2, :process 0})
            """
        let parsed = try history(text)
        #expect(parsed.operations.map(\.function) == [.write, .cas, .read])
        #expect(parsed.operations.map(\.line) == [2, 5, 7])
        #expect(isLinearizable(ModelChecker.check(parsed, budget: 1000)))
        // A vector of the same maps reads the same.
        let vector = text.replacingOccurrences(of: "({:type :invoke, :f :write", with: "[{:type :invoke, :f :write")
            .replacingOccurrences(of: ":process 0})", with: ":process 0}]")
        #expect(try history(vector).operations == parsed.operations)
    }

    @Test func theKVModelChecksEachKeyOnItsOwn() throws {
        let text =
            op(0, "write", "[:x 1]") + op(1, "write", "[:y 2]") + op(0, "read", "[:x 1]") + op(1, "read", "[:y 2]")
            + op(2, "cas", "[:x [1 3]]") + op(2, "read", "[:y 2]")
        #expect(isLinearizable(try check(text, model: .kv)))
        let stale = text + op(3, "read", "[:x 1]")
        let parsed = try history(stale, model: .kv)
        let found = try #require(violation(ModelChecker.check(parsed, budget: 100_000)))
        #expect(parsed.keys.text(found.key) == ":x")
        #expect(found.operations.allSatisfy { parsed.keys.text($0.key) == ":x" })
        // As one register the same operations are not linearizable.
        #expect(violation(try check(text, model: .casRegister)) != nil)
    }

    @Test func theRegisterModelHasNoCAS() throws {
        let error = try #require(throws: InputError.self) { try history(op(0, "write", "1") + op(0, "cas", "[1 2]"), model: .register) }
        #expect(error.location == "line 3, column 1")
        #expect(error.message.contains("--model cas-register"))
        // As in Knossos, a failed cas never reaches the model.
        #expect(isLinearizable(try check(op(0, "write", "1") + op(0, "cas", "[1 2]", "fail") + op(0, "read", "1"), model: .register)))
    }

    @Test func pairingErrorsNameTheEvent() throws {
        let busy = "{:type :invoke, :f :write, :value 1, :process 0}\n{:type :invoke, :f :read, :process 0}\n"
        let error = try #require(throws: InputError.self) { try history(busy) }
        #expect(error.location == "line 2, column 1")
        let orphan = "{:type :ok, :f :write, :value 1, :process 0}\n"
        #expect(throws: InputError.self) { try history(orphan) }
        let type = "{:type :done, :f :write, :value 1, :process 0}\n"
        let typeError = try #require(throws: InputError.self) { try history(type) }
        #expect(typeError.message.contains("expected :type :invoke, :ok, :fail or :info"))
        let shape = "{:type :invoke, :f :cas, :value 3, :process 0}\n"
        let shapeError = try #require(throws: InputError.self) { try history(shape) }
        #expect(shapeError.message.contains("[old new]"))
    }

    @Test func theSubHistoryIsEvidenceEvenWithRepeatedValues() throws {
        // The violation is the last read (3 was overwritten by the second write of 1).
        // Dropping the first write of 1 would also break the history (the :info cas could
        // not have set 2), but that sub-history would not be evidence against this one.
        let text =
            op(0, "write", "1") + "{:type :invoke, :f :cas, :value [1 2], :process 1}\n" + op(0, "read", "2") + op(0, "write", "3")
            + op(0, "write", "1") + op(2, "read", "3")
        let found = try #require(violation(try check(text)))
        // Lines of the invocations: write 3, the second write of 1, the stale read.
        #expect(found.operations.map(\.line) == [6, 8, 10], "\(found.operations)")
    }

    @Test func theSubHistoryNeverDropsTheWriteAnInfoCASNeeds() throws {
        // The violation is the stale read of 3. Without the write of 1, the :info cas
        // could not have set the 2 that the long read returned: a sub-history that drops
        // that write fails too, but for a reason the history does not have.
        let text = """
            {:type :invoke, :f :cas, :value [1 2], :process 1}
            {:type :invoke, :f :read, :value nil, :process 3}
            {:type :invoke, :f :write, :value 3, :process 0}
            {:type :ok, :f :write, :value 3, :process 0}
            {:type :invoke, :f :write, :value 4, :process 0}
            {:type :ok, :f :write, :value 4, :process 0}
            {:type :invoke, :f :read, :value nil, :process 2}
            {:type :ok, :f :read, :value 3, :process 2}
            {:type :invoke, :f :write, :value 1, :process 4}
            {:type :ok, :f :write, :value 1, :process 4}
            {:type :ok, :f :read, :value 2, :process 3}
            """
        let found = try #require(violation(try check(text)))
        #expect(found.operations.map(\.line) == [3, 5, 7], "\(found.operations)")
    }

    @Test func theBudgetRunsOutInconclusively() throws {
        var text = ""
        for value in 1...6 { text += "{:type :invoke, :f :write, :value \(value), :process \(value)}\n" }
        for value in 1...6 { text += "{:type :ok, :f :write, :value \(value), :process \(value)}\n" }
        text += op(0, "read", "3")
        guard case .inconclusive(_, let steps) = try check(text, budget: 5) else {
            Issue.record("expected inconclusive")
            return
        }
        #expect(steps == 5)
        #expect(isLinearizable(try check(text, budget: 10_000)))
    }

    @Test func randomLinearizableCASHistoriesPass() throws {
        for seed in UInt64(1)...5 {
            let text = RandomCASHistory.edn(operations: 400, processes: 5, infoFraction: 0.1, seed: seed)
            let result = try check(text, budget: 10_000_000)
            #expect(isLinearizable(result), "seed \(seed): \(result)")
        }
    }
}
