import Foundation

// Alerting rules and the slow-operation log: `--alerts`, `--slow-op-threshold`, and the
// scenario file's `alerts` and `slow_op_threshold`.

extension ScenarioSettings {
    /// Where a run's alerting rules come from.
    public enum AlertsSource: Sendable {
        /// `--alerts default`: the built-in rules (`AlertRuleSet.builtIn`).
        case builtIn
        /// `--alerts FILE`: a rules file (`AlertRuleFile`).
        case file(String)
        /// Rules written inside a scenario file.
        case inline(node: InputNode, file: String)
    }

    /// `--alerts default|FILE` and `--slow-op-threshold D`; false for other flags.
    mutating func applyAlertOption(flag: String, value: String) throws(UsageError) -> Bool {
        switch flag {
        case "--alerts":
            guard !value.isEmpty else {
                throw UsageError("Invalid value '' for --alerts: expected default or a rules file.", hint: "See topologies/alerts-example.json.")
            }
            alerts = value == "default" ? .builtIn : .file(value)
        case "--slow-op-threshold":
            let threshold: Nanoseconds
            do { threshold = try DurationText.parse(value) } catch {
                throw UsageError("Invalid value for --slow-op-threshold: \(error.description).", hint: "For example: --slow-op-threshold 500ms.")
            }
            guard threshold > 0 else {
                throw UsageError("Invalid value '\(value.excerpt())' for --slow-op-threshold: expected a duration greater than zero, e.g. 500ms.")
            }
            slowOperationThreshold = threshold
        default:
            return false
        }
        return true
    }

    /// The scenario file's `alerts` (`"default"`, a rules file relative to the scenario
    /// file, or the rules object itself) and `slow_op_threshold` (a duration).
    mutating func readAlerts(_ root: InputNode, file: String) throws(InputError) {
        if let node = try root.optional("alerts") {
            switch node.value {
            case .string("default"): alerts = .builtIn
            case .string(let path):
                let directory = (file as NSString).deletingLastPathComponent
                alerts = .file(path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path)
            case .object: alerts = .inline(node: node, file: file)
            default: throw node.error("expected \"default\", a rules file's path, or a rules object, found \(node.value.kindDescription)")
            }
        }
        if let node = try root.optional("slow_op_threshold") { slowOperationThreshold = try node.positiveDuration() }
    }

    /// The run's rule set: the source's rules with `--slow-op-threshold` applied; the
    /// built-in rules when only a threshold is given; nil when neither is.
    func resolveAlerts(topology: Topology) throws(ScenarioError) -> AlertRuleSet? {
        var set: AlertRuleSet
        switch alerts {
        case nil:
            guard slowOperationThreshold != nil else { return nil }
            set = AlertRuleSet.builtIn
        case .builtIn:
            set = AlertRuleSet.builtIn
        case .file(let path):
            do { set = try AlertRuleFile.load(path: path, topology: topology) } catch { throw .input(error) }
        case .inline(let node, let file):
            do { set = try AlertRuleFile.parse(node, topology: topology, source: "\(file) \(node.path)") } catch { throw .input(error.inFile(file)) }
        }
        if let slowOperationThreshold { set.slowThreshold = slowOperationThreshold }
        return set
    }
}
