/// Faults the end of the run reaches before they do: one that starts at or after the end
/// never happens, and one whose window runs past it is cut short. Neither is an error (a
/// fault file may serve runs of several lengths), but both deserve a word on stderr.
public enum FaultWindowCheck {
    /// One warning line per fault `duration` (ns, the run's length) drops or cuts short,
    /// naming the fault by its label; empty when every fault fits.
    public static func warnings(_ faults: [Fault], duration: Nanoseconds, command: String) -> String {
        var lines = ""
        let end = FaultFlags.time(duration)
        for fault in faults {
            if fault.start >= duration {
                lines +=
                    "geosim \(command): warning: the fault '\(fault.label)' starts at \(FaultFlags.time(fault.start)), "
                    + "at or after the end of the run (\(end)): it never happens. Lengthen --duration to see it.\n"
            } else if let faultEnd = fault.end, faultEnd > duration {
                lines +=
                    "geosim \(command): warning: the fault '\(fault.label)' runs to \(FaultFlags.time(faultEnd)), "
                    + "past the end of the run (\(end)): it is cut short there.\n"
            }
        }
        return lines
    }
}
