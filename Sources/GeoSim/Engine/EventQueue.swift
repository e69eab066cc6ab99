/// The pending events of a simulation: an array-backed 4-ary min-heap ordered by
/// (time, sequence number).
///
/// The sequence number is assigned at scheduling, so events at the same instant come out
/// in the order they were scheduled: ties never depend on heap layout. Events are stored
/// by value; pushing and popping allocate nothing once the array has grown to the peak
/// number of pending events.
public struct EventQueue<Event> {
    /// One scheduled event. `sequence` makes every key unique.
    public struct Entry {
        public var time: Nanoseconds
        public var sequence: UInt64
        public var event: Event
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    public init(initialCapacity: Int = 1024) {
        heap.reserveCapacity(initialCapacity)
    }

    /// The number of pending events.
    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }
    /// How many events have ever been scheduled.
    public var scheduledCount: UInt64 { nextSequence }

    /// The time of the earliest pending event.
    public var nextTime: Nanoseconds? { heap.first?.time }

    @inline(__always)
    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
    }

    /// Schedules `event` at `time`.
    @inline(__always)
    public mutating func schedule(_ event: Event, at time: Nanoseconds) {
        let entry = Entry(time: time, sequence: nextSequence, event: event)
        nextSequence &+= 1
        heap.append(entry)
        siftUp(from: heap.count - 1)
    }

    /// Removes and returns the earliest event (ties: the one scheduled first).
    @inline(__always)
    public mutating func pop() -> Entry? {
        guard let last = heap.popLast() else { return nil }
        if heap.isEmpty { return last }
        let top = heap[0]
        heap[0] = last
        siftDown(from: 0)
        return top
    }

    private mutating func siftUp(from start: Int) {
        heap.withUnsafeMutableBufferPointer { buffer in
            var child = start
            let moving = buffer[child]
            while child > 0 {
                let parent = (child - 1) >> 2
                guard EventQueue.precedes(moving, buffer[parent]) else { break }
                buffer[child] = buffer[parent]
                child = parent
            }
            buffer[child] = moving
        }
    }

    private mutating func siftDown(from start: Int) {
        heap.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            var parent = start
            let moving = buffer[parent]
            while true {
                let first = parent << 2 + 1
                if first >= count { break }
                var best = first
                let end = min(first + 4, count)
                var candidate = first + 1
                while candidate < end {
                    if EventQueue.precedes(buffer[candidate], buffer[best]) { best = candidate }
                    candidate += 1
                }
                guard EventQueue.precedes(buffer[best], moving) else { break }
                buffer[parent] = buffer[best]
                parent = best
            }
            buffer[parent] = moving
        }
    }
}
