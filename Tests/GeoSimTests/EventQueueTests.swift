import Testing

@testable import GeoSim

@Suite struct EventQueueTests {
    @Test func popsInTimeOrder() {
        var queue = EventQueue<Int>()
        for (time, label) in [(30, 3), (10, 1), (20, 2), (5, 0), (40, 4)] { queue.schedule(label, at: Int64(time)) }
        var labels: [Int] = []
        while let entry = queue.pop() { labels.append(entry.event) }
        #expect(labels == [0, 1, 2, 3, 4])
    }

    @Test func sameInstantEventsRunInSchedulingOrder() {
        var queue = EventQueue<Int>()
        // Many ties mixed with other times: heap layout must never reorder the ties.
        for label in 0..<500 { queue.schedule(label, at: label % 3 == 0 ? 7 : Int64(label)) }
        var previous: (time: Int64, label: Int)?
        while let entry = queue.pop() {
            if let previous, previous.time == entry.time { #expect(previous.label < entry.event) }
            if let previous { #expect(previous.time <= entry.time) }
            previous = (entry.time, entry.event)
        }
    }

    @Test func matchesAStableSortUnderInterleavedPushAndPop() {
        var random = RandomStream(seed: 42)
        var queue = EventQueue<Int>()
        var reference: [(time: Int64, sequence: Int)] = []
        var sequence = 0
        var now: Int64 = 0
        for _ in 0..<20_000 {
            if random.nextUnit() < 0.55 || reference.isEmpty {
                let time = now + Int64(random.next() % 50)
                queue.schedule(sequence, at: time)
                reference.append((time, sequence))
                sequence += 1
            } else {
                reference.sort { ($0.time, $0.sequence) < ($1.time, $1.sequence) }
                let expected = reference.removeFirst()
                let popped = queue.pop()
                #expect(popped?.time == expected.time)
                #expect(popped?.event == expected.sequence)
                now = expected.time
            }
        }
        #expect(queue.count == reference.count)
    }

    /// Events on FIFO lanes (non-decreasing times per lane) come out exactly as the same
    /// events without lanes: lanes only keep the heap small.
    @Test func lanesChangeNothingInTheOrder() {
        var random = RandomStream(seed: 7)
        var withLanes = EventQueue<Int>(lanes: 5)
        var without = EventQueue<Int>()
        var laneLast = [Int64](repeating: 0, count: 5)
        var now: Int64 = 0
        var sequence = 0
        var popped = 0
        for _ in 0..<30_000 {
            if random.nextUnit() < 0.55 {
                let lane = Int(random.next() % 6)  // 5: no lane
                var time = now + Int64(random.next() % 40)
                if lane < 5 {
                    time = max(time, laneLast[lane])
                    laneLast[lane] = time
                    withLanes.schedule(sequence, at: time, lane: lane)
                } else {
                    withLanes.schedule(sequence, at: time)
                }
                without.schedule(sequence, at: time)
                sequence += 1
            } else if let expected = without.pop() {
                let entry = withLanes.pop()
                #expect(entry?.event == expected.event)
                #expect(entry?.time == expected.time)
                now = expected.time
                popped += 1
            }
        }
        #expect(withLanes.count == without.count)
        #expect(popped > 5_000)
    }

    /// Events that hold references (strings here) survive the slab's and the lanes' growth
    /// intact, and those still pending when the queue goes away are released with it.
    @Test func eventsWithReferencesSurviveGrowthAndRelease() {
        final class Token {
            let label: Int
            let onRelease: (Int) -> Void
            init(_ label: Int, onRelease: @escaping (Int) -> Void) {
                self.label = label
                self.onRelease = onRelease
            }
            deinit { onRelease(label) }
        }
        var released = Set<Int>()
        var poppedLabels: [Int] = []
        do {
            var queue = EventQueue<(Token, String)>(initialCapacity: 2, lanes: 2)
            // Enough to grow the slab and both lanes' rings several times, with the rings
            // wrapped around (pops in between move their heads).
            for label in 0..<600 {
                let token = Token(label) { released.insert($0) }
                let event = (token, "event \(label)")
                switch label % 3 {
                case 0: queue.schedule(event, at: Int64(label))
                default: queue.schedule(event, at: Int64(label), lane: label % 3 - 1)
                }
                if label % 4 == 3, let entry = queue.pop() {
                    #expect(entry.event.1 == "event \(entry.event.0.label)")
                    poppedLabels.append(entry.event.0.label)
                }
            }
            #expect(queue.count == 600 - poppedLabels.count)
            for _ in 0..<100 {
                guard let entry = queue.pop() else { break }
                #expect(entry.event.1 == "event \(entry.event.0.label)")
                poppedLabels.append(entry.event.0.label)
            }
        }
        #expect(poppedLabels == poppedLabels.sorted())
        #expect(released == Set(0..<600))
    }
}
