/// The commands behind log entries: which client operation the leader appended at each
/// (index, term). Raft nodes carry only entry terms; the simulation keeps the commands
/// here, once for the whole cluster, because an (index, term) pair names one entry on
/// every replica (Log Matching). Memory is bounded by the entries not yet answered.
struct ProposalLog {
    /// A slot that holds no client operation (a filler, or an entry already answered).
    static let none = UInt64.max

    /// The log index of `terms[start]`.
    private var base: UInt64 = 1
    private var start = 0
    private var terms: [UInt64] = []
    private var operations: [UInt64] = []

    /// Records that the entry at `index` in `term` carries `operation`, replacing whatever
    /// an earlier leader proposed there.
    mutating func record(index: UInt64, term: UInt64, operation: UInt64) {
        guard index >= base else { return }
        let offset = start + Int(index - base)
        while terms.count <= offset {
            terms.append(0)
            operations.append(ProposalLog.none)
        }
        terms[offset] = term
        operations[offset] = operation
    }

    /// The operation of the entry (index, term), removing it so it is answered once; nil if
    /// that entry carried no client operation or another term's entry is recorded there.
    mutating func take(index: UInt64, term: UInt64) -> UInt64? {
        guard index >= base else { return nil }
        let offset = start + Int(index - base)
        guard offset < terms.count, terms[offset] == term, operations[offset] != ProposalLog.none else { return nil }
        let operation = operations[offset]
        operations[offset] = ProposalLog.none
        return operation
    }

    /// Forgets entries through `index` (committed and answered).
    mutating func release(through index: UInt64) {
        guard index >= base else { return }
        let drop = min(Int(index - base + 1), terms.count - start)
        start += drop
        base += UInt64(drop)
        // Shift storage down in large chunks so the cost per entry stays constant.
        if start >= 4096, start * 2 >= terms.count {
            terms.removeFirst(start)
            operations.removeFirst(start)
            start = 0
        }
    }
}
