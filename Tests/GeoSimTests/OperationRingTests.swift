import Testing

@testable import GeoSim

@Suite struct OperationRingTests {
    private func record(_ label: Int) -> OperationRing.Record {
        .init(
            issuedAt: Int64(label), attemptStartedAt: Int64(label) + 1, isWrite: label % 2 == 0, state: .pending,
            attempt: UInt8(label % 3), mayHaveApplied: label % 5 == 0, gateway: Int32(label % 7), key: label * 10)
    }

    /// Each flag shares a byte with seven others: setting one must leave the rest alone.
    @Test func flagsAreIndependent() {
        let flags: [WritableKeyPath<OperationRing.Record, Bool>] = [
            \.isWrite, \.mayHaveApplied, \.viaCache, \.holdsConnection, \.holdsPoolerSlot,
            \.waitingForConnection, \.proposed, \.servedByCache,
        ]
        for (index, flag) in flags.enumerated() {
            var allOff = record(1)
            allOff.isWrite = false
            allOff.mayHaveApplied = false
            allOff[keyPath: flag] = true
            for (other, otherFlag) in flags.enumerated() { #expect(allOff[keyPath: otherFlag] == (other == index)) }
            var allOn = allOff
            for otherFlag in flags { allOn[keyPath: otherFlag] = true }
            allOn[keyPath: flag] = false
            for (other, otherFlag) in flags.enumerated() { #expect(allOn[keyPath: otherFlag] == (other != index)) }
            #expect(allOn.key == 10 && allOn.gateway == 1 && allOn.attempt == 1 && allOn.issuedAt == 1)
        }
    }

    /// A record is one 64-byte cache line's worth: a field that grows it shows up here.
    @Test func aRecordTakesSixtyFourBytes() {
        #expect(MemoryLayout<OperationRing.Record>.stride == 64)
    }

    /// Growing the ring keeps every live record under its sequence number.
    @Test func growthKeepsLiveRecords() {
        var ring = OperationRing(capacity: 4)
        for label in 0..<10 { _ = ring.start(record(label)) }
        ring.markDone(0)
        ring.markDone(1)
        #expect(ring.oldestPending()?.sequence == 2)
        for label in 10..<100 { _ = ring.start(record(label)) }
        #expect(ring.record(1) == nil)
        for label in 2..<100 {
            let found = ring.record(UInt64(label))
            #expect(found?.key == label * 10)
            #expect(found?.isWrite == (label % 2 == 0))
            #expect(found?.mayHaveApplied == (label % 5 == 0))
        }
    }
}
