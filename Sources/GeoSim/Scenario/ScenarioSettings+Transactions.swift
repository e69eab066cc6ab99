// Transactions: `--txn`, `--txn-hold`, `--txn-statements`, `--isolation`,
// `--no-locking-reads`, `--txn-retries`, `--txn-commit`, `--deadlock-timeout`.

extension ScenarioSettings {
    /// Sets a transaction flag; false when `flag` is not one.
    mutating func applyTransactionOption(flag: String, value: String) throws(UsageError) -> Bool {
        let invalid = { (expected: String) in UsageError("Invalid value '\(value.excerpt())' for \(flag): expected \(expected).") }
        switch flag {
        case "--txn":
            guard let mix = TransactionSettings.parseMix(value) else {
                throw invalid("rmw:K, ro:K or wo:K (K from 1 to 16), or a mix such as rmw:2=3,ro:4=1,put=1")
            }
            var settings = transaction ?? TransactionSettings()
            settings.mix = mix
            transaction = settings
        case "--txn-hold":
            let hold: Nanoseconds
            do { hold = try DurationText.parse(value) } catch { throw UsageError("Invalid value for \(flag): \(error.description).") }
            transactionOptions.append(flag)
            pendingTransaction.hold = hold
        case "--txn-statements":
            guard let count = NumberText.integer(value), (1...100).contains(count) else { throw invalid("a whole number from 1 to 100") }
            transactionOptions.append(flag)
            pendingTransaction.statements = count
        case "--isolation":
            guard let level = IsolationLevel(rawValue: value) else { throw invalid("serializable, snapshot or read-committed") }
            transactionOptions.append(flag)
            isolationSet = level
        case "--no-locking-reads":
            transactionOptions.append(flag)
            pendingTransaction.lockingReads = false
        case "--txn-retries":
            guard let count = NumberText.integer(value), (0...100).contains(count) else { throw invalid("a whole number from 0 to 100") }
            transactionOptions.append(flag)
            pendingTransaction.retries = count
        case "--txn-commit":
            guard let commit = TransactionSettings.CommitProtocol(rawValue: value) else { throw invalid("parallel or 2pc") }
            transactionOptions.append(flag)
            pendingTransaction.commit = commit
        case "--deadlock-timeout":
            let timeout: Nanoseconds
            do { timeout = try DurationText.parse(value) } catch { throw UsageError("Invalid value for \(flag): \(error.description).") }
            guard timeout > 0 else { throw invalid("a positive duration such as 1s") }
            transactionOptions.append(flag)
            pendingTransaction.deadlockTimeout = timeout
        default: return false
        }
        return true
    }

    /// The transaction settings with the detail flags folded in; refuses detail flags
    /// without `--txn`, and modes and workloads transactions do not run in yet.
    func resolvedTransaction() throws(ScenarioError) -> TransactionSettings? {
        guard var settings = transaction else {
            if let flag = transactionOptions.first {
                throw .usage(UsageError("Option '\(flag)' needs transactions.", hint: "Add --txn rmw:2 (read two keys, then write them)."))
            }
            return nil
        }
        settings.hold = pendingTransaction.hold
        settings.statements = pendingTransaction.statements
        settings.lockingReads = pendingTransaction.lockingReads
        settings.isolation = isolationSet ?? (replication.mode == .raft ? .serializable : .readCommitted)
        settings.retries = pendingTransaction.retries
        settings.commit = pendingTransaction.commit
        settings.deadlockTimeout = pendingTransaction.deadlockTimeout
        guard replication.mode != .leaderless else {
            throw .usage(
                UsageError(
                    "--txn needs Raft ranges or a primary: leaderless quorums have no multi-key atomicity.",
                    hint: "Drop --replication leaderless, or --txn."))
        }
        guard keyCount >= settings.maximumKeys else {
            throw .usage(UsageError("--txn \(settings.mixText) needs at least \(settings.maximumKeys) keys; --keys is \(keyCount)."))
        }
        if closedLoopClients != nil || cache != nil || requestShape != .single || pools.poolSize != nil || pools.poolerSize != nil {
            throw .usage(
                UsageError(
                    "--txn works with open-loop clients (--rate) and no cache, connection pool or request shape yet.",
                    hint: "Drop --clients, --cache-*, --pool-size, --pooler and --request-shape."))
        }
        return settings
    }

    /// The transaction keys of a scenario file: `txn` ("rmw:2") or `txn_mix`
    /// ("rmw:2=3,ro:4=1"), `txn_hold` ("50ms"),
    /// `txn_statements`, `isolation`, `locking_reads` (true or false), `txn_retries`.
    mutating func readTransactions(_ root: InputNode) throws(InputError) {
        for name in ["txn", "txn_mix"] {
            guard let node = try root.optional(name) else { continue }
            guard let mix = TransactionSettings.parseMix(try node.string()) else {
                throw node.error("expected rmw:K, ro:K or wo:K (K from 1 to 16), or a mix such as \"rmw:2=3,ro:4=1,put=1\"")
            }
            var settings = transaction ?? TransactionSettings()
            settings.mix = mix
            transaction = settings
        }
        if let node = try transactionDetail(root, "txn_hold") { pendingTransaction.hold = try node.duration() }
        if let node = try transactionDetail(root, "txn_statements") { pendingTransaction.statements = try node.integer(in: 1...100) }
        if let node = try transactionDetail(root, "isolation") {
            guard let level = IsolationLevel(rawValue: try node.string()) else { throw node.error("expected serializable, snapshot or read-committed") }
            isolationSet = level
        }
        if let node = try transactionDetail(root, "locking_reads") { pendingTransaction.lockingReads = try node.bool() }
        if let node = try transactionDetail(root, "txn_retries") { pendingTransaction.retries = try node.integer(in: 0...100) }
        if let node = try transactionDetail(root, "txn_commit") {
            guard let commit = TransactionSettings.CommitProtocol(rawValue: try node.string()) else { throw node.error("expected parallel or 2pc") }
            pendingTransaction.commit = commit
        }
        if let node = try transactionDetail(root, "deadlock_timeout") {
            let timeout = try node.duration()
            guard timeout > 0 else { throw node.error("expected a positive duration such as \"1s\"") }
            pendingTransaction.deadlockTimeout = timeout
        }
    }

    /// The node of a transaction detail key, if given, noted as given (details need `txn`).
    private mutating func transactionDetail(_ root: InputNode, _ name: String) throws(InputError) -> InputNode? {
        guard let node = try root.optional(name) else { return nil }
        transactionOptions.append(name)
        return node
    }
}
