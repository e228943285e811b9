import Foundation
import Glibc

/// The program's machine code, mapped from its file. Starting touches code all over its 20 MB
/// (the runtime, the migrations, the route table, the first search), and the kernel maps the
/// pages around each one touched as well: an idle daemon kept 18.6 MB of it resident.
public enum MappedCode {
    /// Lets go of the code pages starting mapped and has the kernel map only the pages run from
    /// now on (no pages around them): the idle daemon's resident code is the code it serves with,
    /// the nightly export's the code it exports with.
    /// The pages stay in the page cache (a fault brings one back in about a microsecond), but
    /// unmapped they are what the kernel reclaims first on a small box. Only the executable
    /// segment is touched: it is never written (no text relocations), so its pages are the
    /// file's; the relocated data segments are left alone. Returns the bytes of code advised (0
    /// when the segment was not found).
    @discardableResult
    public static func releaseStartupPages() -> Int {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
              let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return 0 }
        var advised = 0
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "r-xp", fields[5...].joined(separator: " ") == executable else { continue }
            let bounds = fields[0].split(separator: "-").compactMap { UInt(String($0), radix: 16) }
            guard bounds.count == 2, bounds[1] > bounds[0], let start = UnsafeMutableRawPointer(bitPattern: bounds[0]) else { continue }
            let length = Int(bounds[1] - bounds[0])
            if madvise(start, length, MADV_RANDOM) == 0, madvise(start, length, MADV_DONTNEED) == 0 { advised += length }
        }
        return advised
    }
}
