import Testing

@testable import GeoSim

@Suite struct FIFOQueueTests {
    /// Interleaved appends and pops come out in append order, across the compactions of
    /// the taken front, and the count is always what was appended minus what was popped.
    @Test func popsInAppendOrderAcrossCompactions() {
        var queue = FIFOQueue<Int>()
        var random = RandomStream(seed: 3)
        var appended = 0
        var popped = 0
        for _ in 0..<50_000 {
            if random.nextUnit() < 0.55 {
                queue.append(appended)
                appended += 1
            } else if let value = queue.popFirst() {
                #expect(value == popped)
                popped += 1
            } else {
                #expect(appended == popped)
            }
            #expect(queue.count == appended - popped)
            #expect(queue.first == (appended > popped ? popped : nil))
        }
        #expect(popped > 10_000)
        queue.removeAll()
        #expect(queue.isEmpty && queue.popFirst() == nil)
    }
}
