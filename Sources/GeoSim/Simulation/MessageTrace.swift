/// The messages between replicas during a window of simulated time, for a
/// message-sequence (Lamport) diagram of a failing seed (`MessageSequenceSVG`). Opt-in
/// (`Scenario.traceWindow`): a run without it records nothing.
///
/// With a `key`, only the messages about it are kept: its range's Raft traffic, the
/// leaderless reads and writes of the key and their answers, and a primary's log
/// shipping (one log for every key). Heartbeats of all ranges, coalesced, are left out.
///
/// Invariants: at most `limit` messages are kept; `dropped` counts the rest.
public struct MessageTrace: Sendable, Equatable {
    public struct Message: Sendable, Equatable {
        public var from: Int
        public var to: Int
        /// When it left and when it arrived (ns); `arrival` nil when the network lost it.
        public var sent: Nanoseconds
        public var arrival: Nanoseconds?
        /// What it was: `append 3 entries t2`, `vote t3`, `ship 17`.
        public var label: String
    }

    public let window: ClosedRange<Nanoseconds>
    public let limit: Int
    /// The key the diagram is about, and its range; nil keeps every message.
    public let key: Int?
    let range: Int?
    /// Leaderless operations on `key` seen so far: their answers carry no key.
    private var operations: Set<UInt64> = []
    public private(set) var messages: [Message] = []
    public private(set) var dropped = 0

    public init(window: ClosedRange<Nanoseconds>, key: Int? = nil, range: Int? = nil, limit: Int = 600) {
        self.window = window
        self.key = key
        self.range = range
        self.limit = limit
    }

    /// Whether `message` is about the traced key (always, without one).
    mutating func concerns(_ message: SimulationMessage) -> Bool {
        guard let key else { return true }
        switch message {
        case .raft(let range, _): return Int(range) == self.range
        case .replicaWrite(let operation, let written, _, _), .replicaRead(let operation, let written):
            if written == key { operations.insert(operation) }
            return written == key
        case .replicaAck(let operation), .replicaValue(let operation, _): return operations.contains(operation)
        case .ship, .shipAck, .shipResend: return true
        case .request(let request): return request.key == key
        default: return false
        }
    }

    /// Records one message leaving `from` for `to` at `sent`, if it is in the window.
    mutating func record(from: Int, to: Int, sent: Nanoseconds, arrival: Nanoseconds?, label: @autoclosure () -> String) {
        guard window.contains(sent) else { return }
        guard messages.count < limit else {
            dropped += 1
            return
        }
        messages.append(Message(from: from, to: to, sent: sent, arrival: arrival, label: label()))
    }
}
