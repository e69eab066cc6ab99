import Testing

@testable import GeoSim

/// The commands behind log entries survive a later leader's proposal at the same index:
/// the earlier entry can still be the one that commits.
@Suite struct ProposalLogTests {
    func command(_ operation: UInt64) -> ProposalLog.Command {
        .init(operation: operation, key: Int(operation), timestamp: Int64(operation) * 1000)
    }

    @Test func aDisplacedCommandIsFoundWhenItsEntryCommits() {
        var log = ProposalLog()
        log.record(index: 5, term: 1, command(1))
        // A leader of term 2, elected without entry (5, 1), proposes its own at index 5.
        log.record(index: 5, term: 2, command(2))
        // It loses its term; the next leader holds (5, 1) and commits it.
        let committed = log.take(index: 5, term: 1)
        #expect(committed?.operation == 1)
        #expect(log.take(index: 5, term: 1) == nil, "taken once")
        log.release(through: 5)
        #expect(log.take(index: 5, term: 2) == nil, "the losing entry is forgotten once its index commits")
    }

    @Test func theSameTermRewritingAnIndexDisplacesNothing() {
        var log = ProposalLog()
        log.record(index: 3, term: 4, command(7))
        log.record(index: 3, term: 4, command(8))
        #expect(log.take(index: 3, term: 4)?.operation == 8)
        #expect(log.take(index: 3, term: 4) == nil)
    }
}
